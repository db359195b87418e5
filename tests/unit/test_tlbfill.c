/*
 * test_tlbfill — emu/tlbfill.c's answers to Unicorn's TLB-fill hook, on a
 * machine with RAM and page tables but no CPU: the exact policy fills the
 * model TLB of the access (data: DTB, fetch: ITB), hands QEMU only what the
 * TLBs hold, asks for a flush when a fill evicts, leaves superpages out of
 * the TLB and reports faults and frames outside RAM; the fast policy walks
 * without filling and asks for flushes after 512, then 1024 more fills.
 * Under both, a page that is writable and executable is never handed to
 * QEMU with write and execute at once (the W/X split).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "emu/tlbfill.h"
#include "tests/unit/ptbuild.h"

#define RAM     (8UL << 20)
#define UVA     0x10000UL                /* a user page */
#define RWX     (PTE_V | PTE_KRE | PTE_URE | PTE_KWE | PTE_UWE)

static struct machine *m;
static uint8_t *ram;
static uint64_t next_pfn;


/* Map va -> pfn with the given PTE bits, creating tables (tests/unit/ptbuild.h). */
static void map(uint64_t va, uint64_t pfn, uint64_t bits)
{
    pt_map(ram, m->space.ptbr, &next_pfn, va, pfn, bits);
}

/* A user-mode machine, policy exact or fast, TLBs of dtb/itb entries.
 * counting: a stop request only sets m->stop (there is no CPU to stop). */
static int setup_with(enum tlb_policy policy, unsigned itb, unsigned dtb)
{
    ram = calloc(1, RAM);
    m = calloc(1, sizeof *m);
    if (!ram || !m || tlb_init(&m->itb, "ITB", itb) || tlb_init(&m->dtb, "DTB", dtb))
        return -1;
    m->cfg.ram_size = RAM;
    m->cfg.policy = policy;
    m->space = (struct mmu_space){ ram, RAM, 1, true };
    m->mode = MODE_USER;
    m->asn = 1;
    m->counting = true;
    next_pfn = 2;
    return 0;
}
static int setup_exact(void **state) { (void)state; return setup_with(TLB_EXACT, 8, 8); }
static int setup_exact_small(void **state) { (void)state; return setup_with(TLB_EXACT, 2, 2); }
static int setup_fast(void **state) { (void)state; return setup_with(TLB_FAST, 8, 8); }

static int teardown(void **state)
{
    (void)state;
    tlb_free(&m->itb);
    tlb_free(&m->dtb);
    free(m);
    free(ram);
    return 0;
}

/* fill VA TYPE: the hook's answer; *e gets the entry (perms 0 on a fault). */
static bool fill(uint64_t va, uc_mem_type type, uc_tlb_entry *e)
{
    memset(e, 0, sizeof *e);
    return tlbfill_hook(NULL, va, type, e, m);
}

static void assert_not_wx(const uc_tlb_entry *e)
{
    assert_false((e->perms & UC_PROT_WRITE) && (e->perms & UC_PROT_EXEC));
}

static void test_exact_data_fill(void **state)
{
    uc_tlb_entry e;
    (void)state;
    map(UVA, 100, RWX);
    assert_true(fill(UVA + 8, UC_MEM_READ, &e));
    assert_int_equal(e.paddr, (100UL << PAGE_SHIFT) + 8);
    assert_int_equal(e.perms, UC_PROT_READ | UC_PROT_WRITE);   /* no X: the ITB does not hold it */
    assert_non_null(tlb_find(&m->dtb, UVA, 1));
    assert_null(tlb_find(&m->itb, UVA, 1));
    assert_int_equal(atomic_load(&m->stop), 0);                /* nothing evicted */
}

static void test_exact_fetch_fill(void **state)
{
    uc_tlb_entry e;
    (void)state;
    map(UVA, 100, RWX);
    assert_true(fill(UVA, UC_MEM_FETCH, &e));
    assert_non_null(tlb_find(&m->itb, UVA, 1));
    assert_null(tlb_find(&m->dtb, UVA, 1));
    assert_int_equal(e.perms, UC_PROT_EXEC);                   /* R and W need the DTB */
}

/* A W+X page in both TLBs: every access type gets W or X, never both; a
 * fetch keeps R|X, a store R|W. */
static void test_exact_wx_split(void **state)
{
    uc_tlb_entry e;
    (void)state;
    map(UVA, 100, RWX);
    assert_true(fill(UVA, UC_MEM_WRITE, &e));
    assert_true(fill(UVA, UC_MEM_FETCH, &e));
    assert_non_null(tlb_find(&m->dtb, UVA, 1));
    assert_non_null(tlb_find(&m->itb, UVA, 1));
    assert_int_equal(e.perms, UC_PROT_READ | UC_PROT_EXEC);
    assert_true(fill(UVA, UC_MEM_WRITE, &e));
    assert_int_equal(e.perms, UC_PROT_READ | UC_PROT_WRITE);
    assert_true(fill(UVA, UC_MEM_READ, &e));
    assert_not_wx(&e);
    assert_true(e.perms & UC_PROT_READ);
}

/* Kernel mode through the KSEG32 superpage (RWX, no PTE): W/X split too,
 * and the model TLBs are not involved. */
