/*
 * malloc.c — the user runtime's heap, in place of picolibc's: memory comes
 * from sbrk (brk(2): demand-zero pages) and malloc never touches it beyond
 * a 16-byte header, so the first touch of a page of a large block is the
 * program's own, and a demand-zero fault (docs/vlmos.md "Memory").
 * picolibc's malloc zeroes every block it returns, which touches each page
 * inside malloc.
 *
 * The allocator is the classic first-fit free list sorted by address, with
 * neighbours merged when a block is freed (Kernighan & Ritchie, "The C
 * Programming Language", section 8.7).  Blocks are whole 16-byte units; a
 * header of one unit precedes each.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

union header {
    struct {
        union header *next;       /* next free block (free list only) */
        size_t units;             /* size of this block, header included */
    } s;
    long double align;            /* 16 bytes: the RISC-V ABI's malloc alignment */
};

#define UNIT      sizeof(union header)
#define GROW_MIN  4096            /* units asked of sbrk at least (64 KiB) */

static union header base;         /* an empty list's anchor */
static union header *freep;       /* where the last search ended */

/* Put block bp (a header) on the free list, merging it with its neighbours. */
static void release(union header *bp)
{
    union header *p = freep;

    while (!(bp > p && bp < p->s.next)) {
        if (p >= p->s.next && (bp > p || bp < p->s.next))
            break;                /* bp is past the end or before the start */
        p = p->s.next;
    }
    if (bp + bp->s.units == p->s.next) {
        bp->s.units += p->s.next->s.units;
        bp->s.next = p->s.next->s.next;
    } else {
        bp->s.next = p->s.next;
    }
    if (p + p->s.units == bp) {
        p->s.units += bp->s.units;
        p->s.next = bp->s.next;
    } else {
        p->s.next = bp;
    }
    freep = p;
}

/* Ask sbrk for at least units more; false if the kernel says no. */
static int grow(size_t units)
{
    if (units < GROW_MIN)
        units = GROW_MIN;
    if (units > PTRDIFF_MAX / UNIT)
        return 0;
    void *p = sbrk((ptrdiff_t)(units * UNIT));
    if (p == (void *)-1)
        return 0;
    union header *h = p;
    h->s.units = units;
    release(h);
    return 1;
}

void *malloc(size_t size)
{
    if (!size || size > PTRDIFF_MAX - 2 * UNIT)
        return size ? (errno = ENOMEM, NULL) : malloc(1);
    size_t units = (size + UNIT - 1) / UNIT + 1;

    if (!freep) {
        base.s.next = freep = &base;
        base.s.units = 0;
    }
    for (union header *prev = freep, *p = prev->s.next; ; prev = p, p = p->s.next) {
        if (p->s.units >= units) {
            if (p->s.units == units) {
                prev->s.next = p->s.next;
            } else {              /* hand out the tail: the rest stays in place */
                p->s.units -= units;
                p += p->s.units;
                p->s.units = units;
            }
            freep = prev;
            return p + 1;
        }
        if (p == freep && !grow(units)) {
            errno = ENOMEM;
            return NULL;
        }
    }
}

void free(void *ptr)
{
    if (ptr)
        release((union header *)ptr - 1);
}

/* gcc turns malloc followed by memset(0) into a call to calloc: inside
 * calloc that is infinite recursion, so memset is called through a pointer
 * the compiler cannot see through. */
static void *(*volatile zero_fill)(void *, int, size_t) = memset;

void *calloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
    void *p = malloc(n * size);
    if (p)
        zero_fill(p, 0, n * size);
    return p;
}

void *realloc(void *ptr, size_t size)
{
    if (!ptr)
        return malloc(size);
    size_t have = (((union header *)ptr - 1)->s.units - 1) * UNIT;
    if (size <= have)
        return ptr;
    void *q = malloc(size);
    if (q) {
        memcpy(q, ptr, have);
        free(ptr);
    }
    return q;
}
