/*
 * test_hatpat — the VLM driver's HAT/PAT table (EMM disclosure): allocation
 * and release, fragmentation and reuse (no holes, handles move, lookups stay
 * right), the O(1) lookup, the empty-slot and unallocated areas, handles past
 * the end, and a randomized soak against a simple model.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "vlmdrv/hatpat.h"

#define NH   8
#define SIZE 64

static uint32_t hat[NH], pat[SIZE];
static struct hatpat t;

/* A table with frames 100..100+n-1 unallocated. */
static void setup_with(uint32_t n)
{
    uint32_t f[SIZE];
    hp_init(&t, hat, NH, pat, SIZE);
    for (uint32_t i = 0; i < n; i++)
        f[i] = 100 + i;
    assert_int_equal(hp_add_unallocated(&t, f, n), 0);
}

static void test_init(void **state)
{
    (void)state;
    hp_init(&t, hat, NH, pat, SIZE);
    for (uint32_t h = 0; h < NH; h++) {
        assert_int_equal(hat[h], SIZE);                 /* past the end: not in use */
        assert_false(hp_in_use(&t, h));
        assert_int_equal(hp_page(&t, h, 0), 0);
    }
    assert_int_equal(hp_empty(&t), SIZE);
    assert_int_equal(hp_unallocated(&t), 0);
    assert_int_equal(hp_alloc(&t, 1), -1);              /* no frames */
}

static void test_alloc_lookup(void **state)
{
    (void)state;
    setup_with(20);
    assert_int_equal(hp_unallocated(&t), 20);
    assert_int_equal(hp_empty(&t), SIZE - 20);
    int a = hp_alloc(&t, 5), b = hp_alloc(&t, 3);
    assert_int_equal(a, 0);
    assert_int_equal(b, 1);
    /* Layout: a's header at 0, its pages 1..5; b's header at 6. */
    assert_int_equal(hat[0], 0);
    assert_int_equal(hat[1], 6);
    assert_int_equal(pat[0], 5);
    assert_int_equal(pat[6], 3);
    for (uint32_t n = 0; n < 5; n++)
        assert_int_equal(hp_page(&t, 0, n), 100 + n);   /* in the order added */
    for (uint32_t n = 0; n < 3; n++)
        assert_int_equal(hp_page(&t, 1, n), 105 + n);
    assert_int_equal(hp_page(&t, 0, 5), 0);             /* past the handle's end */
    assert_int_equal(hp_count(&t, 0), 5);
    assert_ptr_equal(hp_pages(&t, 1), &pat[7]);         /* PAT[HAT[h] + 1 + n] */
    assert_int_equal(hp_unallocated(&t), 12);
    assert_int_equal(hp_empty(&t), SIZE - 12 - 10);     /* two headers, eight pages */
    assert_int_equal(hp_alloc(&t, 13), -1);             /* only 12 left: unchanged */
    assert_int_equal(hp_unallocated(&t), 12);
}

static void test_handles_past_end(void **state)
{
    (void)state;
    setup_with(NH + 1);
    for (int i = 0; i < NH; i++)
        assert_int_equal(hp_alloc(&t, 1), i);
    assert_int_equal(hp_alloc(&t, 1), -1);              /* all handles in use */
    assert_int_equal(hp_page(&t, NH, 0), 0);            /* a handle beyond the HAT */
    assert_int_equal(hp_page(&t, 0xFFFFFFFF, 0), 0);
    assert_int_equal(hp_free(&t, NH), -1);
    assert_int_equal(hp_free(&t, 3), 0);
    assert_int_equal(hp_free(&t, 3), -1);               /* already free */
    assert_int_equal(hat[3], SIZE);
    assert_int_equal(hp_alloc(&t, 1), 3);               /* the lowest free number again */
}

/* Releasing a handle in the middle leaves no hole: the handles above move
 * down, their lookups still give their own frames, and the freed frames are
 * handed out first next time. */
