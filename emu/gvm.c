/*
 * gvm.c — see gvm.h.
 */
#include <string.h>
#include "emu/decode.h"
#include "emu/gvm.h"

/* The PA of va with mode's rights as flags say; w->pa is valid on MMR_OK. */
static mm_result translate(const struct mmu_space *s, uint64_t va, int mode, unsigned flags,
                           struct mmu_walk *w)
{
    int access = (flags & GVM_WRITE) && !(flags & GVM_DEBUG) ? MM_WRITE : MM_READ;
    mm_result r = mmu_walk(s, va, mode, access, w);

    if (r != MMR_OK && (flags & GVM_KFALLBACK) && mode != MODE_KERNEL)
        r = mmu_walk(s, va, MODE_KERNEL, access, w);
    return r;
}

mm_result gvm_copy(struct machine *m, const struct mmu_space *s, int mode, unsigned flags,
                   uint64_t va, void *buf, size_t len, size_t *done)
{
    struct mmu_walk w;
    uint8_t *p = buf;
    size_t n = 0;
    mm_result r = MMR_OK;

    while (n < len) {
        size_t chunk = PAGE_SIZE - (va & PAGE_MASK);
        if (chunk > len - n)
            chunk = len - n;
        if ((r = translate(s, va, mode, flags, &w)) != MMR_OK)
            break;
        if (flags & GVM_WRITE)
            memcpy(m->ram + w.pa, p + n, chunk);     /* a walk's PA is in RAM, its page too */
        else
            memcpy(p + n, m->ram + w.pa, chunk);
        va += chunk;
        n += chunk;
    }
    if (done)
        *done = n;
    return r;
}

uint32_t gvm_fetch(struct machine *m, uint64_t pc, int mode)
{
    uint16_t lo, hi;

    if (gvm_read(m, pc, &lo, 2, mode) != MMR_OK)
        return 0;
    if (insn_length(lo) == 2 || gvm_read(m, pc + 2, &hi, 2, mode) != MMR_OK)
        return lo;
    return (uint32_t)hi << 16 | lo;
}

bool gvm_maps_into(struct machine *m, int mode, uint64_t va, uint64_t len, uint64_t pa,
                   uint64_t size)
{
    struct mmu_walk w;
    uint64_t end = va + len;

    while (va < end) {
        uint64_t chunk = PAGE_SIZE - (va & PAGE_MASK);
        if (chunk > end - va)
            chunk = end - va;
        if (translate(&m->space, va, mode, 0, &w) == MMR_OK &&
            w.pa < pa + size && pa < w.pa + chunk)
            return true;
        va += chunk;
    }
    return false;
}
