/*
 * vmprint.c — print a process's page tables, level by level (see vm.h),
 * as xv6's vmprint: the kernel side of the three-level walk, through KSEG43.
 */
#include "proc.h"
#include "vm.h"

/* LAB(pgtbl): BEGIN SOLUTION */
/* LAB(pgtbl): STUB: int vm_print(struct proc *p) */
/* LAB(pgtbl): STUB: { */
/* LAB(pgtbl): STUB:     (void)p; */
/* LAB(pgtbl): STUB:     return -VE_NOSYS; */
/* LAB(pgtbl): STUB: } */
/* Every nonzero leaf of the L3 table at l3, which maps VAs from base up. */
static void print_l3(const pte_t *l3, uint64_t base)
{
    for (unsigned k = 0; k < PT_ENTRIES; k++) {
        pte_t e = l3[k];
        uint64_t va = base | ((uint64_t)k << L3_SHIFT);
        if (!e)
            continue;
        if (e & PTE_V)
            kprintf("   L3[%u] va %#lx pte 0x%016lx pa %#lx\n", k, (unsigned long)va,
                    (unsigned long)e, (unsigned long)(PTE_PFN(e) << PAGE_SHIFT));
        else
            kprintf("   L3[%u] va %#lx pte 0x%016lx demand-zero\n", k, (unsigned long)va,
                    (unsigned long)e);
    }
}

/* Every valid entry of the L2 table at l2 (VAs from base up) and below. */
static void print_l2(const pte_t *l2, uint64_t base)
{
    for (unsigned j = 0; j < PT_ENTRIES; j++) {
        pte_t e = l2[j];
        if (!(e & PTE_V))
            continue;
        kprintf("  L2[%u] pte 0x%016lx -> L3 at pa %#lx\n", j, (unsigned long)e,
                (unsigned long)(PTE_PFN(e) << PAGE_SHIFT));
        print_l3(PFN_TO_KVA(PTE_PFN(e)), base | ((uint64_t)j << L2_SHIFT));
    }
}

int vm_print(struct proc *p)
{
    const pte_t *l1 = PFN_TO_KVA(p->vm.l1_pfn);

    kprintf("vmprint: pid %d, L1 at pa %#lx\n", p->pid,
            (unsigned long)(p->vm.l1_pfn << PAGE_SHIFT));
    for (unsigned i = 0; i < PT_ENTRIES; i++) {
        pte_t e = l1[i];
        if (!(e & PTE_V))
            continue;
        kprintf(" L1[%u] pte 0x%016lx -> L2 at pa %#lx\n", i, (unsigned long)e,
                (unsigned long)(PTE_PFN(e) << PAGE_SHIFT));
        print_l2(PFN_TO_KVA(PTE_PFN(e)), (uint64_t)i << L1_SHIFT);
    }
    return 0;
}
/* LAB(pgtbl): END SOLUTION */
