/*
 * cpio.c — see cpio.h.  A newc header is "070701" and 13 fields of 8 hex
 * digits (ino, mode, uid, gid, nlink, mtime, filesize, devmajor, devminor,
 * rdevmajor, rdevminor, namesize, check); name and data are each padded to
 * a 4-byte boundary.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "image/cpio.h"

enum { F_MODE = 1, F_NLINK = 4, F_FILESIZE = 6, F_NAMESIZE = 11, F_COUNT = 13 };
static const char trailer_name[] = "TRAILER!!!";

static const char *strip(const char *n)
{
    while (n[0] == '.' && n[1] == '/')
        n += 2;
    while (n[0] == '/')
        n++;
    return n;
}

/* Whether the member at h (its name NUL-terminated, checked) ends the
 * archive: the name after strip() is TRAILER!!!, the rule guestos/initrd.c
 * applies, so that the host counts exactly the members the kernel indexes. */
static bool is_trailer(const uint8_t *h)
{
    return !strcmp(strip((const char *)h + CPIO_NEWC_HDR), trailer_name);
}

static size_t pad4(size_t n)
{
    return (n + 3) & ~(size_t)3;
}

/* Field i of the header at h, or -1 if it is not 8 hex digits. */
static long long field(const uint8_t *h, int i)
{
    long long v = 0;

    for (int k = 0; k < 8; k++) {
        int c = h[6 + 8 * i + k], d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
        else return -1;
        v = v * 16 + d;
    }
    return v;
}

static int fail(char *err, size_t n, size_t off, const char *why)
{
    snprintf(err, n, "%s at offset %zu", why, off);
    return -1;
}

int cpio_check(const uint8_t *buf, size_t len, size_t *trailer, char *err, size_t errlen)
{
    size_t off = 0;

    for (;;) {
        const uint8_t *h = buf + off;
        if (len - off < CPIO_NEWC_HDR || memcmp(h, "070701", 6) != 0)
            return fail(err, errlen, off, len - off < CPIO_NEWC_HDR && off < len
                        ? "truncated header" : off >= len ? "no TRAILER!!! member"
                        : "not a cpio newc header");
        for (int i = 0; i < F_COUNT; i++)
            if (field(h, i) < 0)
                return fail(err, errlen, off, "corrupt header field");
        size_t nsize = (size_t)field(h, F_NAMESIZE), fsize = (size_t)field(h, F_FILESIZE);
        size_t data = pad4(off + CPIO_NEWC_HDR + nsize);
        if (nsize == 0 || data > len || fsize > len - data)
            return fail(err, errlen, off, "member runs past the end of the file");
        if (h[CPIO_NEWC_HDR + nsize - 1] != 0)
            return fail(err, errlen, off, "member name is not terminated");
        if (is_trailer(h)) {
            *trailer = off;
            return 0;
        }
        off = pad4(data + fsize);
        if (off >= len)
            return fail(err, errlen, off, "no TRAILER!!! member");
    }
}

static size_t member_size(const char *name, size_t size)
{
    return pad4(pad4(CPIO_NEWC_HDR + strlen(name) + 1) + size);
}

size_t cpio_append_size(const char *name, size_t size)
{
    return member_size(name, size) + member_size(trailer_name, 0);
}

static size_t put_member(uint8_t *out, const char *name, unsigned mode, const void *data,
                         size_t size)
{
    size_t nsize = strlen(name) + 1, total = member_size(name, size);
    char hdr[CPIO_NEWC_HDR + 32];

    /* newc sizes are 32 bits: the loader refuses bigger files before this. */
    snprintf(hdr, sizeof(hdr), "070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x",
             0u, mode, 0u, 0u, 1u, 0u, (unsigned)size, 0u, 0u, 0u, 0u, (unsigned)nsize, 0u);
    size_t doff = pad4(CPIO_NEWC_HDR + nsize);

    memcpy(out, hdr, CPIO_NEWC_HDR);
    memcpy(out + CPIO_NEWC_HDR, name, nsize);
    memset(out + CPIO_NEWC_HDR + nsize, 0, doff - CPIO_NEWC_HDR - nsize);
    if (data)
        memcpy(out + doff, data, size);
    memset(out + doff + size, 0, total - doff - size);
    return total;
}

size_t cpio_data_offset(const char *name)
{
    return pad4(CPIO_NEWC_HDR + strlen(name) + 1);
}

size_t cpio_append(uint8_t *out, const char *name, const void *data, size_t size)
{
    size_t n = put_member(out, name, 0100755, data, size);
    return n + put_member(out + n, trailer_name, 0, NULL, 0);
}

int cpio_next(const uint8_t *buf, size_t *off, struct cpio_member *m)
{
    const uint8_t *h = buf + *off;
    size_t nsize = (size_t)field(h, F_NAMESIZE), fsize = (size_t)field(h, F_FILESIZE);
    size_t doff = pad4(*off + CPIO_NEWC_HDR + nsize);

    if (is_trailer(h))
        return 0;
    m->name = strip((const char *)h + CPIO_NEWC_HDR);
    m->mode = (unsigned)field(h, F_MODE);
    m->data = buf + doff;
    m->size = fsize;
    *off = pad4(doff + fsize);
    return 1;
}

int cpio_find(const uint8_t *buf, size_t len, const char *name, const uint8_t **data, size_t *size)
{
    size_t off = 0, trailer;
    char err[96];
    int found = -1;

    if (cpio_check(buf, len, &trailer, err, sizeof(err)))
        return -1;
    while (off < trailer) {
        const uint8_t *h = buf + off;
        size_t nsize = (size_t)field(h, F_NAMESIZE), fsize = (size_t)field(h, F_FILESIZE);
        size_t doff = pad4(off + CPIO_NEWC_HDR + nsize);
        if (!strcmp(strip((const char *)h + CPIO_NEWC_HDR), strip(name))) {
            *data = buf + doff;
            *size = fsize;
            found = 0;                           /* keep looking: the last one wins */
        }
        off = pad4(doff + fsize);
    }
    return found;
}
