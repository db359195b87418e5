/*
 * vmprint.c — print a process's page tables, level by level (see vm.h),
 * as xv6's vmprint: the kernel side of the three-level walk, through KSEG43.
 */
#include "guestos/proc.h"
#include "guestos/vm.h"

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

/* Every valid entry of the L1 (level 1) or L2 (level 2) table t, which maps
 * VAs from base up, and the tables below it. */
static void print_dir(const pte_t *t, uint64_t base, unsigned level)
{
    const char *indent = level == 1 ? " " : "  ";
    unsigned shift = level == 1 ? L1_SHIFT : L2_SHIFT;

    for (unsigned i = 0; i < PT_ENTRIES; i++) {
        pte_t e = t[i];
        if (!(e & PTE_V))
            continue;
        kprintf("%sL%u[%u] pte 0x%016lx -> L%u at pa %#lx\n", indent, level, i,
                (unsigned long)e, level + 1, (unsigned long)(PTE_PFN(e) << PAGE_SHIFT));
        uint64_t va = base | ((uint64_t)i << shift);
        if (level == 1)
            print_dir(PFN_TO_KVA(PTE_PFN(e)), va, 2);
        else
            print_l3(PFN_TO_KVA(PTE_PFN(e)), va);
    }
}

int vm_print(struct proc *p)
{
    kprintf("vmprint: pid %d, L1 at pa %#lx\n", p->pid,
            (unsigned long)(p->vm->l1_pfn << PAGE_SHIFT));
    print_dir(PFN_TO_KVA(p->vm->l1_pfn), 0, 1);
    return 0;
}
/* LAB(pgtbl): END SOLUTION */
