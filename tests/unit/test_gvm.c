/*
 * test_gvm — emu/gvm.c, guest virtual memory as the host sees it: copies
 * across pages, the stop at the first page that does not translate (and
 * how much was copied before it), the rights of each flag (own rights,
 * debugger rights, kernel fallback), instruction fetch of 2- and 4-byte
 * instructions (also straddling a page), and the watchpoint range test.
 * A struct machine with only RAM and an address space: gvm needs no CPU.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "emu/gvm.h"
#include "tests/unit/ptbuild.h"

#define RAM (8UL << 20)
#define VA0 0x10000UL   /* user pages VA0, VA0+8K (RW; frames 100, 110: not adjacent), VA0+16K (RO),
                           a hole, VA0+32K (kernel only) */
static struct machine m;
static uint64_t next_pfn;


/* Map va -> pfn with the given PTE bits, creating tables (tests/unit/ptbuild.h). */
static void map(uint64_t va, uint64_t pfn, uint64_t bits)
{
    pt_map(m.ram, m.space.ptbr, &next_pfn, va, pfn, bits);
}

static uint8_t *frame(uint64_t pfn) { return m.ram + (pfn << PAGE_SHIFT); }

static int setup(void **state)
{
    (void)state;
    memset(&m, 0, sizeof(m));
    m.cfg.ram_size = RAM;
    if (!(m.ram = calloc(1, RAM)))
        return -1;
    m.space = (struct mmu_space){ m.ram, RAM, 1, true };
    next_pfn = 2;
    map(VA0, 100, PTE_V | PTE_KRE | PTE_URE | PTE_KWE | PTE_UWE);
    map(VA0 + PAGE_SIZE, 110, PTE_V | PTE_KRE | PTE_URE | PTE_KWE | PTE_UWE);
    map(VA0 + 2 * PAGE_SIZE, 102, PTE_V | PTE_KRE | PTE_URE);
    map(VA0 + 4 * PAGE_SIZE, 104, PTE_V | PTE_KRE | PTE_KWE);       /* kernel only */
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(m.ram);
    return 0;
}

static void test_copy_across_pages(void **state)
{
    uint8_t out[64], in[64];
    (void)state;
    for (int i = 0; i < 64; i++)
        out[i] = (uint8_t)(i + 1);
    uint64_t va = VA0 + PAGE_SIZE - 32;                             /* half in each page */
    assert_int_equal(gvm_write(&m, va, out, 64, MODE_USER), MMR_OK);
    assert_memory_equal(frame(100) + PAGE_SIZE - 32, out, 32);
    assert_memory_equal(frame(110), out + 32, 32);
    assert_int_equal(gvm_read(&m, va, in, 64, MODE_USER), MMR_OK);
    assert_memory_equal(in, out, 64);
    /* KSEG43 reaches the same bytes in kernel mode, not in user mode. */
    assert_int_equal(gvm_read(&m, KSEG43_VA(110UL << PAGE_SHIFT), in, 32, MODE_KERNEL), MMR_OK);
    assert_memory_equal(in, out + 32, 32);
    assert_int_equal(gvm_read(&m, KSEG43_VA(110UL << PAGE_SHIFT), in, 32, MODE_USER), MMR_ACV);
}

static void test_stop_at_hole(void **state)
{
    uint8_t buf[PAGE_SIZE];
    size_t done = 99;
    (void)state;
    memset(frame(102) + PAGE_SIZE - 16, 0xAB, 16);
    /* Page VA0+16K reads; VA0+24K does not map: 16 bytes, then TNV. */
    assert_int_equal(gvm_copy(&m, &m.space, MODE_USER, 0, VA0 + 3 * PAGE_SIZE - 16, buf, 64, &done),
                     MMR_TNV);
    assert_int_equal(done, 16);
    assert_int_equal(buf[15], 0xAB);
    assert_int_equal(gvm_copy(&m, &m.space, MODE_USER, 0, VA0 + 3 * PAGE_SIZE, buf, 8, &done),
                     MMR_TNV);
    assert_int_equal(done, 0);
    assert_int_equal(gvm_copy(&m, &m.space, MODE_USER, 0, VA0, buf, 0, &done), MMR_OK);
    assert_int_equal(done, 0);
}

