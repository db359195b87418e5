/*
 * gtest.h — the guest test harness (usertests, vlmtests): every test runs
 * in a child process of the runner, which checks the free-frame and commit
 * counts and the process slots in use before and after it (after the VLM driver's donors, which the
 * kernel reaps, have gone).  Prints "test NAME: PASS|FAIL (...)" and
 * "N passed, N failed"; the exit status is the number of failures.
 */
#ifndef GTEST_H
#define GTEST_H

#include <stdbool.h>
#include <stddef.h>
#include "workloads/lib/vlmos_user.h"

struct gtest {
    const char *name;
    void (*fn)(void);
    bool big;                 /* run only when named */
};

extern int gt_failures;       /* CHECKs that failed in this process */
#define CHECK(c) do { if (!(c)) { printf("  check failed: %s (line %d)\n", #c, __LINE__); \
                                  gt_failures++; } } while (0)

/* Run "SELF --child name arg": its wait status; why gets the kill report. */
int gt_child(const char *name, const char *arg, char *why, size_t n);

/* Start "SELF --child name arg" without waiting: its pid, or -1. */
int gt_spawn(const char *name, const char *arg);

/* meminfo, or zeros (and a message) if it fails. */
struct vmeminfo gt_mem(void);

/* Process slots in use (memaudit), or -1 (and a message) if it fails. */
int gt_slots(void);

/* Wait (up to about a second of machine time) until the VLM driver has no
 * live donors left; true if it got there, false if not or if the driver
 * cannot be asked (vlm_stat failed: a message says so). */
bool gt_settle(void);

/*
 * gt_main — the program's main: "--child NAME ARG" runs child_fn(NAME, ARG)
 * (which runs a test's fn itself when NAME is a test); otherwise run the
 * named tests, or every test not marked big, and print "N passed, N failed".
 * Returns the number that failed, or 2 (after a message) if a name on the
 * command line is no test.
 */
int gt_main(int argc, char **argv, const struct gtest *tests, size_t n,
            int (*child_fn)(const char *name, const char *arg));

/* For child_fn: run the test named name.  Returns 0 if it passed, 1 if it
 * failed, and 100 (after printing "PROG: no test NAME") if there is none. */
int gt_run_named(const char *name);

#endif /* GTEST_H */
