/*
 * test_walk — mmu_walk and mmu_check_pte: canonical check, both superpages,
 * every fault code, every permission bit in each mode, GH 0..3, machine
 * checks, and the absence of side effects.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "mmu/mmu.h"
#include "tests/unit/ptbuild.h"

#define RAM (8UL << 20)
static uint8_t *ram;
static struct mmu_space sp;
static uint64_t next_pfn;

static uint64_t *table(uint64_t pfn) { return (uint64_t *)(ram + (pfn << PAGE_SHIFT)); }

/* Map va -> pfn with the given PTE bits, creating tables (tests/unit/ptbuild.h). */
static void map(uint64_t va, uint64_t pfn, uint64_t bits)
{
    pt_map(ram, sp.ptbr, &next_pfn, va, pfn, bits);
}

static int setup(void **state)
{
    (void)state;
    ram = calloc(1, RAM);
    sp = (struct mmu_space){ ram, RAM, 1, true };
    next_pfn = 2;
    return ram ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(ram);
    return 0;
}

static int walk(uint64_t va, int mode, int access, struct mmu_walk *w)
{
    return mmu_walk(&sp, va, mode, access, w);
}

static void test_canonical(void **state)
{
    struct mmu_walk w;
    (void)state;
    map(0x7FFFE000, 100, PTE_V | PTE_KRE | PTE_URE);
    assert_int_equal(walk(0x7FFFE008, MODE_USER, MM_READ, &w), MMR_OK);
    assert_int_equal(walk(0x0000040000000000UL, MODE_KERNEL, MM_READ, &w), MMR_ACV); /* bit 42 only */
    assert_int_equal(walk(0x8000000000000000UL, MODE_KERNEL, MM_READ, &w), MMR_ACV);
    assert_int_equal(walk(0xFFFFF80000000000UL, MODE_KERNEL, MM_READ, &w), MMR_ACV); /* bit 42 clear */
    assert_int_equal(walk(0xFFFFFE0000000000UL, MODE_KERNEL, MM_READ, &w), MMR_TNV); /* canonical, unmapped */
    assert_int_equal(w.levels, 1);
}

static void test_superpages(void **state)
{
    struct mmu_walk w;
    (void)state;
    assert_int_equal(walk(KSEG32_BASE + 0x123456, MODE_KERNEL, MM_WRITE, &w), MMR_OK);
    assert_int_equal(w.superpage, SP_KSEG32);
    assert_int_equal(w.pa, 0x123456);
    assert_int_equal(w.levels, 0);
    assert_int_equal(walk(KSEG43_BASE + 0x7FFF8, MODE_KERNEL, MM_EXEC, &w), MMR_OK);
    assert_int_equal(w.superpage, SP_KSEG43);
    assert_int_equal(w.pa, 0x7FFF8);
    /* user mode: ACV on both */
    assert_int_equal(walk(KSEG32_BASE, MODE_USER, MM_READ, &w), MMR_ACV);
    assert_int_equal(walk(KSEG43_BASE, MODE_USER, MM_READ, &w), MMR_ACV);
    /* beyond RAM: machine check */
    assert_int_equal(walk(KSEG43_BASE + RAM, MODE_KERNEL, MM_READ, &w), MMR_MCHK_NXM);
    assert_int_equal(walk(KSEG32_BASE + RAM, MODE_KERNEL, MM_READ, &w), MMR_MCHK_NXM);
}

static void test_levels_and_tnv(void **state)
{
    struct mmu_walk w;
    uint64_t va = 0x12345678000UL;
    (void)state;
    assert_int_equal(walk(va, MODE_KERNEL, MM_READ, &w), MMR_TNV);          /* L1 invalid */
    assert_int_equal(w.levels, 1);
    map(va, 200, 0);                                                       /* L3 invalid */
    assert_int_equal(walk(va, MODE_KERNEL, MM_READ, &w), MMR_TNV);
    assert_int_equal(w.levels, 3);
    assert_int_equal(w.pte_pa[0], (sp.ptbr << PAGE_SHIFT) + L1_INDEX(va) * 8);
    map(va, 200, PTE_V | PTE_KRE);
    assert_int_equal(walk(va + 0x1ABC, MODE_KERNEL, MM_READ, &w), MMR_OK);
    assert_int_equal(w.pa, (200UL << PAGE_SHIFT) + 0x1ABC);
    /* an L2 PTE without KRE -> ACV, as in QEMU's walk */
    table(PTE_PFN(table(sp.ptbr)[L1_INDEX(va)]))[L2_INDEX(va)] &= ~PTE_KRE;
    assert_int_equal(walk(va, MODE_KERNEL, MM_READ, &w), MMR_ACV);
    assert_int_equal(w.levels, 2);
    sp.ptbr_valid = false;                                                  /* before swpctx */
    assert_int_equal(walk(va, MODE_KERNEL, MM_READ, &w), MMR_TNV);
    sp.ptbr_valid = true;
}

