/*
 * mman.h — Linux memory calls on VLM/OS's reserve-and-commit address space:
 * mmap, munmap, mprotect, madvise (issue 20).
 *
 * An anonymous mapping is a VMA_RESERVE (what valloc makes) committed with
 * the protection asked for, charged to the per-process limit and the global
 * commit like any valloc: -VE_NOMEM at the limit, nothing left behind.
 * PROT_NONE reserves without committing (glibc's guard regions).
 *
 * Page size: VLM/OS's pages are 8 KiB, Linux programs assume 4 KiB.  The
 * rule (as Alpha Linux with its 8 KiB pages, except where noted):
 *   - lengths round up to 8 KiB; an mmap address (hint or MAP_FIXED) must be
 *     8 KiB aligned for MAP_FIXED (-VE_INVAL otherwise), and a hint is
 *     rounded down;
 *   - munmap and madvise take 8 KiB aligned addresses (-VE_INVAL);
 *   - mprotect accepts a 4 KiB aligned range and changes only the 8 KiB
 *     pages wholly inside it (glibc's RELRO range starts on a 4 KiB
 *     boundary; a shared page keeps the loader's protection).
 * Each takes the six argument registers and returns a result or -VE_*.
 */
#ifndef GUESTOS_MMAN_H
#define GUESTOS_MMAN_H

#include "guestos/kernel.h"

/* mmap(addr, len, prot, flags, fd, off): anonymous mappings, private or
 * shared (one process: the same); private mappings of a regular file (an
 * initrd or RAM file open for reading) are a copy of the file from off (4
 * KiB aligned), zero past its end; a shared file mapping, or one of a
 * pipe, device or directory, is -VE_NODEV.  MAP_FIXED replaces mmap'd pages
 * only: a range that meets the image, heap or stack is -VE_NOMEM with
 * nothing unmapped. */
int64_t sys_mmap(const uint64_t a[6]);
/* munmap(addr, len): mmap'd (and valloc'd) pages in the range go; the rest
 * of the range (image, heap, stack, holes) is left as it is.  0, -VE_INVAL
 * (unaligned, empty or outside user space) or -VE_NOMEM (splitting a
 * mapping found no kernel memory; nothing changed). */
int64_t sys_munmap(const uint64_t a[6]);
/* mprotect(addr, len, prot): every page must lie in a VMA (-VE_NOMEM);
 * -VE_NOMEM too when committing a PROT_NONE page passes the limit, and then
 * the pages before it have their new protection, as on Linux. */
int64_t sys_mprotect(const uint64_t a[6]);
/* madvise(addr, len, advice): MADV_DONTNEED frees the frames of mmap'd
 * pages (they read as zero again); other known advice is accepted.
 * -VE_INVAL (unaligned, unknown advice), -VE_NOMEM (a page outside every
 * VMA; pages before it were already freed, as on Linux). */
int64_t sys_madvise(const uint64_t a[6]);
/* mremap(addr, oldlen, newlen, flags, newaddr): an mmap'd range (-VE_FAULT
 * otherwise) shrinks in place, grows in place if the pages after it are
 * free, else moves (MREMAP_MAYMOVE; -VE_NOMEM without it) or goes to
 * newaddr (MREMAP_FIXED).  Pages move with their frames: nothing is copied.
 * Grown pages get the protection of the last old page.  On -VE_NOMEM in
 * the middle of a move, the pages moved so far stay at the new address. */
int64_t sys_mremap(const uint64_t a[6]);

#endif /* GUESTOS_MMAN_H */
