/*
 * exec.h — loading an ELF program from the initrd (or a RAM file) into a new
 * address space.
 */
#ifndef GUESTOS_EXEC_H
#define GUESTOS_EXEC_H

#include "guestos/kernel.h"

struct proc;

/*
 * exec_load — build p's user space for the program `path`, an initrd member
 * or else a RAM file (ramfs.h; its bytes are copied at load): its
 * PT_LOAD segments (file pages copied, zero-fill pages on demand; a page
 * that two segments share gets the union of their protections, but is not
 * writable if its writable bytes are RELRO: exec.c, page_info), an empty
 * heap after them, and the stack with the Linux RISC-V start-up layout
 * (auxv.h: argv, envp, the full auxiliary vector).  An ET_EXEC
 * loads at its addresses; a static-pie ET_DYN with its address 0 at
 * USER_PIE_BASE.  p's space must be empty (vm_init).  Returns 0 with *entry
 * and *usp set, or -VE_NOENT,
 * -VE_NOEXEC (not a valid RV64 executable: a bad header, a PT_INTERP (a
 * dynamically linked program), a segment outside
 * the file, a segment that wraps or leaves user space, a misaligned entry
 * or one outside every executable segment; exec_error() says which),
 * -VE_2BIG (argv),
 * -VE_NOMEM.  On failure p's space may hold part of the image; the caller
 * frees it.
 */
int exec_load(struct proc *p, const char *path, int argc, char *const argv[], int envc,
              char *const envp[], uint64_t *entry, uint64_t *usp);

/* Why the last exec_load returned -VE_NOEXEC: a static string naming the
 * problem, e.g. "the entry point is misaligned".  Can't fail. */
const char *exec_error(void);

#endif /* GUESTOS_EXEC_H */
