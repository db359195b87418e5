/*
 * kalloc.c — slab allocator for the kernel heap (see kalloc.h).
 */
#include "guestos/budget.h"
#include "guestos/frames.h"
#include "guestos/kalloc.h"

#define SLAB_MAGIC 0x51AB51ABu
#define NCLASS     9                       /* 16, 32, ..., 4096 */

struct slab {
    uint32_t magic;
    uint16_t cls;                          /* size class index */
    uint16_t inuse;                        /* objects handed out */
    void *free;                            /* free objects, linked through their first word */
    struct slab *next, *prev;              /* slabs of this class with a free object */
};

static struct slab *partial[NCLASS];
static uint64_t heap_frames;

static unsigned class_of(size_t size)
{
    unsigned c = 0;
    while ((16u << c) < size)
        c++;
    return c;
}

static size_t class_size(unsigned c)
{
    return 16u << c;
}

/* First object offset: after the header, aligned to min(size, 64). */
static size_t first_off(unsigned c)
{
    size_t a = MIN(class_size(c), 64);
    return ROUNDUP(sizeof(struct slab), a);
}

static void unlink_slab(struct slab *s)
{
    if (s->prev) s->prev->next = s->next;
    else partial[s->cls] = s->next;
    if (s->next) s->next->prev = s->prev;
    s->next = s->prev = NULL;
}

static void link_slab(struct slab *s)
{
    s->prev = NULL;
    s->next = partial[s->cls];
    if (s->next)
        s->next->prev = s;
    partial[s->cls] = s;
}

static struct slab *new_slab(unsigned c)
{
    uint64_t pfn = budget_frame_alloc(VB_HEAP, FR_KERNEL, 0);
    size_t sz = class_size(c);

    if (!pfn)
        return NULL;
    heap_frames++;
    struct slab *s = PFN_TO_KVA(pfn);
    s->magic = SLAB_MAGIC;
    s->cls = (uint16_t)c;
    /* A 4096-byte class fits one object after the header: the frame is 8 KiB. */
    for (size_t off = first_off(c); off + sz <= PAGE_SIZE; off += sz) {
        void **obj = (void **)((char *)s + off);
        *obj = s->free;
        s->free = obj;
    }
    link_slab(s);
    return s;
}

void *kmalloc(size_t size)
{
    if (size == 0 || size > KMALLOC_MAX)
        panic("kmalloc: size %lu out of range", (unsigned long)size);
    unsigned c = class_of(size);
    struct slab *s = partial[c];
    if (!s && !(s = new_slab(c)))
        return NULL;
    void **obj = s->free;
    s->free = *obj;
    s->inuse++;
    if (!s->free)
        unlink_slab(s);
    memset(obj, 0, class_size(c));
    return obj;
}

void kfree(void *p)
{
    if (!p)
        return;
    struct slab *s = (struct slab *)ROUNDDOWN((uint64_t)p, PAGE_SIZE);
    if (s->magic != SLAB_MAGIC || s->inuse == 0)
        panic("kfree: %p is not a kmalloc block", p);
    bool was_full = s->free == NULL;
    *(void **)p = s->free;
    s->free = p;
    s->inuse--;
    if (was_full)
        link_slab(s);
    if (s->inuse == 0) {
        unlink_slab(s);
        s->magic = 0;
        heap_frames--;
        budget_frame_free(VB_HEAP, KVA_TO_PA(s) >> PAGE_SHIFT);
    }
}

void *kpage_alloc(int kind)
{
    uint64_t pfn = budget_frame_alloc(kind, FR_KERNEL, 0);

    if (!pfn)
        return NULL;
    heap_frames++;
    return PFN_TO_KVA(pfn);
}

void kpage_free(void *p, int kind)
{
    if (!p)
        return;
    heap_frames--;
    budget_frame_free(kind, KVA_TO_PA(p) >> PAGE_SHIFT);
}

uint64_t kalloc_frames(void)
{
    return heap_frames;
}
