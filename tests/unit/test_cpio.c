/*
 * test_cpio — the initrd checker and writer: archives that `cpio -o -H newc`
 * would write pass, every kind of damage is refused with its offset, and an
 * appended member reads back through the checker.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "image/cpio.h"

/* An archive with members "a" (5 bytes) and "bb" (empty), then the trailer:
 * "a":  110-byte header + "a\0" = 112, data 5 -> padded to 120;
 * "bb": 110 + "bb\0" = 113 -> 116, no data -> 116 (offset 120);
 * trailer: 110 + "TRAILER!!!\0" = 121 -> 124 (offset 236); total 360. */
static size_t build(uint8_t *buf)
{
    size_t tr, n = cpio_append(buf, "a", "hello", 5);
    char err[64];

    assert_int_equal(cpio_check(buf, n, &tr, err, sizeof(err)), 0);
    assert_int_equal(tr, 120);
    return tr + cpio_append(buf + tr, "bb", "", 0);
}

static void test_roundtrip(void **state)
{
    uint8_t buf[1024];
    size_t tr, n = build(buf);
    char err[64];
    (void)state;
    assert_int_equal(n, 360);
    assert_int_equal(cpio_append_size("a", 5), 120 + 124);
    assert_int_equal(cpio_check(buf, n, &tr, err, sizeof(err)), 0);
    assert_int_equal(tr, 236);
    assert_memory_equal(buf, "070701", 6);
    assert_memory_equal(buf + 6 + 8, "000081ed", 8);          /* mode 0100755 */
    assert_memory_equal(buf + 6 + 8 * 6, "00000005", 8);      /* filesize */
    assert_memory_equal(buf + CPIO_NEWC_HDR, "a", 2);
    assert_memory_equal(buf + 112, "hello", 5);
    assert_memory_equal(buf + 120 + CPIO_NEWC_HDR, "bb", 3);
    assert_memory_equal(buf + tr + CPIO_NEWC_HDR, "TRAILER!!!", 11);
}

static void expect_bad(const uint8_t *buf, size_t n, const char *why)
{
    size_t tr;
    char err[96] = "";
    if (cpio_check(buf, n, &tr, err, sizeof(err)) == 0)
        fail_msg("accepted a damaged archive (%s)", why);
    if (!strstr(err, why) || !strstr(err, "at offset"))
        fail_msg("reason \"%s\" does not say \"%s\" and where", err, why);
}

static void test_damage(void **state)
{
    uint8_t buf[1024], bad[1024];
    size_t n = build(buf);
    (void)state;
    expect_bad(buf, 0, "no TRAILER");
    expect_bad(buf, 50, "truncated header");
    memcpy(bad, buf, n); bad[0] = '1';
    expect_bad(bad, n, "not a cpio newc header");
    memcpy(bad, buf, n); bad[6 + 8 * 6 + 3] = 'z';           /* filesize field */
    expect_bad(bad, n, "corrupt header field");
    memcpy(bad, buf, n); memcpy(bad + 6 + 8 * 6, "7fffffff", 8);
    expect_bad(bad, n, "runs past the end");
    memcpy(bad, buf, n); bad[CPIO_NEWC_HDR + 1] = 'x';        /* name not NUL-terminated */
    expect_bad(bad, n, "not terminated");
    size_t tr;
    char err[64];
    cpio_check(buf, n, &tr, err, sizeof(err));
    expect_bad(buf, tr, "no TRAILER");                        /* cut before the trailer */
}

/* "./TRAILER!!!" ends the archive for the host as for the kernel
 * (guestos/initrd.c strips "./" and "/" first): a member after it is not one. */
static void test_trailer_spelling(void **state)
{
    uint8_t buf[1024];
    size_t tr, n = cpio_append(buf, "./TRAILER!!!", "", 0);   /* then the real trailer */
    char err[64];
    (void)state;
    assert_int_equal(cpio_check(buf, n, &tr, err, sizeof(err)), 0);
    assert_int_equal(tr, 0);                                  /* the first member ends it */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip), cmocka_unit_test(test_damage),
        cmocka_unit_test(test_trailer_spelling),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
