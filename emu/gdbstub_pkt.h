/*
 * gdbstub_pkt.h — the GDB Remote Serial Protocol's framing, apart from any
 * socket or machine so it can be unit-tested: "$payload#cs" packets with a
 * modulo-256 checksum, '}' escapes, the '+'/'-' acknowledgements and the
 * 0x03 interrupt byte (GDB manual, "Overview" of Remote Protocol).
 *
 * Bad input never grows memory or blocks: a packet longer than
 * GDB_PKT_MAX is discarded whole, and a bad checksum or an oversized packet
 * is reported as GDB_RX_BAD (the stub answers '-').  Bytes outside a packet
 * other than '+', '-' and 0x03 are ignored.
 */
#ifndef GDBSTUB_PKT_H
#define GDBSTUB_PKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GDB_PKT_MAX 16384          /* payload bytes after unescaping; qSupported says PacketSize */

enum gdb_rx_event { GDB_RX_NONE, GDB_RX_PACKET, GDB_RX_BAD, GDB_RX_ACK, GDB_RX_NACK,
                    GDB_RX_INTERRUPT };

/* Receiver state.  Zero-initialise (or gdb_rx_reset) before the first byte. */
struct gdb_rx {
    int state;                    /* internal */
    bool escape, overflow;
    uint8_t sum;
    int ncs;                      /* checksum digits seen */
    char cs[2];
    size_t len;                   /* payload length of the last GDB_RX_PACKET */
    char buf[GDB_PKT_MAX + 1];    /* the payload, NUL-terminated (may hold binary) */
};

void gdb_rx_reset(struct gdb_rx *rx);

/* Feed one received byte.  Returns GDB_RX_PACKET when a packet with a good
 * checksum is complete (rx->buf/rx->len hold it until the next feed), and
 * the other events as they occur; GDB_RX_NONE otherwise.  Can't fail. */
enum gdb_rx_event gdb_rx_feed(struct gdb_rx *rx, uint8_t c);

/*
 * gdb_frame — "$" + payload[0..n) with '#', '$', '}' and '*' escaped +
 * "#xx" into out (cap bytes).  Returns the framed length, or 0 if it does
 * not fit (out is then unspecified).  Never writes past cap.
 */
size_t gdb_frame(const void *payload, size_t n, char *out, size_t cap);

/* Lower-case hex of n bytes into out (2n chars + NUL; caller sizes it). */
void gdb_hex_encode(const void *buf, size_t n, char *out);

/* Decode exactly n bytes from 2n hex chars at s.  0, or -1 on a non-hex
 * char (buf partly written). */
int gdb_hex_decode(const char *s, void *buf, size_t n);

/* Parse a hex number at *s (at least one digit, at most 16), advance *s
 * past it.  0, or -1 (then *s is unchanged). */
int gdb_parse_hex(const char **s, uint64_t *v);

#endif /* GDBSTUB_PKT_H */
