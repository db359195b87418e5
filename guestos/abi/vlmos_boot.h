/*
 * vlmos_boot.h — what VLM/OS needs at boot, so that the host can refuse a
 * machine the kernel could not start (exit 2 and one line) instead of
 * booting it into a halt.  The kernel uses these same definitions
 * (initrd.c, frames.c, vlm.c, vm.c, exec.c) and the host's check
 * (image/bootfit.c) derives the RAM floor from them.
 */
#ifndef VLMOS_BOOT_H
#define VLMOS_BOOT_H

/* The initrd: regular-file members the kernel indexes (initrd.c); a
 * member's name (without "./" or "/") must be shorter than VPATH_MAX. */
#define VINITRD_MAX_FILES  128

/* Boot reservations after the kernel image and the initrd, in this order:
 * the VLM driver's PAT, one 32-bit entry per frame of RAM plus one per HAT
 * handle plus one (vlm_boot_reserve), then the frame database, one
 * struct frame per frame (frames_init).  Each is rounded up to a page. */
#define VBOOT_PAT_HANDLES  256
#define VBOOT_PAT_ENTRY    4
#define VBOOT_FRAME_BYTES  16

/* Of the frames free after boot, max(free / 2^SHIFT, MIN) stay out of the
 * commit limit, for page tables, kernel stacks and the kernel heap
 * (vm_commit_init). */
#define VBOOT_RESERVE_SHIFT 5
#define VBOOT_RESERVE_MIN   256

/* Exec commits every page a PT_LOAD segment covers and this much stack. */
#define VUSER_STACK_INIT   (64UL << 10)

#endif /* VLMOS_BOOT_H */
