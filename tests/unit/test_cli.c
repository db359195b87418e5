/*
 * test_cli — size and count parsing, and `run` option handling: defaults,
 * the TLB policy that follows the clock, and every rejection.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "emu/cli.h"

static void test_sizes(void **state)
{
    uint64_t v;
    (void)state;
    assert_int_equal(parse_size("16G", &v), 0);   assert_int_equal(v, 16UL << 30);
    assert_int_equal(parse_size("512m", &v), 0);  assert_int_equal(v, 512UL << 20);
    assert_int_equal(parse_size("64K", &v), 0);   assert_int_equal(v, 64UL << 10);
    assert_int_equal(parse_size("1T", &v), 0);    assert_int_equal(v, 1UL << 40);
    assert_int_equal(parse_size("8192", &v), 0);  assert_int_equal(v, 8192);
    const char *bad[] = { "", "G", "0", "-1G", "12Q", "1GB", "99999999999999999999",
                          "17179869184G", " 1G", "1.5G" };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (parse_size(bad[i], &v) == 0)
            fail_msg("parse_size accepted \"%s\"", bad[i]);
    assert_int_equal(parse_size(NULL, &v), -1);
}

static void test_counts(void **state)
{
    uint64_t v;
    (void)state;
    assert_int_equal(parse_count("5000", &v), 0);
    assert_int_equal(v, 5000);
    assert_int_equal(parse_count("0", &v), -1);
    assert_int_equal(parse_count("-5", &v), -1);
    assert_int_equal(parse_count("5k", &v), -1);
    assert_int_equal(parse_count("", &v), -1);
}

static int parse(struct machine_config *c, const char *a1, const char *a2, const char *a3,
                 const char *a4)
{
    char *argv[] = { "run", (char *)a1, (char *)a2, (char *)a3, (char *)a4, NULL };
    int argc = 1;
    while (argv[argc])
        argc++;
    return cli_parse_run(argc, argv, c);
}

static void test_run_options(void **state)
{
    struct machine_config c;
    (void)state;
    assert_int_equal(parse(&c, "--kernel", "k.elf", NULL, NULL), 0);
    assert_string_equal(c.kernel_path, "k.elf");
    assert_int_equal(c.ram_size, 16UL << 30);
    assert_int_equal(c.clock, CLOCK_ICOUNT);
    assert_int_equal(c.policy, TLB_EXACT);
    assert_int_equal(c.itb_size, 48);
    assert_int_equal(c.dtb_size, 64);
    assert_int_equal(parse(&c, "--clock", "host", "--kernel", "k"), 0);
    assert_int_equal(c.policy, TLB_FAST);                  /* host clock runs fast */
    assert_int_equal(parse(&c, "--clock=host", "--tlb=exact", "--kernel=k", NULL), 0);
    assert_int_equal(c.policy, TLB_EXACT);                 /* unless told otherwise */
    assert_int_equal(parse(&c, "--ram", "64M", "--kernel", "k"), 0);
    assert_int_equal(c.ram_size, 64UL << 20);
    assert_false(c.vlmos);
    assert_int_equal(c.argc, 0);
    assert_int_equal(c.gdb_port, 0);                       /* no stub by default */
    assert_int_equal(parse(&c, "--gdb", "1234", "--gdb-wait", "sh"), 0);
    assert_int_equal(c.gdb_port, 1234);
    assert_true(c.gdb_wait);
}

/* Without --kernel: VLM/OS runs PROGRAM (sh by default); a path is a host file. */
static void test_run_program(void **state)
{
    struct machine_config c;
    (void)state;
    assert_int_equal(parse(&c, NULL, NULL, NULL, NULL), 0);
    assert_true(c.vlmos);
    assert_int_equal(c.argc, 1);
    assert_string_equal(c.argv[0], "sh");
    assert_null(c.extra_path);
    assert_int_equal(parse(&c, "--proc-limit", "64M", "hello", "-x"), 0);
    assert_int_equal(c.proc_limit, 64UL << 20);
    assert_int_equal(c.argc, 2);
    assert_string_equal(c.argv[0], "hello");
    assert_string_equal(c.argv[1], "-x");                  /* not an option of run */
    assert_int_equal(parse(&c, "./build/prog", "a", NULL, NULL), 0);
    assert_string_equal(c.extra_path, "./build/prog");
    assert_int_equal(parse(&c, "--kernel", "k", "arg", NULL), 0);
    assert_false(c.vlmos);
    assert_int_equal(c.argc, 1);
}

