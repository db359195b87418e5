/*
 * ptbuild.h — building three-level page tables in a test's RAM, shared by
 * the unit tests of the walk, the fill hook and guest memory (test_walk.c,
 * test_tlbfill.c, test_gvm.c).  Host test code only.
 */
#ifndef TESTS_UNIT_PTBUILD_H
#define TESTS_UNIT_PTBUILD_H

#include <stdint.h>
#include "axp64/axp64.h"

/* The page-table page at pfn in ram. */
static inline uint64_t *pt_table(uint8_t *ram, uint64_t pfn)
{
    return (uint64_t *)(ram + (pfn << PAGE_SHIFT));
}

/* Map va -> pfn with PTE bits in the tables under ptbr; a missing L2 or L3
 * table is taken at *next_pfn (which moves on) with V and KRE.  Cannot fail:
 * the test sized ram for its tables. */
static inline void pt_map(uint8_t *ram, uint64_t ptbr, uint64_t *next_pfn,
                          uint64_t va, uint64_t pfn, uint64_t bits)
{
    uint64_t *l1 = pt_table(ram, ptbr), *l2, *l3;

    if (!(l1[L1_INDEX(va)] & PTE_V))
        l1[L1_INDEX(va)] = PFN_TO_PTE((*next_pfn)++) | PTE_V | PTE_KRE;
    l2 = pt_table(ram, PTE_PFN(l1[L1_INDEX(va)]));
    if (!(l2[L2_INDEX(va)] & PTE_V))
        l2[L2_INDEX(va)] = PFN_TO_PTE((*next_pfn)++) | PTE_V | PTE_KRE;
    l3 = pt_table(ram, PTE_PFN(l2[L2_INDEX(va)]));
    l3[L3_INDEX(va)] = PFN_TO_PTE(pfn) | bits;
}

#endif /* TESTS_UNIT_PTBUILD_H */
