/*
 * kalloc.h — the kernel heap.
 *
 * kmalloc serves 16..4096 bytes from per-size-class slabs, one frame each
 * (the slab header sits at the start of the frame).  A slab whose objects are
 * all free goes back to the frame database at once, so the free-frame count
 * returns to where it was when every object is freed (the leak checks of the
 * guest test suite rely on it).  Memory comes back zeroed.
 *
 * Every frame is charged to a budget (budget.h) before it is taken: slabs to
 * VB_HEAP, whole pages to the budget their caller names.  Kernel stacks and
 * page tables come from budget_frame_alloc directly.
 */
#ifndef GUESTOS_KALLOC_H
#define GUESTOS_KALLOC_H

#include "guestos/budget.h"
#include "guestos/kernel.h"

#define KMALLOC_MAX 4096

/* A zeroed block of at least `size` bytes (1..KMALLOC_MAX), 16-byte aligned,
 * or NULL when VB_HEAP cannot be charged for a new slab.  Panics for sizes out of range. */
void *kmalloc(size_t size);

/* Free a block from kmalloc (NULL is ignored).  Panics on a pointer kmalloc
 * did not return (a kernel bug). */
void kfree(void *p);

/* One zeroed 8 KiB kernel page (KSEG43) charged to budget `kind` (VB_HEAP,
 * VB_PIPE, VB_RAMFS), or NULL when the charge fails (nothing taken).
 * kpage_free gives it back to the same budget (NULL is ignored). */
void *kpage_alloc(int kind);
void  kpage_free(void *p, int kind);

/* Frames the heap holds now (for meminfo and tests). */
uint64_t kalloc_frames(void);

#endif /* GUESTOS_KALLOC_H */