static void test_run_rejections(void **state)
{
    struct machine_config c;
    (void)state;
    const char *bad[][4] = {
        { "--kernel", NULL }, { "--ram", "512K", "--kernel", "k" },
        { "--ram", "4T", "--kernel", "k" }, { "--clock", "wall", "--kernel", "k" },
        { "--tlb", "slow", "--kernel", "k" }, { "--itb", "0", "--kernel", "k" },
        { "--max-insns", "x", "--kernel", "k" }, { "--nope", "--kernel", "k" },
        { "dir/", NULL }, { "", NULL }, { "--proc-limit", "lots", "sh" },
        { "--proc-limit", "32K", "sh" }, { "--proc-limit", "100000", "sh" },
        { "--gdb", "0", "sh" }, { "--gdb", "65536", "sh" }, { "--gdb", "x", "sh" },
        { "--gdb-wait", "sh" },
        { "--itb", "1", "--kernel", "k" }, { "--dtb", "1", "--kernel", "k" },
        { "--quantum", "999", "sh" }, { "--quantum", "99", "--kernel", "k" },
        { "--quantum", "1000000000001", "sh" },
        { "--clock", "host", "--quantum", "100000001" },
    };
    FILE *saved = stderr;
    stderr = fopen("/dev/null", "w");                      /* the one-line messages */
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (parse(&c, bad[i][0], bad[i][1], bad[i][2], bad[i][3]) == 0)
            fail_msg("accepted case %zu (%s %s)", i, bad[i][0], bad[i][1]);
    fclose(stderr);
    stderr = saved;
}

/* The shortest accepted values run (tests/machine/run.sh boots them). */
static void test_run_limits(void **state)
{
    struct machine_config c;
    (void)state;
    assert_int_equal(parse(&c, "--itb", "2", "--kernel", "k"), 0);
    assert_int_equal(c.itb_size, 2);
    assert_int_equal(parse(&c, "--quantum", "1000", "sh", NULL), 0);
    assert_int_equal(c.quantum, 1000);
    assert_int_equal(parse(&c, "--quantum", "100", "--kernel", "k"), 0);
    assert_int_equal(c.quantum, 100);
}

/* Each rejection names its real problem, in one line. */
static void expect_message(const char *a, const char *b, const char *want)
{
    struct machine_config c;
    char *buf = NULL;
    size_t len = 0;
    FILE *saved = stderr;

    stderr = open_memstream(&buf, &len);
    int r = parse(&c, a, b, "hello", NULL);
    fclose(stderr);
    stderr = saved;
    assert_int_equal(r, -1);
    if (!strstr(buf, want) || strchr(buf, '\n') != buf + len - 1)
        fail_msg("%s %s: got \"%s\", want one line with \"%s\"", a, b ? b : "", buf, want);
    free(buf);
}

static void test_run_messages(void **state)
{
    (void)state;
    expect_message("-x", NULL, "-x: unknown option");
    expect_message("--bogus", NULL, "--bogus: unknown option");
    expect_message("--stats=1", NULL, "--stats=1: does not take a value");
    expect_message("--itb", "1", "--itb 1: expected 2..4096 entries");
    expect_message("--quantum", "390", "--quantum 390: VLM/OS needs at least 1000");
    expect_message("--ram", NULL, "needs a value");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sizes), cmocka_unit_test(test_counts),
        cmocka_unit_test(test_run_options), cmocka_unit_test(test_run_program),
        cmocka_unit_test(test_run_rejections), cmocka_unit_test(test_run_limits),
        cmocka_unit_test(test_run_messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
