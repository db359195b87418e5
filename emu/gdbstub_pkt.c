/*
 * gdbstub_pkt.c — see gdbstub_pkt.h.
 */
#include <string.h>
#include "emu/gdbstub_pkt.h"

enum { RX_IDLE, RX_DATA, RX_CSUM };

void gdb_rx_reset(struct gdb_rx *rx)
{
    rx->state = RX_IDLE;
    rx->escape = rx->overflow = false;
    rx->sum = 0;
    rx->ncs = 0;
    rx->len = 0;
    rx->buf[0] = 0;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static enum gdb_rx_event rx_idle(struct gdb_rx *rx, uint8_t c)
{
    switch (c) {
    case '$':
        rx->state = RX_DATA;
        rx->escape = rx->overflow = false;
        rx->sum = 0;
        rx->len = 0;
        return GDB_RX_NONE;
    case '+':  return GDB_RX_ACK;
    case '-':  return GDB_RX_NACK;
    case 0x03: return GDB_RX_INTERRUPT;
    default:   return GDB_RX_NONE;
    }
}

static void rx_data(struct gdb_rx *rx, uint8_t c)
{
    if (c == '#') {
        rx->state = RX_CSUM;
        rx->ncs = 0;
        return;
    }
    rx->sum += c;
    if (c == '}' && !rx->escape) {
        rx->escape = true;
        return;
    }
    if (rx->escape)
        c ^= 0x20;
    rx->escape = false;
    if (rx->len >= GDB_PKT_MAX)
        rx->overflow = true;          /* keep counting the checksum, drop the bytes */
    else
        rx->buf[rx->len++] = (char)c;
}

static enum gdb_rx_event rx_csum(struct gdb_rx *rx, uint8_t c)
{
    rx->cs[rx->ncs++] = (char)c;
    if (rx->ncs < 2)
        return GDB_RX_NONE;
    rx->state = RX_IDLE;
    int hi = hexval(rx->cs[0]), lo = hexval(rx->cs[1]);
    rx->buf[rx->overflow ? 0 : rx->len] = 0;
    if (hi < 0 || lo < 0 || (uint8_t)(hi << 4 | lo) != rx->sum || rx->overflow) {
        rx->len = 0;
        return GDB_RX_BAD;
    }
    return GDB_RX_PACKET;
}

enum gdb_rx_event gdb_rx_feed(struct gdb_rx *rx, uint8_t c)
{
    switch (rx->state) {
    case RX_DATA: rx_data(rx, c); return GDB_RX_NONE;
    case RX_CSUM: return rx_csum(rx, c);
    default:      return rx_idle(rx, c);
    }
}

size_t gdb_frame(const void *payload, size_t n, char *out, size_t cap)
{
    static const char hex[] = "0123456789abcdef";
    const uint8_t *p = payload;
    size_t o = 0;
    uint8_t sum = 0;

    if (cap < 4)
        return 0;
    out[o++] = '$';
    for (size_t i = 0; i < n; i++) {
        uint8_t c = p[i];
        bool esc = c == '#' || c == '$' || c == '}' || c == '*';
        if (o + (esc ? 2 : 1) + 3 > cap)
            return 0;
        if (esc) {
            out[o++] = '}';
            sum += '}';
            c ^= 0x20;
        }
        out[o++] = (char)c;
        sum += c;
    }
    out[o++] = '#';
    out[o++] = hex[sum >> 4];
    out[o++] = hex[sum & 15];
    return o;
}

void gdb_hex_encode(const void *buf, size_t n, char *out)
{
    static const char hex[] = "0123456789abcdef";
    const uint8_t *p = buf;

    for (size_t i = 0; i < n; i++) {
        *out++ = hex[p[i] >> 4];
        *out++ = hex[p[i] & 15];
    }
    *out = 0;
}

int gdb_hex_decode(const char *s, void *buf, size_t n)
{
    uint8_t *p = buf;

    for (size_t i = 0; i < n; i++) {
        int hi = hexval((unsigned char)s[2 * i]), lo = hi < 0 ? -1 : hexval((unsigned char)s[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        p[i] = (uint8_t)(hi << 4 | lo);
    }
    return 0;
}

int gdb_parse_hex(const char **s, uint64_t *v)
{
    const char *p = *s;
    uint64_t x = 0;
    int d, n = 0;

    while ((d = hexval((unsigned char)*p)) >= 0) {
        if (++n > 16)
            return -1;
        x = x << 4 | (uint64_t)d;
        p++;
    }
    if (!n)
        return -1;
    *v = x;
    *s = p;
    return 0;
}