static void test_exact_superpage(void **state)
{
    uc_tlb_entry e;
    (void)state;
    m->mode = MODE_KERNEL;
    assert_true(fill(KSEG32_BASE + 0x12345, UC_MEM_FETCH, &e));
    assert_int_equal(e.paddr, 0x12345);
    assert_int_equal(e.perms, UC_PROT_READ | UC_PROT_EXEC);
    assert_true(fill(KSEG32_BASE + 0x12345, UC_MEM_WRITE, &e));
    assert_int_equal(e.perms, UC_PROT_READ | UC_PROT_WRITE);
    assert_int_equal(m->itb.st.lookups + m->dtb.st.lookups, 0);
}

/* The smallest TLB (2 entries): the third page evicts, and only then a flush
 * of QEMU's cache is asked for (it must stay a subset of the model). */
static void test_exact_eviction_flush(void **state)
{
    uc_tlb_entry e;
    (void)state;
    for (int i = 0; i < 3; i++)
        map(UVA + (uint64_t)i * PAGE_SIZE, 100 + (uint64_t)i, RWX);
    assert_true(fill(UVA, UC_MEM_READ, &e));
    assert_true(fill(UVA + PAGE_SIZE, UC_MEM_READ, &e));
    assert_int_equal(atomic_load(&m->stop), 0);
    assert_true(fill(UVA + 2 * PAGE_SIZE, UC_MEM_READ, &e));
    assert_int_equal(atomic_load(&m->stop), STOP_FLUSH);
    assert_null(tlb_find(&m->dtb, UVA, 1));                    /* round-robin: the first went */
}

/* Faults: no PTE (TNV), a store to a read-only page (ACV), a frame outside
 * RAM (machine check); m->fault records the VA, the code and the access. */
static void test_exact_faults(void **state)
{
    uc_tlb_entry e;
    (void)state;
    assert_false(fill(UVA, UC_MEM_READ, &e));
    assert_true(m->fault.valid);
    assert_int_equal(m->fault.page, UVA);
    assert_int_equal(m->fault.code, MMR_TNV);
    map(UVA, 100, PTE_V | PTE_KRE | PTE_URE);
    assert_false(fill(UVA, UC_MEM_WRITE, &e));
    assert_int_equal(m->fault.code, MMR_ACV);
    assert_int_equal(m->fault.access, MM_WRITE);
    map(UVA + PAGE_SIZE, RAM >> PAGE_SHIFT, RWX);               /* the first frame past RAM */
    assert_false(fill(UVA + PAGE_SIZE, UC_MEM_READ, &e));
    assert_int_equal(m->fault.code, MMR_MCHK_NXM);
}

/* Fast: walks only (no model TLB entry), full permissions split W/X. */
static void test_fast_fill(void **state)
{
    uc_tlb_entry e;
    (void)state;
    map(UVA, 100, RWX);
    assert_true(fill(UVA, UC_MEM_READ, &e));
    assert_int_equal(e.paddr, 100UL << PAGE_SHIFT);
    assert_int_equal(e.perms, UC_PROT_READ | UC_PROT_WRITE);
    assert_true(fill(UVA, UC_MEM_FETCH, &e));
    assert_int_equal(e.perms, UC_PROT_READ | UC_PROT_EXEC);
    assert_null(tlb_find(&m->dtb, UVA, 1));
    assert_null(tlb_find(&m->itb, UVA, 1));
    assert_int_equal(m->dtb.st.fills, 1);
    assert_int_equal(m->itb.st.fills, 1);
    assert_false(fill(UVA + PAGE_SIZE, UC_MEM_READ, &e));
    assert_int_equal(m->fault.code, MMR_TNV);
}

/* Fast: a flush after 512 fills, then the threshold doubles (QEMU's cache
 * can grow); the run loop's flush resets the count (cpu.c). */
static void test_fast_flush_threshold(void **state)
{
    uc_tlb_entry e;
    int i;
    (void)state;
    map(UVA, 100, RWX);
    for (i = 0; i < 511; i++)
        assert_true(fill(UVA, UC_MEM_READ, &e));
    assert_int_equal(atomic_load(&m->stop), 0);
    assert_true(fill(UVA, UC_MEM_READ, &e));
    assert_int_equal(atomic_load(&m->stop), STOP_FLUSH);
    assert_int_equal(m->fast_flush_at, 1024);
    atomic_store(&m->stop, 0);
    m->fills_since_flush = 0;
    for (i = 0; i < 1023; i++)
        assert_true(fill(UVA, UC_MEM_WRITE, &e));
    assert_int_equal(atomic_load(&m->stop), 0);
    assert_true(fill(UVA, UC_MEM_WRITE, &e));
    assert_int_equal(atomic_load(&m->stop), STOP_FLUSH);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_exact_data_fill, setup_exact, teardown),
        cmocka_unit_test_setup_teardown(test_exact_fetch_fill, setup_exact, teardown),
        cmocka_unit_test_setup_teardown(test_exact_wx_split, setup_exact, teardown),
        cmocka_unit_test_setup_teardown(test_exact_superpage, setup_exact, teardown),
        cmocka_unit_test_setup_teardown(test_exact_eviction_flush, setup_exact_small, teardown),
        cmocka_unit_test_setup_teardown(test_exact_faults, setup_exact, teardown),
        cmocka_unit_test_setup_teardown(test_fast_fill, setup_fast, teardown),
        cmocka_unit_test_setup_teardown(test_fast_flush_threshold, setup_fast, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
