/*
 * test_vlmstate — the VLM driver's lifecycles (vlmdrv/vlmstate.c, docs/vlm.md
 * "Lifecycles"): every legal transition of a request and of a donor is
 * allowed, every other pair (self-transitions and states out of range
 * included) is refused, and every state has its name.
 *
 * The legal pairs are written out here again, from the docs, rather than
 * read from the tables: a wrong table entry must disagree with something.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "vlmdrv/vlmstate.h"

struct pair { int from, to; };

static const struct pair req_legal[] = {
    { R_FREE, R_ALLOCATING },                           /* VLM_ALLOC */
    { R_ALLOCATING, R_FREE },                           /* 702 refused: nothing started */
    { R_ALLOCATING, R_READY },                          /* the handle is built */
    { R_ALLOCATING, R_FAILING },                        /* fig7_fail */
    { R_READY, R_FREEING },                             /* VLM_FREE, exit, shutdown */
    { R_FAILING, R_FREE }, { R_FAILING, R_ORPHAN },     /* donors gone / consumer gone */
    { R_FREEING, R_FREE }, { R_FREEING, R_ORPHAN },
    { R_ORPHAN, R_FREE },                               /* its last donor went */
};

static const struct pair donor_legal[] = {
    { D_NONE, D_STARTED },
    { D_STARTED, D_HOLDING }, { D_STARTED, D_DEALLOCATED }, { D_STARTED, D_GONE },
    { D_HOLDING, D_DEALLOCATED }, { D_HOLDING, D_GONE },
    { D_DEALLOCATED, D_GONE },
};

static bool listed(const struct pair *p, size_t n, int from, int to)
{
    for (size_t i = 0; i < n; i++)
        if (p[i].from == from && p[i].to == to)
            return true;
    return false;
}

/* Every pair of states in [-2, n + 2): legal exactly when listed. */
static void check_all(bool (*may)(int, int), int n, const struct pair *legal, size_t nlegal)
{
    int allowed = 0;

    for (int from = -2; from < n + 2; from++)
        for (int to = -2; to < n + 2; to++) {
            bool want = listed(legal, nlegal, from, to);
            if (may(from, to) != want)
                fail_msg("%d -> %d: %s, want %s", from, to, want ? "refused" : "allowed",
                         want ? "allowed" : "refused");
            allowed += want;
        }
    assert_int_equal(allowed, (int)nlegal);
}

static void test_req_transitions(void **state)
{
    (void)state;
    check_all(req_may, R_NSTATES, req_legal, sizeof(req_legal) / sizeof(req_legal[0]));
}

static void test_donor_transitions(void **state)
{
    (void)state;
    check_all(donor_may, D_NSTATES, donor_legal, sizeof(donor_legal) / sizeof(donor_legal[0]));
}

/* Far out of range: no shift by a huge count, no index past a table. */
static void test_far_out_of_range(void **state)
{
    const int bad[] = { -1000, 8, 31, 32, 63, 64, 1 << 20 };
    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        for (int s = 0; s < R_NSTATES; s++) {
            assert_false(req_may(s, bad[i]));
            assert_false(req_may(bad[i], s));
            assert_false(donor_may(s % D_NSTATES, bad[i]));
            assert_false(donor_may(bad[i], s % D_NSTATES));
        }
}

/* D_GONE and nothing else is final; every request state leads back to R_FREE. */
static void test_shape(void **state)
{
    (void)state;
    for (int s = 0; s < D_NSTATES; s++) {
        bool out = false;
        for (int t = 0; t < D_NSTATES; t++)
            out |= donor_may(s, t);
        assert_int_equal(out, s != D_GONE);
    }
    for (int s = 0; s < R_NSTATES; s++) {
        bool reach[R_NSTATES] = { [0] = false };
        reach[s] = true;
        for (int k = 0; k < R_NSTATES; k++)
            for (int a = 0; a < R_NSTATES; a++)
                for (int b = 0; b < R_NSTATES; b++)
                    reach[b] |= reach[a] && req_may(a, b);
        assert_true(s == R_FREE || reach[R_FREE]);
    }
}

static void test_names(void **state)
{
    static const char *const rn[] = { "free", "allocating", "ready", "failing", "freeing", "orphan" };
    static const char *const dn[] = { "none", "started", "holding", "deallocated", "gone" };
    (void)state;
    assert_int_equal(sizeof(rn) / sizeof(rn[0]), R_NSTATES);
    assert_int_equal(sizeof(dn) / sizeof(dn[0]), D_NSTATES);
    for (int s = 0; s < R_NSTATES; s++)
        assert_string_equal(req_state_name(s), rn[s]);
    for (int s = 0; s < D_NSTATES; s++)
        assert_string_equal(donor_state_name(s), dn[s]);
    assert_string_equal(req_state_name(R_NSTATES), "?");
    assert_string_equal(req_state_name(-1), "?");
    assert_string_equal(donor_state_name(D_NSTATES), "?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_req_transitions),
        cmocka_unit_test(test_donor_transitions),
        cmocka_unit_test(test_far_out_of_range),
        cmocka_unit_test(test_shape),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
