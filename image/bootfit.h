/*
 * bootfit.h — will VLM/OS boot and start its first program on this
 * machine?  The host answers before boot, from the kernel's own limits
 * (guestos/abi/vlmos_boot.h), so a machine the kernel would halt on is
 * refused with one line and exit 2 instead.
 */
#ifndef IMAGE_BOOTFIT_H
#define IMAGE_BOOTFIT_H

#include <stddef.h>
#include <stdint.h>

/*
 * bootfit_initrd — check a cpio archive (already accepted by cpio_check)
 * against the kernel's initrd limits: at most VINITRD_MAX_FILES regular
 * files, each name shorter than VPATH_MAX.  Returns 0, or -1 with the
 * reason (naming the member) in err.  Does not modify buf.
 */
int bootfit_initrd(const uint8_t *buf, size_t len, char *err, size_t errlen);

/*
 * bootfit_program_pages — the pages exec commits for program `name` in
 * the archive: every page its PT_LOAD segments cover, plus the initial
 * stack.  Returns 0 when the program is not there or is not a 64-bit
 * ELF (the kernel reports that itself, after boot).
 */
uint64_t bootfit_program_pages(const uint8_t *buf, size_t len, const char *name);

/*
 * bootfit_ram_floor — the least RAM (a multiple of the page size) with
 * which the kernel, its reservations at boot (PAT, frame database) and
 * the kernel's own reserve leave a commit limit of at least `pages`,
 * when the kernel image and initrd end at physical address `image_end`.
 */
uint64_t bootfit_ram_floor(uint64_t image_end, uint64_t pages);

#endif /* IMAGE_BOOTFIT_H */