/* Every protection bit, in each mode, for each access. */
static void test_permissions(void **state)
{
    unsigned prot;
    (void)state;
    struct { uint64_t bits; int mode, access, want; } c[] = {
        { PTE_KRE, MODE_KERNEL, MM_READ, MMR_OK },   { PTE_KRE, MODE_USER, MM_READ, MMR_ACV },
        { PTE_KRE, MODE_KERNEL, MM_EXEC, MMR_OK },   { PTE_KRE, MODE_KERNEL, MM_WRITE, MMR_ACV },
        { PTE_URE, MODE_USER, MM_READ, MMR_OK },     { PTE_URE, MODE_KERNEL, MM_READ, MMR_ACV },
        { PTE_URE, MODE_USER, MM_EXEC, MMR_OK },     { PTE_URE, MODE_USER, MM_WRITE, MMR_ACV },
        { PTE_KWE, MODE_KERNEL, MM_WRITE, MMR_OK },  { PTE_KWE, MODE_USER, MM_WRITE, MMR_ACV },
        { PTE_KWE, MODE_KERNEL, MM_READ, MMR_ACV },  { PTE_UWE, MODE_USER, MM_WRITE, MMR_OK },
        { PTE_UWE, MODE_KERNEL, MM_WRITE, MMR_ACV }, { PTE_UWE, MODE_USER, MM_READ, MMR_ACV },
        { PTE_URE | PTE_FOR, MODE_USER, MM_READ, MMR_FOR },
        { PTE_URE | PTE_FOR, MODE_USER, MM_EXEC, MMR_OK },
        { PTE_URE | PTE_FOE, MODE_USER, MM_EXEC, MMR_FOE },
        { PTE_URE | PTE_FOE, MODE_USER, MM_READ, MMR_OK },
        { PTE_UWE | PTE_FOW, MODE_USER, MM_WRITE, MMR_FOW },
        { PTE_KRE | PTE_FOW, MODE_KERNEL, MM_READ, MMR_OK },
        /* ACV takes precedence over fault-on: no permission at all */
        { PTE_KRE | PTE_FOR, MODE_USER, MM_READ, MMR_ACV },
        { 0, MODE_KERNEL, MM_READ, MMR_ACV },
    };
    for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
        int r = mmu_check_pte(c[i].bits | PTE_V, c[i].mode, c[i].access, &prot);
        if (r != c[i].want)
            fail_msg("case %zu: bits %#lx mode %d access %d: got %d want %d", i,
                     (unsigned long)c[i].bits, c[i].mode, c[i].access, r, c[i].want);
    }
    assert_int_equal(mmu_check_pte(PTE_KRE, MODE_KERNEL, MM_READ, &prot), MMR_TNV);
    mmu_check_pte(PTE_V | PTE_URE | PTE_UWE | PTE_FOW, MODE_USER, MM_READ, &prot);
    assert_int_equal(prot, PROT_R | PROT_X);
}

/* GH = g: a block of 8^g pages; the PFN is aligned down, the page index added. */
static void test_gh(void **state)
{
    struct mmu_walk w;
    (void)state;
    for (unsigned gh = 0; gh < 4; gh++) {
        uint64_t pages = GH_PAGES(gh), va = 0x40000000UL + gh * 0x1000000UL;
        uint64_t base_pfn = 512;                 /* aligned for every GH */
        uint64_t page = pages - 1;                /* the last page of the block */
        map(va + page * PAGE_SIZE, base_pfn + page, PTE_V | PTE_KRE | (gh << PTE_GH_SHIFT));
        assert_int_equal(walk(va + page * PAGE_SIZE + 8, MODE_KERNEL, MM_READ, &w), MMR_OK);
        assert_int_equal(w.pa, ((base_pfn + page) << PAGE_SHIFT) + 8);
    }
    /* an unaligned PFN in a GH=1 PTE is aligned down to the block */
    map(0x50002000UL, 515, PTE_V | PTE_KRE | (1UL << PTE_GH_SHIFT));
    assert_int_equal(walk(0x50002000UL, MODE_KERNEL, MM_READ, &w), MMR_OK);
    assert_int_equal(w.pa, 513UL << PAGE_SHIFT);   /* (515 & ~7) | page 1 */
}

static void test_machine_checks(void **state)
{
    struct mmu_walk w;
    (void)state;
    map(0x60000000UL, RAM >> PAGE_SHIFT, PTE_V | PTE_KRE);        /* frame past RAM */
    assert_int_equal(walk(0x60000000UL, MODE_KERNEL, MM_READ, &w), MMR_MCHK_NXM);
    map(0x60002000UL, 300, PTE_V | PTE_KRE | (1UL << 10));         /* reserved bit */
    assert_int_equal(walk(0x60002000UL, MODE_KERNEL, MM_READ, &w), MMR_MCHK_RSV);
    table(sp.ptbr)[L1_INDEX(0x7000000000UL)] = PFN_TO_PTE(1UL << 20) | PTE_V | PTE_KRE;
    assert_int_equal(walk(0x7000000000UL, MODE_KERNEL, MM_READ, &w), MMR_MCHK_PT);
}

static void test_no_side_effects(void **state)
{
    struct mmu_walk a, b;
    (void)state;
    map(0x70000000UL, 400, PTE_V | PTE_KRE);
    uint8_t *copy = malloc(RAM);
    assert_non_null(copy);
    memcpy(copy, ram, RAM);
    walk(0x70000010UL, MODE_KERNEL, MM_READ, &a);
    walk(0x70000010UL, MODE_KERNEL, MM_READ, &b);
    assert_memory_equal(&a, &b, sizeof(a));
    assert_memory_equal(copy, ram, RAM);
    free(copy);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_canonical, setup, teardown),
        cmocka_unit_test_setup_teardown(test_superpages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_levels_and_tnv, setup, teardown),
        cmocka_unit_test(test_permissions),
        cmocka_unit_test_setup_teardown(test_gh, setup, teardown),
        cmocka_unit_test_setup_teardown(test_machine_checks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_side_effects, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
