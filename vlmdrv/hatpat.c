/*
 * hatpat.c — the HAT/PAT mapping table (see hatpat.h and the EMM disclosure).
 */
#include <stddef.h>
#include "vlmdrv/hatpat.h"

/* The kernel is freestanding (no <string.h>); gcc turns these into calls to
 * the kernel's memcpy/memmove there and to libc's in the host tests. */
#define memcpy  __builtin_memcpy
#define memmove __builtin_memmove

void hp_init(struct hatpat *t, uint32_t *hat, uint32_t nhandles, uint32_t *pat, uint32_t size)
{
    t->hat = hat;
    t->pat = pat;
    t->nhandles = nhandles;
    t->size = size;
    t->top = 0;
    t->unalloc = size;
    /* Every handle points past the end of the PAT: not in use. */
    for (uint32_t h = 0; h < nhandles; h++)
        hat[h] = size;
}

bool hp_in_use(const struct hatpat *t, uint32_t h)
{
    return h < t->nhandles && t->hat[h] < t->size;
}

uint32_t hp_count(const struct hatpat *t, uint32_t h)
{
    return hp_in_use(t, h) ? t->pat[t->hat[h]] : 0;
}

uint32_t hp_page(const struct hatpat *t, uint32_t h, uint64_t n)
{
    if (!hp_in_use(t, h) || n >= t->pat[t->hat[h]])
        return 0;
    return t->pat[t->hat[h] + 1 + n];
}

const uint32_t *hp_pages(const struct hatpat *t, uint32_t h)
{
    return hp_in_use(t, h) ? &t->pat[t->hat[h] + 1] : NULL;
}

int hp_add_unallocated(struct hatpat *t, const uint32_t *pfns, uint32_t n)
{
    if (n > hp_empty(t))
        return -1;
    /* The unallocated list grows down into the empty slots; the new frames go
     * in front, in the order given. */
    t->unalloc -= n;
    memcpy(&t->pat[t->unalloc], pfns, (size_t)n * sizeof(uint32_t));
    return 0;
}

int hp_take_unallocated(struct hatpat *t, uint32_t *out, uint32_t n)
{
    if (n > hp_unallocated(t))
        return -1;
    memcpy(out, &t->pat[t->unalloc], (size_t)n * sizeof(uint32_t));
    t->unalloc += n;
    return 0;
}

static int free_handle(const struct hatpat *t)
{
    for (uint32_t h = 0; h < t->nhandles; h++)
        if (t->hat[h] >= t->size)
            return (int)h;
    return -1;
}

int hp_alloc(struct hatpat *t, uint32_t n)
{
    int h = free_handle(t);

    if (h < 0 || n > hp_unallocated(t) || hp_empty(t) < 1)
        return -1;
    /* Header (area 4) at the first empty slot, then the handle's pages
     * (area 5) moved from the front of the unallocated list (area 7).  The
     * destination never passes the source (top + 1 <= unalloc), so a
     * forward copy is safe even where the two overlap. */
    uint32_t s = t->top;
    t->pat[s] = n;
    memmove(&t->pat[s + 1], &t->pat[t->unalloc], (size_t)n * sizeof(uint32_t));
    t->unalloc += n;
    t->top = s + 1 + n;
    t->hat[h] = s;
    return h;
}

static void reverse(uint32_t *a, uint32_t lo, uint32_t hi)   /* [lo, hi) */
{
    while (lo + 1 < hi) {
        uint32_t x = a[lo];
        a[lo++] = a[--hi];
        a[hi] = x;
    }
}

int hp_free(struct hatpat *t, uint32_t h)
{
    if (!hp_in_use(t, h))
        return -1;
    uint32_t s = t->hat[h], n = t->pat[s], k = n + 1;

    /* Rotate [s, top) left by k: the handles above move down, the freed
     * block ends up last, next to the empty slots. */
    reverse(t->pat, s, s + k);
    reverse(t->pat, s + k, t->top);
    reverse(t->pat, s, t->top);
    for (uint32_t x = 0; x < t->nhandles; x++)
        if (t->hat[x] < t->size && t->hat[x] > s)
            t->hat[x] -= k;
    /* The block is now the start of the empty slots (the work area, area 6);
     * its pages move to the front of the unallocated list.  There are at
     * least k empty slots now, so the move only ever goes up. */
    t->top -= k;
    t->unalloc -= n;
    memmove(&t->pat[t->unalloc], &t->pat[t->top + 1], (size_t)n * sizeof(uint32_t));
    t->hat[h] = t->size;
    return 0;
}
