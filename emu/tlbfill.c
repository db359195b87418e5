/*
 * tlbfill.c — see tlbfill.h.
 */
#include "emu/tlbfill.h"
#include "emu/cpu.h"
#include "emu/tracepoint.h"
#include "emu/ucx.h"

/* QEMU's softmmu TLB starts at 256 entries and doubles only when flushed
 * while more than 70% full (accel/tcg/cputlb.c tlb_mmu_resize_locked).  Fast
 * mode flushes after twice its current size in fills, doubling the
 * threshold each time, so a big working set reaches the largest TLB after
 * about 130 K fills instead of 460 K at a fixed 64 K. */
#define FAST_FLUSH_FIRST 512
#define FAST_FLUSH_MAX   65536

static uint32_t to_uc_perms(unsigned prot)
{
    return ((prot & PROT_R) ? UC_PROT_READ : 0) | ((prot & PROT_W) ? UC_PROT_WRITE : 0) |
           ((prot & PROT_X) ? UC_PROT_EXEC : 0);
}

static bool is_superpage(uint64_t va)
{
    return (va >= KSEG32_BASE && va < KSEG32_END) || (va >= KSEG43_BASE && va < KSEG43_END);
}

static mm_result fill_fast(struct machine *m, uint64_t va, int access, uint64_t *pa, unsigned *prot)
{
    struct mmu_walk w;
    struct tlb *t = access == MM_EXEC ? &m->itb : &m->dtb;

    t->st.lookups++;
    t->st.misses++;
    if (mmu_walk(&m->space, va, m->mode, access, &w) != MMR_OK)
        return w.fault;
    t->st.fills++;
    *pa = w.pa;
    *prot = w.prot;
    if (!m->fast_flush_at)
        m->fast_flush_at = FAST_FLUSH_FIRST;
    if (++m->fills_since_flush >= m->fast_flush_at) {
        m->fast_flush_at = m->fast_flush_at < FAST_FLUSH_MAX ? 2 * m->fast_flush_at : FAST_FLUSH_MAX;
        machine_request_stop(m, STOP_FLUSH);
    }
    return MMR_OK;
}

/* Permissions QEMU may cache for va: what each model TLB holding it allows.
 * e is va's entry in t, just looked up (each scan of a TLB is a tenth of the
 * default mode's time on a program that misses often). */
static unsigned cached_prot(struct machine *m, uint64_t va, const struct tlb *t,
                            const struct tlb_entry *e)
{
    unsigned prot = 0, p;
    const struct tlb_entry *d = t == &m->dtb ? e : tlb_find(&m->dtb, va, m->asn);
    const struct tlb_entry *i = t == &m->itb ? e : tlb_find(&m->itb, va, m->asn);

    if (d && mmu_check_pte(d->pte, m->mode, MM_READ, &p) != MMR_TNV)
        prot |= p & (PROT_R | PROT_W);
    if (i && mmu_check_pte(i->pte, m->mode, MM_EXEC, &p) != MMR_TNV)
        prot |= p & PROT_X;
    return prot;
}

/* The pc of a fill's records: the instruction that made the access.
 * Unicorn 2.1.4 restores the CPU state from the translated code before it
 * calls the fill hook, so the PC is exact for data accesses too (2.1.1 left
 * it at the block's start, which the block hook still records as a
 * fallback). */
static uint64_t fill_pc(struct machine *m)
{
    uint64_t pc;

    if (UC_CHECK(uc_reg_read(m->uc, UC_RISCV_REG_PC, &pc)))
        pc = m->block_pc;
    return pc;
}

/* A model miss and the PTEs its walk read, for the trace. */
static void trace_walk(struct machine *m, const struct tlb *t, uint64_t va, int access,
                       const struct mmu_walk *w)
{
    if (!tracing(m))
        return;
    m->fill_pc = fill_pc(m);
    tp_event(m, m->fill_pc, TR_TLB_MISS, va, 0, t == &m->dtb, (uint8_t)access, 0);
    for (int l = 0; l < w->levels; l++)
        tp_event(m, m->fill_pc, TR_PTE, w->pte_pa[l], w->pte[l], 0, 0, (uint8_t)(l + 1));
}

static mm_result fill_exact(struct machine *m, uint64_t va, int access, uint64_t *pa, unsigned *prot)
{
    struct tlb *t = access == MM_EXEC ? &m->itb : &m->dtb;
    struct tlb_entry *e, victim;
    struct mmu_walk w;
    mm_result r;

    if (!VA_CANONICAL(va) || is_superpage(va)) {      /* superpages bypass the TLB */
        r = mmu_walk(&m->space, va, m->mode, access, &w);
        *pa = w.pa;
        *prot = w.prot;
        return r;
    }
    e = tlb_lookup(t, va, m->asn);
    if (!e) {
        r = mmu_walk(&m->space, va, m->mode, access, &w);
        trace_walk(m, t, va, access, &w);
        if (w.levels < 3 || !(w.pte[2] & PTE_V) || mm_is_mchk(r))
            return r;                                 /* nothing valid to cache */
        unsigned slot = tlb_insert(t, va, w.pte[2], m->asn, &victim);
        e = &t->e[slot];
        if (victim.valid && !cpu_flush_tlb_pages(m, victim.vpn << PAGE_SHIFT, victim.npages))
            machine_request_stop(m, STOP_FLUSH);      /* keep QEMU's cache a subset */
        if (tracing(m))
            tp_event(m, m->fill_pc, TR_FILL, va, victim.valid ? victim.vpn << PAGE_SHIFT : 0,
                     slot | (victim.valid ? TRACE_FILL_VICTIM : 0), t == &m->dtb, 0);
    }
    r = mmu_check_pte(e->pte, m->mode, access, prot);
    if (r != MMR_OK)
        return r;
    *pa = tlb_entry_pa(e, va);
    if (*pa >= m->cfg.ram_size)
        return MMR_MCHK_NXM;
    *prot = cached_prot(m, va, t, e);
    return MMR_OK;
}

/* Never hand QEMU a page that is writable and executable at once.  Unicorn
 * 2.1.4 never marks such a TLB entry dirty (cputlb.c notdirty_write: not
 * while addr_code is valid), so every store to it takes the slow path and
 * looks for translated code to invalidate: the kernel, which sees all RAM
 * through RWX superpages, ran its memory-bound paths 6x slower (PTE
 * building, copies, system calls).  A data fill gets no X and a fetch no W;
 * a page that is both written and run then refills on the switch, and
 * stores into code still reach QEMU's code invalidation (imb, fence.i). */
static unsigned split_wx(unsigned prot, int access)
{
    return prot & (access == MM_EXEC ? ~PROT_W : ~PROT_X);
}

bool tlbfill_hook(uc_engine *uc, uint64_t vaddr, uc_mem_type type,
                  uc_tlb_entry *result, void *user)
{
    struct machine *m = user;
    int access = type == UC_MEM_FETCH ? MM_EXEC : type == UC_MEM_WRITE ? MM_WRITE : MM_READ;
    uint64_t pa = 0;
    unsigned prot = 0;
    mm_result r;
    (void)uc;

    r = m->cfg.policy == TLB_EXACT ? fill_exact(m, vaddr, access, &pa, &prot)
                                   : fill_fast(m, vaddr, access, &pa, &prot);
    if (r != MMR_OK) {
        m->fault = (struct pending_fault){ true, vaddr, r, access };
        return false;
    }
    result->paddr = pa;
    result->perms = to_uc_perms(split_wx(prot, access));
    return true;
}
