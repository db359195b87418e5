/*
 * select.c — what the live view says about a clicked frame: its state and
 * owner from the kernel's frame database, every user PTE (or page-table
 * entry, for a page-table frame) that points at it in any process's tables,
 * and the TLB slots that translate to it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "view/panels.h"

#define USER_L1  (PT_ENTRIES / 2)   /* L1 slots of the user half (VA < 2^42) */

static const char *const what[VC_COUNT] = {
    [VC_UNKNOWN] = "state not published", [VC_ZERO] = "zeroed, on the zeroed list",
    [VC_FREE] = "free, on the free list", [VC_IMAGE] = "kernel image",
    [VC_BOOT] = "boot reservation (frame database, initrd, VLM PAT)", [VC_KHEAP] = "kernel heap or stack",
    [VC_PT] = "page table", [VC_PROC] = "process page",
    [VC_COW] = "process page shared copy-on-write since a fork (aux: references)", [VC_VLM] = "VLM-owned",
    [VC_MAPPED] = "VLM-owned, mapped in a VLM window",
};

struct search {
    struct view_ui *ui;
    const struct snap *s;
    struct machine *m;
    uint64_t pfn;
    int line, found;
};

static void add(struct search *q, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct search *q, const char *fmt, ...)
{
    va_list ap;

    q->found++;
    if (q->line >= SEL_LINES)
        return;
    va_start(ap, fmt);
    vsnprintf(q->ui->sel[q->line++], sizeof(q->ui->sel[0]), fmt, ap);
    va_end(ap);
}

static const uint64_t *table(struct machine *m, uint64_t pfn)
{
    return machine_pa(m, pfn << PAGE_SHIFT, PAGE_SIZE);
}

static void pte_line(struct search *q, const struct snap_proc *p, int level, uint64_t va,
                     uint64_t pte)
{
    if (level < 3)
        add(q, "  L%d entry of pid %d (%s) for VA %#llx (the table of the next level): PTE %#llx",
            level, p->pid, p->name, (unsigned long long)va, (unsigned long long)pte);
    else
        add(q, "  pid %d (%s) maps VA %#llx: PTE %#llx (GH %llu%s%s)", p->pid, p->name,
            (unsigned long long)va, (unsigned long long)pte, (unsigned long long)PTE_GH(pte),
            pte & PTE_UWE ? ", user writable" : "", pte & (1UL << 17) ? ", VLM window" : "");
}

/* Walk one process's user tables (three levels, as mmu/walk.c). */
static void search_proc(struct search *q, const struct snap_proc *p)
{
    const uint64_t *l1 = table(q->m, p->l1_pfn), *l2, *l3;

    for (uint64_t i = 0; l1 && i < USER_L1; i++) {
        uint64_t e1 = __atomic_load_n(&l1[i], __ATOMIC_RELAXED);
        if (!(e1 & PTE_V) || !(l2 = table(q->m, PTE_PFN(e1))))
            continue;
        if (PTE_PFN(e1) == q->pfn)
            pte_line(q, p, 1, i << L1_SHIFT, e1);
        for (uint64_t j = 0; j < PT_ENTRIES; j++) {
            uint64_t e2 = __atomic_load_n(&l2[j], __ATOMIC_RELAXED);
            if (!(e2 & PTE_V) || !(l3 = table(q->m, PTE_PFN(e2))))
                continue;
            if (PTE_PFN(e2) == q->pfn)
                pte_line(q, p, 2, i << L1_SHIFT | j << L2_SHIFT, e2);
            for (uint64_t k = 0; k < PT_ENTRIES; k++) {
                uint64_t e3 = __atomic_load_n(&l3[k], __ATOMIC_RELAXED);
                if ((e3 & PTE_V) && PTE_PFN(e3) == q->pfn)
                    pte_line(q, p, 3, i << L1_SHIFT | j << L2_SHIFT | k << L3_SHIFT, e3);
            }
        }
    }
}

static void search_tlb(struct search *q, const struct snap_tlb *t, const char *name)
{
    for (unsigned i = 0; i < t->n; i++) {
        const struct tlb_entry *e = &t->e[i];
        uint64_t base = PTE_PFN(e->pte) & ~(e->npages - 1);
        if (e->valid && q->pfn >= base && q->pfn < base + e->npages)
            add(q, "  %s slot %u: VPN %#llx ASN %u%s", name, i, (unsigned long long)e->vpn,
                e->asn, e->pte & PTE_ASM ? " ASM" : "");
    }
}

void view_select(struct view_ui *ui, const struct snap *s, struct machine *m, int64_t pfn)
{
    struct search q = { ui, s, m, (uint64_t)pfn, 0, 0 };
    int owner;

    memset(ui->sel, 0, sizeof(ui->sel));
    ui->sel_pfn = pfn;
    if (pfn < 0)
        return;
    uint32_t key = snap_frame_key(s, m, (uint64_t)pfn, &owner);
    const struct snap_proc *p = owner ? snap_find(s, owner) : NULL;
    char who[80] = "";
    if (owner)
        snprintf(who, sizeof(who), ", %s %d%s%s%s",
                 VKEY_CAT(key) >= VC_VLM ? "given by donor pid" : "owner pid", owner,
                 p ? " (" : "", p ? p->name : "", p ? ")" : "");
    add(&q, "frame %#llx (PA %#llx): %s%s", (unsigned long long)pfn,
        (unsigned long long)pfn << PAGE_SHIFT, what[VKEY_CAT(key)], who);
    for (int i = 0; i < s->nproc; i++)
        search_proc(&q, &s->proc[i]);
    search_tlb(&q, &s->itb, "ITB");
    search_tlb(&q, &s->dtb, "DTB");
    if (q.found == 1)
        add(&q, "  no process's page tables map it, and no TLB entry holds it");
    else if (q.found > SEL_LINES)
        snprintf(ui->sel[SEL_LINES - 1], sizeof(ui->sel[0]), "  ... %d mappings in all",
                 q.found - 1);
}
