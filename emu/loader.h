/*
 * loader.h — loading into guest RAM: physical RAM itself, the kernel
 * image, the initrd and the HWRPB.  Reading the files is image/'s.
 */
#ifndef LOADER_H
#define LOADER_H

#include "emu/machine.h"

/* Reserve cfg.ram_size bytes of sparse host memory (untouched frames cost
 * nothing), advised to use transparent huge pages from 1 GiB up.  0, or -1
 * with a message. */
int ram_alloc(struct machine *m);

/*
 * load_kernel — read `path` (an RV64 executable ELF, image/elfimg.h) and,
 * if its loaded segments fit in RAM at their p_paddr (at or above
 * KERNEL_MIN_PA), copy them there and zero their BSS.  *entry gets e_entry, *end the first
 * page-aligned PA after the image; when tracing, m->kernel_id gets its
 * elf_code_id (the trace header's build id).  0, or -1 with a one-line message naming
 * the file and the problem; RAM may then hold part of the image.
 */
int load_kernel(struct machine *m, const char *path, uint64_t *entry, uint64_t *end);

/*
 * load_initrd — copy the file at `path` to the first page-aligned PA at or
 * after `at`.  When the machine boots VLM/OS the file must be a valid cpio
 * newc archive, and m->cfg.extra_path (if set) is appended to it as a member
 * named by its last path component.  *pa and *size describe where it went.
 * 0, or -1 with a one-line message naming the file and the problem.
 */
int load_initrd(struct machine *m, const char *path, uint64_t at, uint64_t *pa, uint64_t *size);

/* Write the HWRPB at HWRPB_PA (with the first program's argv and the
 * console flags).  Can't fail (the page is always in RAM; cli checked the
 * argv size). */
void write_hwrpb(struct machine *m, uint64_t kernel_end, uint64_t initrd_pa, uint64_t initrd_size,
                 bool console_tty);

#endif /* LOADER_H */