static void test_fragmentation_reuse(void **state)
{
    (void)state;
    setup_with(30);
    int a = hp_alloc(&t, 4), b = hp_alloc(&t, 6), c = hp_alloc(&t, 5);
    uint32_t a0[4], c0[5], b0[6];
    memcpy(a0, hp_pages(&t, (uint32_t)a), sizeof(a0));
    memcpy(b0, hp_pages(&t, (uint32_t)b), sizeof(b0));
    memcpy(c0, hp_pages(&t, (uint32_t)c), sizeof(c0));
    uint32_t top = t.top;
    assert_int_equal(hp_free(&t, (uint32_t)b), 0);
    assert_int_equal(t.top, top - 7);                   /* header + 6 pages gone */
    assert_int_equal(hat[c], 5);                        /* c moved down behind a */
    assert_memory_equal(hp_pages(&t, (uint32_t)a), a0, sizeof(a0));
    assert_memory_equal(hp_pages(&t, (uint32_t)c), c0, sizeof(c0));
    assert_int_equal(hp_unallocated(&t), 30 - 15 + 6);
    int d = hp_alloc(&t, 6);
    assert_int_equal(d, b);                             /* handle number reused */
    assert_memory_equal(hp_pages(&t, (uint32_t)d), b0, sizeof(b0));   /* same frames */
    assert_int_equal(hat[d], 11);                       /* appended after c: 0..4, 5..10 */
}

/* Full table: releasing works with no spare empty slot (the work area is
 * the released block itself). */
static void test_full_table(void **state)
{
    (void)state;
    setup_with(SIZE - 2);
    int a = hp_alloc(&t, 30), b = hp_alloc(&t, SIZE - 2 - 30);
    assert_true(a >= 0 && b >= 0);
    assert_int_equal(hp_empty(&t), 0);
    assert_int_equal(hp_free(&t, (uint32_t)a), 0);
    assert_int_equal(hp_page(&t, (uint32_t)b, 0), 100 + 30);
    assert_int_equal(hp_unallocated(&t), 30);
    assert_int_equal(hp_free(&t, (uint32_t)b), 0);
    assert_int_equal(hp_unallocated(&t), SIZE - 2);
    assert_int_equal(t.top, 0);
    uint32_t out[SIZE];
    assert_int_equal(hp_take_unallocated(&t, out, SIZE - 2), 0);
    /* Every frame is still there exactly once. */
    int seen[SIZE] = { 0 };
    for (int i = 0; i < SIZE - 2; i++) {
        assert_true(out[i] >= 100 && out[i] < 100 + SIZE - 2);
        seen[out[i] - 100]++;
    }
    for (int i = 0; i < SIZE - 2; i++)
        assert_int_equal(seen[i], 1);
}

/* A random soak against a model: every lookup equals what the model holds. */
static void test_soak(void **state)
{
    uint32_t bighat[16], bigpat[512], model[16][128], cnt[16] = { 0 };
    struct hatpat b;
    uint32_t frames[400];
    unsigned seed = 12345;
    (void)state;
    hp_init(&b, bighat, 16, bigpat, 512);
    for (uint32_t i = 0; i < 400; i++)
        frames[i] = 1000 + i;
    assert_int_equal(hp_add_unallocated(&b, frames, 400), 0);
    for (int step = 0; step < 5000; step++) {
        seed = seed * 1103515245u + 12345u;
        uint32_t h = (seed >> 8) % 16, n = (seed >> 16) % 100;
        if (hp_in_use(&b, h)) {
            assert_int_equal(hp_free(&b, h), 0);
            cnt[h] = 0;
        } else if (hp_unallocated(&b) >= n) {
            int got = hp_alloc(&b, n);
            assert_true(got >= 0);
            cnt[got] = n;
            memcpy(model[got], hp_pages(&b, (uint32_t)got), n * sizeof(uint32_t));
        }
        /* Each frame is in at most one handle, once: a sum of sizes would
         * not see a frame handed out twice. */
        uint8_t held[400] = { 0 };
        uint32_t total = hp_unallocated(&b);
        for (uint32_t x = 0; x < 16; x++) {
            total += cnt[x];
            for (uint32_t k = 0; k < cnt[x]; k++) {
                uint32_t f = hp_page(&b, x, k);
                assert_int_equal(f, model[x][k]);
                assert_true(f >= 1000 && f < 1400);
                assert_int_equal(held[f - 1000]++, 0);
            }
        }
        assert_int_equal(total, 400);                   /* no frame lost */
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init), cmocka_unit_test(test_alloc_lookup),
        cmocka_unit_test(test_handles_past_end), cmocka_unit_test(test_fragmentation_reuse),
        cmocka_unit_test(test_full_table), cmocka_unit_test(test_soak),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
