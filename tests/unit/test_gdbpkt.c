/*
 * test_gdbpkt — the gdb stub's protocol layer (emu/gdbstub_pkt.h): framing
 * with checksums and escapes round-trips, acks and Ctrl-C are events, a
 * bad checksum or an oversized packet is GDB_RX_BAD and the receiver
 * recovers, hex helpers refuse junk.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "emu/gdbstub_pkt.h"

static struct gdb_rx rx;

/* Feed s[0..n); the last event other than NONE. */
static enum gdb_rx_event feed(const void *s, size_t n)
{
    enum gdb_rx_event last = GDB_RX_NONE, ev;
    for (size_t i = 0; i < n; i++)
        if ((ev = gdb_rx_feed(&rx, ((const uint8_t *)s)[i])) != GDB_RX_NONE)
            last = ev;
    return last;
}

static void test_frame(void **state)
{
    char out[64];
    (void)state;
    /* "OK": 'O' + 'K' = 0x9a */
    assert_int_equal(gdb_frame("OK", 2, out, sizeof(out)), 6);
    assert_memory_equal(out, "$OK#9a", 6);
    /* '#', '$', '}' and '*' are escaped as '}' then c ^ 0x20, summed as sent. */
    size_t n = gdb_frame("a#b}", 4, out, sizeof(out));
    assert_int_equal(n, 1 + 6 + 3);
    assert_memory_equal(out, "$a}\x03" "b}]#", 8);
    assert_int_equal(gdb_frame("OK", 2, out, 5), 0);         /* does not fit */
}

static void test_roundtrip(void **state)
{
    const char payload[] = "X10,4:\x00#}$*\xff";
    char out[64];
    (void)state;
    gdb_rx_reset(&rx);
    size_t n = gdb_frame(payload, sizeof(payload) - 1, out, sizeof(out));
    assert_int_equal(feed(out, n), GDB_RX_PACKET);
    assert_int_equal(rx.len, sizeof(payload) - 1);
    assert_memory_equal(rx.buf, payload, sizeof(payload) - 1);
}

static void test_events(void **state)
{
    (void)state;
    gdb_rx_reset(&rx);
    assert_int_equal(gdb_rx_feed(&rx, '+'), GDB_RX_ACK);
    assert_int_equal(gdb_rx_feed(&rx, '-'), GDB_RX_NACK);
    assert_int_equal(gdb_rx_feed(&rx, 0x03), GDB_RX_INTERRUPT);
    assert_int_equal(feed("garbage", 7), GDB_RX_NONE);          /* ignored between packets */
    assert_int_equal(feed("$?#3f", 5), GDB_RX_PACKET);
    assert_string_equal(rx.buf, "?");
}

static void test_bad(void **state)
{
    static char big[GDB_PKT_MAX + 100];
    char out[16];
    (void)state;
    gdb_rx_reset(&rx);
    assert_int_equal(feed("$?#00", 5), GDB_RX_BAD);             /* wrong checksum */
    assert_int_equal(feed("$?#zz", 5), GDB_RX_BAD);             /* not hex */
    assert_int_equal(feed("$?#3f", 5), GDB_RX_PACKET);          /* recovered */
    /* Oversized with a right checksum: refused whole, memory bounded. */
    unsigned sum = 0;
    memset(big, 'm', sizeof(big));
    for (size_t i = 0; i < sizeof(big); i++)
        sum += (uint8_t)big[i];
    snprintf(out, sizeof(out), "#%02x", sum & 0xFF);
    gdb_rx_feed(&rx, '$');
    assert_int_equal(feed(big, sizeof(big)), GDB_RX_NONE);
    assert_int_equal(feed(out, 3), GDB_RX_BAD);
    assert_int_equal(feed("$g#67", 5), GDB_RX_PACKET);
    assert_string_equal(rx.buf, "g");
}

static void test_hex(void **state)
{
    uint8_t b[4];
    char h[9];
    uint64_t v;
    const char *p;
    (void)state;
    gdb_hex_encode("\x01\xab\xff\x00", 4, h);
    assert_string_equal(h, "01abff00");
    assert_int_equal(gdb_hex_decode("01ABff00", b, 4), 0);
    assert_memory_equal(b, "\x01\xab\xff\x00", 4);
    assert_int_equal(gdb_hex_decode("0g", b, 1), -1);
    p = "ffffffff80100000,4";
    assert_int_equal(gdb_parse_hex(&p, &v), 0);
    assert_true(v == 0xffffffff80100000ull);
    assert_string_equal(p, ",4");
    p = ",4";
    assert_int_equal(gdb_parse_hex(&p, &v), -1);
    assert_string_equal(p, ",4");
    p = "12345678901234567";                                      /* 17 digits: too long */
    assert_int_equal(gdb_parse_hex(&p, &v), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_frame),
        cmocka_unit_test(test_roundtrip),
        cmocka_unit_test(test_events),
        cmocka_unit_test(test_bad),
        cmocka_unit_test(test_hex),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
