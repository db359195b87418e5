/*
 * test_sym — the host symbolizer (image/sym.h) on tests/unit/sym_fixture.S,
 * an ELF with a known layout linked at KSEG32 like the kernel: function
 * +offset and file:line inside sized functions and an unsized label, the
 * same file without debug info (names only) and without symbols (none),
 * refusals of a missing file and a non-ELF, and the real kernel's entry
 * and panic() (found by name with sym_find).
 * The Makefile builds the fixtures in build/unit/ (SYM_FIXTURE_DIR).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "image/sym.h"

#define BASE 0xffffffff80001000ull          /* _start in the fixture */
#define FIX_SRC "tests/unit/sym_fixture.S"

static char path_buf[512];

static const char *fixture(const char *name)
{
    const char *dir = getenv("SYM_FIXTURE_DIR");
    snprintf(path_buf, sizeof(path_buf), "%s/%s", dir ? dir : "build/unit", name);
    return path_buf;
}

static void expect(struct sym_file *f, uint64_t addr, const char *func, uint64_t off, int line)
{
    struct sym_info si;

    assert_int_equal(sym_lookup(f, addr, &si), 0);
    assert_string_equal(si.func, func);
    assert_int_equal(si.offset, off);
    if (line) {
        assert_non_null(si.file);
        assert_string_equal(si.file, FIX_SRC);
        assert_int_equal(si.line, line);
    } else {
        assert_null(si.file);
        assert_int_equal(si.line, 0);
    }
}

static void test_debug(void **state)
{
    struct sym_file *f = sym_file_open(fixture("sym_fixture.elf"));
    (void)state;
    assert_non_null(f);
    expect(f, BASE, "_start", 0, 13);
    expect(f, BASE + 4, "_start", 4, 14);
    expect(f, BASE + 8, "fix_func", 0, 20);
    expect(f, BASE + 0x10, "fix_func", 8, 22);
    expect(f, BASE + 0x14, "fix_func", 0xc, 23);
    expect(f, BASE + 0x1c, "fix_label", 4, 30);
    sym_file_close(f);
}

static void test_describe(void **state)
{
    struct sym_file *f = sym_file_open(fixture("sym_fixture.elf"));
    char buf[128], small[8];
    (void)state;
    assert_non_null(f);
    assert_int_equal(sym_describe(f, BASE + 0x10, buf, sizeof(buf)), 0);
    assert_string_equal(buf, "fix_func+0x8 (" FIX_SRC ":22)");
    /* Below the image: no module, the bare address. */
    assert_int_equal(sym_describe(f, 0x10000, buf, sizeof(buf)), -1);
    assert_string_equal(buf, "0x10000");
    /* Truncated, still terminated. */
    assert_int_equal(sym_describe(f, BASE + 0x10, small, sizeof(small)), 0);
    assert_string_equal(small, "fix_fun");
    assert_int_equal(sym_describe(NULL, BASE, buf, sizeof(buf)), -1);
    assert_string_equal(buf, "0xffffffff80001000");
    sym_file_close(f);
}

static void test_no_debug(void **state)
{
    struct sym_file *f = sym_file_open(fixture("sym_fixture.nodebug.elf"));
    char buf[128];
    (void)state;
    assert_non_null(f);
    expect(f, BASE + 0x10, "fix_func", 8, 0);
    expect(f, BASE + 0x18, "fix_label", 0, 0);
    assert_int_equal(sym_describe(f, BASE + 0xc, buf, sizeof(buf)), 0);
    assert_string_equal(buf, "fix_func+0x4");
    sym_file_close(f);
}

static void test_no_symbols(void **state)
{
    struct sym_file *f = sym_file_open(fixture("sym_fixture.stripped.elf"));
    struct sym_info si;
    (void)state;
    assert_non_null(f);
    assert_int_equal(sym_lookup(f, BASE + 8, &si), -1);
    assert_null(si.func);
    sym_file_close(f);
}

static void test_refusals(void **state)
{
    (void)state;
    assert_null(sym_file_open(fixture("no-such-file.elf")));
    assert_null(sym_file_open(FIX_SRC));            /* text, not an ELF */
    sym_file_close(NULL);
}

/* The real kernel (built with -g and -ffile-prefix-map): its entry point
 * is _start, the first line of code in guestos/entry.S; panic is in
 * guestos/kprintf.c. */
static void test_kernel(void **state)
{
    struct sym_file *f = sym_file_open("build/guestos/kernel.elf");
    const char *want = "_start+0x0 (guestos/entry.S:";
    struct sym_info si;
    uint64_t addr;
    char buf[128];
    (void)state;
    assert_non_null(f);
    assert_int_equal(sym_describe(f, 0xffffffff80100000ull, buf, sizeof(buf)), 0);
    if (strncmp(buf, want, strlen(want)) != 0)
        fail_msg("kernel entry described as \"%s\"", buf);
    /* RISC-V mapping symbols ("$xrv64i2p1...") at _start are not names. */
    assert_int_equal(sym_describe(f, 0xffffffff80100010ull, buf, sizeof(buf)), 0);
    if (strncmp(buf, "_start+0x10 (guestos/entry.S:", 29) != 0)
        fail_msg("kernel _start+0x10 described as \"%s\"", buf);
    /* A C function, its file relative to the tree (-ffile-prefix-map). */
    assert_int_equal(sym_find(f, "panic", &addr), 0);
    assert_int_equal(sym_lookup(f, addr + 4, &si), 0);
    assert_string_equal(si.func, "panic");
    assert_int_equal(si.offset, 4);
    assert_string_equal(si.file, "guestos/kprintf.c");
    assert_int_equal(sym_find(f, "no_such_function", &addr), -1);
    sym_file_close(f);
}

/* A user program: picolibc's DWARF defeats libdw's quick lookup, the
 * per-unit walk still finds the program's own lines. */
static void test_user_program(void **state)
{
    struct sym_file *f = sym_file_open("build/workloads/hello.elf");
    struct sym_info si;
    uint64_t addr;
    (void)state;
    assert_non_null(f);
    assert_int_equal(sym_find(f, "main", &addr), 0);
    assert_int_equal(sym_lookup(f, addr, &si), 0);
    assert_string_equal(si.func, "main");
    assert_int_equal(si.offset, 0);
    assert_non_null(si.file);
    assert_string_equal(si.file, "workloads/hello.c");
    assert_true(si.line > 0);
    sym_file_close(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_debug),
        cmocka_unit_test(test_describe),
        cmocka_unit_test(test_no_debug),
        cmocka_unit_test(test_no_symbols),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_kernel),
        cmocka_unit_test(test_user_program),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