static void test_rights(void **state)
{
    uint64_t v = 0x1122334455667788UL, r = 0;
    size_t done;
    uint64_t ro = VA0 + 2 * PAGE_SIZE, konly = VA0 + 4 * PAGE_SIZE;
    (void)state;
    /* Own rights: a read-only page refuses a write, in either mode. */
    assert_int_equal(gvm_write(&m, ro, &v, 8, MODE_USER), MMR_ACV);
    assert_int_equal(gvm_write(&m, ro, &v, 8, MODE_KERNEL), MMR_ACV);
    /* Debugger rights: reading is enough. */
    assert_int_equal(gvm_copy(&m, &m.space, MODE_USER, GVM_WRITE | GVM_DEBUG, ro, &v, 8, &done),
                     MMR_OK);
    assert_int_equal(done, 8);
    assert_memory_equal(frame(102), &v, 8);
    /* A kernel-only page: user mode is refused unless it falls back to kernel rights. */
    memcpy(frame(104), &v, 8);
    assert_int_equal(gvm_read(&m, konly, &r, 8, MODE_USER), MMR_ACV);
    assert_int_equal(gvm_copy(&m, &m.space, MODE_USER, GVM_KFALLBACK, konly, &r, 8, NULL), MMR_OK);
    assert_int_equal(r, v);
    /* Another address space (a process's tables): nothing maps without a PTBR. */
    struct mmu_space none = m.space;
    none.ptbr_valid = false;
    assert_int_equal(gvm_copy(&m, &none, MODE_USER, GVM_KFALLBACK, VA0, &r, 8, NULL), MMR_TNV);
}

static void test_fetch(void **state)
{
    uint64_t end = VA0 + 2 * PAGE_SIZE - 2;                         /* last parcel of page 110 */
    (void)state;
    memcpy(frame(100), "\x13\x05\x10\x00", 4);                      /* addi a0,zero,1 */
    memcpy(frame(100) + 4, "\x05\x45", 2);                          /* c.li a0,1 */
    assert_int_equal(gvm_fetch(&m, VA0, MODE_USER), 0x00100513);
    assert_int_equal(gvm_fetch(&m, VA0 + 4, MODE_USER), 0x4505);
    assert_int_equal(gvm_fetch(&m, VA0 + 3 * PAGE_SIZE, MODE_USER), 0);        /* unmapped */
    /* A 4-byte instruction straddling into the next (mapped) page... */
    memcpy(frame(110) + PAGE_SIZE - 2, "\x13\x05", 2);
    memcpy(frame(102), "\x10\x00", 2);
    assert_int_equal(gvm_fetch(&m, end, MODE_USER), 0x00100513);
    /* ...and into a hole: only the low parcel. */
    memcpy(frame(102) + PAGE_SIZE - 2, "\x13\x05", 2);
    assert_int_equal(gvm_fetch(&m, VA0 + 3 * PAGE_SIZE - 2, MODE_USER), 0x0513);
    /* The mode's rights: the kernel-only page is not the user's. */
    memcpy(frame(104), "\x05\x45", 2);
    assert_int_equal(gvm_fetch(&m, VA0 + 4 * PAGE_SIZE, MODE_USER), 0);
    assert_int_equal(gvm_fetch(&m, VA0 + 4 * PAGE_SIZE, MODE_KERNEL), 0x4505);
}

static void test_maps_into(void **state)
{
    uint64_t pa110 = 110UL << PAGE_SHIFT;
    (void)state;
    /* A range over pages 100 and 110 touches frame 110's first bytes. */
    assert_true(gvm_maps_into(&m, MODE_USER, VA0 + PAGE_SIZE - 8, 16, pa110, 4));
    assert_true(gvm_maps_into(&m, MODE_USER, VA0 + PAGE_SIZE - 8, 16, pa110 + 7, 1));
    assert_false(gvm_maps_into(&m, MODE_USER, VA0 + PAGE_SIZE - 8, 16, pa110 + 8, 4));
    assert_false(gvm_maps_into(&m, MODE_USER, VA0, 8, pa110, 8));
    /* Holes are skipped, and the mode's rights apply. */
    assert_true(gvm_maps_into(&m, MODE_USER, VA0 + 3 * PAGE_SIZE - 8, 16,
                              (102UL << PAGE_SHIFT) + PAGE_SIZE - 4, 4));
    assert_false(gvm_maps_into(&m, MODE_USER, VA0 + 4 * PAGE_SIZE, 8, 104UL << PAGE_SHIFT, 8));
    assert_true(gvm_maps_into(&m, MODE_KERNEL, VA0 + 4 * PAGE_SIZE, 8, 104UL << PAGE_SHIFT, 8));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_copy_across_pages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stop_at_hole, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rights, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fetch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_maps_into, setup, teardown),
    };
    return cmocka_run_group_tests_name("gvm", tests, NULL, NULL);
}
