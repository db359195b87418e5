/*
 * test_tlb — the TLB model: ASN/ASM matching, GH 0..3 coverage, round-robin
 * replacement order, every invalidation flavour, and the statistics.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "mmu/mmu.h"

static pte_t pte(uint64_t pfn, uint64_t bits) { return PFN_TO_PTE(pfn) | PTE_V | PTE_KRE | bits; }

static void test_asn_asm(void **state)
{
    struct tlb t;
    (void)state;
    assert_int_equal(tlb_init(&t, "DTB", 8), 0);
    tlb_insert(&t, 0x10000, pte(5, 0), 3, NULL);
    tlb_insert(&t, 0x20000, pte(6, PTE_ASM), 3, NULL);
    assert_non_null(tlb_lookup(&t, 0x10008, 3));
    assert_null(tlb_lookup(&t, 0x10008, 4));              /* other ASN: no match */
    assert_non_null(tlb_lookup(&t, 0x20010, 4));          /* ASM: every ASN */
    assert_non_null(tlb_lookup(&t, 0x20010, 200));
    assert_null(tlb_lookup(&t, 0x12000, 3));              /* next page */
    assert_int_equal(t.st.lookups, 5);
    assert_int_equal(t.st.hits, 3);
    assert_int_equal(t.st.misses, 2);
    tlb_free(&t);
}

static void test_gh(void **state)
{
    struct tlb t;
    (void)state;
    assert_int_equal(tlb_init(&t, "DTB", 4), 0);
    for (unsigned gh = 0; gh < 4; gh++) {
        uint64_t pages = GH_PAGES(gh), base = 0x100000000UL * (gh + 1);
        /* inserted through a page in the middle of the block */
        tlb_insert(&t, base + (pages / 2) * PAGE_SIZE, pte(4096, gh << PTE_GH_SHIFT), 1, NULL);
        struct tlb_entry *first = tlb_lookup(&t, base, 1);
        struct tlb_entry *last = tlb_lookup(&t, base + (pages - 1) * PAGE_SIZE + 0x1FF8, 1);
        assert_non_null(first);
        assert_ptr_equal(first, last);
        assert_null(tlb_lookup(&t, base + pages * PAGE_SIZE, 1));   /* just past it */
        assert_int_equal(tlb_entry_pa(last, base + (pages - 1) * PAGE_SIZE + 8),
                         ((4096 + pages - 1) << PAGE_SHIFT) + 8);
    }
    tlb_free(&t);
}

static void test_round_robin(void **state)
{
    struct tlb t;
    struct tlb_entry victim;
    (void)state;
    assert_int_equal(tlb_init(&t, "ITB", 3), 0);
    for (uint64_t i = 0; i < 3; i++)
        assert_int_equal(tlb_insert(&t, i * PAGE_SIZE, pte(i, 0), 1, &victim), i);
    assert_int_equal(t.st.evictions, 0);
    /* the 4th fill replaces slot 0 (page 0), the 5th slot 1 (page 1) */
    assert_int_equal(tlb_insert(&t, 10 * PAGE_SIZE, pte(10, 0), 1, &victim), 0);
    assert_true(victim.valid);
    assert_int_equal(victim.vpn, 0);
    assert_int_equal(tlb_insert(&t, 11 * PAGE_SIZE, pte(11, 0), 1, &victim), 1);
    assert_int_equal(victim.vpn, 1);
    assert_null(tlb_lookup(&t, 0, 1));
    assert_null(tlb_lookup(&t, PAGE_SIZE, 1));
    assert_non_null(tlb_lookup(&t, 2 * PAGE_SIZE, 1));
    assert_int_equal(t.st.evictions, 2);
    assert_int_equal(t.st.fills, 5);
    /* the pointer keeps advancing over invalidated slots: deterministic order */
    tlb_inval_all(&t);
    assert_int_equal(tlb_insert(&t, 0, pte(0, 0), 1, &victim), 2);
    assert_false(victim.valid);
    tlb_free(&t);
}

static void test_invalidate(void **state)
{
    struct tlb t;
    (void)state;
    assert_int_equal(tlb_init(&t, "DTB", 8), 0);
    tlb_insert(&t, 0x10000, pte(1, 0), 1, NULL);
    tlb_insert(&t, 0x10000, pte(2, 0), 2, NULL);          /* same VA, other ASN */
    tlb_insert(&t, 0x30000, pte(3, PTE_ASM), 1, NULL);
    tlb_insert(&t, 0x40000, pte(4, 0), 1, NULL);
    /* tbis: only the entry that matches VA and the current ASN */
    assert_int_equal(tlb_inval_va(&t, 0x10008, 1), 1);
    assert_null(tlb_find(&t, 0x10000, 1));
    assert_non_null(tlb_find(&t, 0x10000, 2));
    /* tbis on an ASM entry from any ASN */
    assert_int_equal(tlb_inval_va(&t, 0x30000, 9), 1);
    tlb_insert(&t, 0x30000, pte(3, PTE_ASM), 1, NULL);
    /* tbiap: every entry without ASM, whatever its ASN */
    assert_int_equal(tlb_inval_process(&t), 2);
    assert_non_null(tlb_find(&t, 0x30000, 5));
    assert_null(tlb_find(&t, 0x40000, 1));
    /* tbia: everything */
    assert_int_equal(tlb_inval_all(&t), 1);
    assert_null(tlb_find(&t, 0x30000, 5));
    assert_int_equal(t.st.invalidations, 5);
    tlb_free(&t);
}

static void test_bad_size(void **state)
{
    struct tlb t;
    (void)state;
    assert_int_equal(tlb_init(&t, "ITB", 0), -1);
    assert_int_equal(tlb_init(&t, "ITB", 4097), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_asn_asm), cmocka_unit_test(test_gh),
        cmocka_unit_test(test_round_robin), cmocka_unit_test(test_invalidate),
        cmocka_unit_test(test_bad_size),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
