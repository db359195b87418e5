/*
 * tlb.c — the AXP64 translation buffers: fully associative, ASN-tagged,
 * ASM entries global, one entry per GH block, deterministic round-robin
 * replacement (the pointer advances on every fill, whatever the victim).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mmu/mmu.h"

int tlb_init(struct tlb *t, const char *name, unsigned n)
{
    memset(t, 0, sizeof(*t));
    if (n < 1 || n > 4096) {
        fprintf(stderr, "%s size %u out of range (1..4096)\n", name, n);
        return -1;
    }
    t->e = calloc(n, sizeof(*t->e));
    if (!t->e) {
        fprintf(stderr, "%s: out of memory\n", name);
        return -1;
    }
    t->name = name;
    t->n = n;
    return 0;
}

void tlb_free(struct tlb *t)
{
    free(t->e);
    t->e = NULL;
    t->n = 0;
}

static bool entry_matches(const struct tlb_entry *e, uint64_t vpn, unsigned asn)
{
    return e->valid && vpn - e->vpn < e->npages &&
           ((e->pte & PTE_ASM) || e->asn == asn);
}

static unsigned filter_slot(uint64_t vpn)
{
    return (unsigned)(vpn ^ (vpn >> 8)) & (TLB_FILTER - 1);
}

/* Count e, valid, in (d = 1) or out (d = -1) of the filter. */
static void filter_count(struct tlb *t, const struct tlb_entry *e, int d)
{
    if (e->npages > 1)
        t->multi += (unsigned)d;
    else
        t->filter[filter_slot(e->vpn)] += (uint16_t)d;
}

/* A miss on a big TLB scanned every entry: on programs that miss the
 * 64-entry DTB every few instructions that scan was a sixth of the run
 * (docs/design.md, "Where the time goes"). */
struct tlb_entry *tlb_find(const struct tlb *t, uint64_t va, unsigned asn)
{
    uint64_t vpn = va >> PAGE_SHIFT;

    if (!t->multi && !t->filter[filter_slot(vpn)])
        return NULL;
    for (unsigned i = 0; i < t->n; i++)
        if (entry_matches(&t->e[i], vpn, asn))
            return &t->e[i];
    return NULL;
}

struct tlb_entry *tlb_lookup(struct tlb *t, uint64_t va, unsigned asn)
{
    struct tlb_entry *e = tlb_find(t, va, asn);

    t->st.lookups++;
    if (e)
        t->st.hits++;
    else
        t->st.misses++;
    return e;
}

unsigned tlb_insert(struct tlb *t, uint64_t va, pte_t pte, unsigned asn,
                    struct tlb_entry *victim)
{
    unsigned slot = t->next;
    struct tlb_entry *e = &t->e[slot];
    uint64_t npages = GH_PAGES(PTE_GH(pte));

    if (victim)
        *victim = *e;
    if (e->valid) {
        t->st.evictions++;
        filter_count(t, e, -1);
    }
    e->npages = npages;
    e->vpn = (va >> PAGE_SHIFT) & ~(npages - 1);
    e->pte = pte;
    e->asn = (uint8_t)asn;
    e->valid = true;
    filter_count(t, e, 1);
    t->next = (slot + 1) % t->n;
    t->st.fills++;
    return slot;
}

uint64_t tlb_entry_pa(const struct tlb_entry *e, uint64_t va)
{
    uint64_t pfn = (PTE_PFN(e->pte) & ~(e->npages - 1)) +
                   ((va >> PAGE_SHIFT) - e->vpn);
    return (pfn << PAGE_SHIFT) | (va & PAGE_MASK);
}

/* Drop every entry for which drop() is true; returns how many were dropped. */
static unsigned inval_where(struct tlb *t, bool (*drop)(const struct tlb_entry *,
                            uint64_t, unsigned), uint64_t vpn, unsigned asn)
{
    unsigned n = 0;

    for (unsigned i = 0; i < t->n; i++) {
        if (t->e[i].valid && drop(&t->e[i], vpn, asn)) {
            filter_count(t, &t->e[i], -1);
            t->e[i].valid = false;
            n++;
        }
    }
    t->st.invalidations += n;
    return n;
}

static bool drop_any(const struct tlb_entry *e, uint64_t vpn, unsigned asn)
{
    (void)e; (void)vpn; (void)asn;
    return true;
}

static bool drop_process(const struct tlb_entry *e, uint64_t vpn, unsigned asn)
{
    (void)vpn; (void)asn;
    return !(e->pte & PTE_ASM);
}

static bool drop_va(const struct tlb_entry *e, uint64_t vpn, unsigned asn)
{
    return entry_matches(e, vpn, asn);
}

unsigned tlb_inval_all(struct tlb *t)
{
    return inval_where(t, drop_any, 0, 0);
}

unsigned tlb_inval_process(struct tlb *t)
{
    return inval_where(t, drop_process, 0, 0);
}

unsigned tlb_inval_va(struct tlb *t, uint64_t va, unsigned asn)
{
    return inval_where(t, drop_va, va >> PAGE_SHIFT, asn);
}
