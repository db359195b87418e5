/*
 * gtest.c — see gtest.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "workloads/lib/gtest.h"
#include "workloads/lib/vlmlib.h"

int gt_failures;
static const char *self;
static const struct gtest *all;
static size_t nall;

int gt_child(const char *name, const char *arg, char *why, size_t n)
{
    char *argv[] = { (char *)self, "--child", (char *)name, (char *)(arg ? arg : "0"), NULL };
    char dummy[VWHY_MAX];
    return vrun(self, argv, why ? why : dummy, why ? n : sizeof(dummy));
}

int gt_spawn(const char *name, const char *arg)
{
    char *argv[] = { (char *)self, "--child", (char *)name, (char *)(arg ? arg : "0"), NULL };
    return vspawn(self, argv);
}

struct vmeminfo gt_mem(void)
{
    struct vmeminfo m;
    if (meminfo(&m) < 0) {
        printf("  meminfo failed\n");
        memset(&m, 0, sizeof(m));
    }
    return m;
}

int gt_slots(void)
{
    struct vmemaudit a;
    if (memaudit(&a) < 0) {
        printf("  memaudit failed\n");
        return -1;
    }
    return (int)a.slots;
}

bool gt_settle(void)
{
    struct vlm_stat st;

    for (int i = 0; i < 1000; i++) {
        if (vlm_stat(-1, &st) < 0) {
            if (errno == ENOENT)
                return true;              /* a kernel without the VLM driver: no donors */
            printf("  vlm_stat failed: cannot tell whether the donors are gone\n");
            return false;                 /* no answer is not "settled" */
        }
        if (st.drv_donors == 0)
            return true;
        struct timespec ts = { 0, 1000 * 1000 };
        nanosleep(&ts, NULL);
    }
    return false;
}

int gt_run_named(const char *name)
{
    for (size_t i = 0; i < nall; i++)
        if (!strcmp(name, all[i].name)) {
            all[i].fn();
            return gt_failures ? 1 : 0;
        }
    printf("%s: no test %s\n", self, name);
    return 100;
}

/* Run one test in a child; PASS needs status 0 and every frame back. */
static bool run_test(const struct gtest *t)
{
    char why[VWHY_MAX] = "", sbuf[96];
    struct vmeminfo before = gt_mem();
    int slots = gt_slots();
    int st = gt_child(t->name, NULL, why, sizeof(why));
    bool settled = gt_settle();
    struct vmeminfo after = gt_mem();
    int slots_after = gt_slots();
    bool leak = after.free != before.free || after.committed != before.committed || !settled ||
                slots_after != slots;

    if (st == 0 && !leak) {
        printf("test %s: PASS\n", t->name);
        return true;
    }
    printf("test %s: FAIL (%s%s%s", t->name, vstatus_str(st, sbuf, sizeof(sbuf)),
           why[0] ? ": " : "", why);
    if (leak)
        printf("; frames free %lu -> %lu, committed %lu -> %lu, process slots %d -> %d%s",
               before.free, after.free, before.committed, after.committed, slots, slots_after,
               settled ? "" : ", donors still alive");
    printf(")\n");
    return false;
}

/* Every name on the command line is a test: 0, or -1 after saying which is not. */
static int check_names(int argc, char **argv)
{
    for (int k = 1; k < argc; k++) {
        size_t i = 0;
        while (i < nall && strcmp(argv[k], all[i].name))
            i++;
        if (i == nall) {
            printf("%s: no test %s\n", self, argv[k]);
            return -1;
        }
    }
    return 0;
}

int gt_main(int argc, char **argv, const struct gtest *tests, size_t n,
            int (*child_fn)(const char *name, const char *arg))
{
    int passed = 0, failed = 0;

    self = argv[0];
    all = tests;
    nall = n;
    if (argc >= 3 && !strcmp(argv[1], "--child"))
        return child_fn(argv[2], argc > 3 ? argv[3] : "0");
    if (check_names(argc, argv))
        return 2;
    for (size_t i = 0; i < n; i++) {
        bool named = argc == 1 && !tests[i].big;
        for (int k = 1; k < argc; k++)
            named |= !strcmp(argv[k], tests[i].name);
        if (!named)
            continue;
        if (run_test(&tests[i]))
            passed++;
        else
            failed++;
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed;
}
