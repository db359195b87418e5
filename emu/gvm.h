/*
 * gvm.h — guest virtual memory as the host looks at it: copies in and out
 * of guest virtual addresses and instruction fetch.  One face for every
 * host part that reads or writes the guest through its page tables (as
 * System/161's cpudebug_fetch_* is for its debugger and tracer): the PAL
 * (trap frames, the bugchk message), the tracer (each event's
 * instruction), the clock (block lengths), crash reports (unwinding) and
 * the gdb stub (memory packets, watchpoints, the process table).
 *
 * Everything goes through mmu_walk (mmu/walk.c), the side-effect-free
 * probe: no TLB fill, no counter, no trace record, so looking at guest
 * memory never changes what the guest does next.  Ownership: nothing is
 * allocated; buf belongs to the caller.
 */
#ifndef GVM_H
#define GVM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "emu/machine.h"

/* Flags of gvm_copy. */
#define GVM_WRITE      1u   /* copy buf into guest memory (else out of it) */
#define GVM_DEBUG      2u   /* debugger rights: read rights suffice for a write too
                               (the debugger plants breakpoints in read-only text, as ptrace) */
#define GVM_KFALLBACK  4u   /* a page `mode` cannot read is tried again with kernel rights
                               (the debugger reads kernel variables while stopped in user mode) */

/*
 * gvm_copy — copy len bytes between buf and guest VA va, page by page,
 * through address space s (m->space, or a process's page tables) with the
 * rights of mode (MODE_KERNEL / MODE_USER) as flags say.  Returns MMR_OK,
 * or the mm_result of the first page that does not translate (with
 * GVM_KFALLBACK: the kernel-mode walk's); the bytes before that page have
 * been copied, and *done (if not NULL) gets how many.  Can't fail otherwise.
 */
mm_result gvm_copy(struct machine *m, const struct mmu_space *s, int mode, unsigned flags,
                   uint64_t va, void *buf, size_t len, size_t *done);

/* gvm_copy out of / into the live address space with mode's own rights. */
static inline mm_result gvm_read(struct machine *m, uint64_t va, void *buf, size_t len, int mode)
{
    return gvm_copy(m, &m->space, mode, 0, va, buf, len, NULL);
}

static inline mm_result gvm_write(struct machine *m, uint64_t va, const void *buf, size_t len,
                                  int mode)
{
    return gvm_copy(m, &m->space, mode, GVM_WRITE, va, (void *)buf, len, NULL);
}

/*
 * gvm_fetch — the instruction at pc in the live address space as mode
 * reads it: 2 or 4 bytes by its length bits (insn_length).  Read rights,
 * not execute rights: a trace shows the instruction at a pc whose fetch
 * faulted FOE, and every instruction that ran is readable (exec needs
 * read enable).  Returns the instruction; 0 if its first parcel does not
 * translate (0 is also the all-zero parcel, an illegal instruction, so no
 * caller loses anything), only the low parcel if the high one does not.
 */
uint32_t gvm_fetch(struct machine *m, uint64_t pc, int mode);

/*
 * gvm_maps_into — whether some page of guest range [va, va+len), walked in
 * the live address space with mode's read rights, lies in physical range
 * [pa, pa+size).  Pages that do not translate are skipped.  (gdb
 * watchpoints: Unicorn reports the physical address of an access.)
 */
bool gvm_maps_into(struct machine *m, int mode, uint64_t va, uint64_t len, uint64_t pa,
                   uint64_t size);

#endif /* GVM_H */
