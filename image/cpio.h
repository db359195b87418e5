/*
 * cpio.h — the initrd format, cpio "newc" (as `cpio -o -H newc` writes it):
 * checking an archive before the guest sees it, and appending a host file
 * (`alphavlm run ./prog` adds prog to the initrd).
 */
#ifndef CPIO_H
#define CPIO_H

#include <stddef.h>
#include <stdint.h>

#define CPIO_NEWC_HDR 110

/*
 * cpio_check — walk the archive in buf[0..len): every header must be a
 * valid newc header whose name and data lie inside the buffer, and a
 * "TRAILER!!!" member must end it.  Returns 0 with *trailer = the offset of
 * the trailer's header, or -1 with a reason (naming the offset) in err.
 * Does not modify buf.
 */
int cpio_check(const uint8_t *buf, size_t len, size_t *trailer, char *err, size_t errlen);

/* Find the last member named name (a leading "./" or "/" ignored) in a
 * checked archive: 0 with *data and *size, or -1 if there is none. */
int cpio_find(const uint8_t *buf, size_t len, const char *name, const uint8_t **data, size_t *size);

/* One member of a checked archive, as cpio_next gives it. */
struct cpio_member {
    const char *name;          /* without a leading "./" or "/" */
    unsigned mode;
    const uint8_t *data;
    size_t size;
};

/* The member at *off of an archive cpio_check accepted (start with *off = 0):
 * 1 with *m filled and *off moved to the next member, or 0 at the trailer
 * (*m and *off unchanged).  Can't fail. */
int cpio_next(const uint8_t *buf, size_t *off, struct cpio_member *m);

/* Bytes cpio_append adds for a file named name of `size` bytes (the new
 * member, plus the trailer again). */
size_t cpio_append_size(const char *name, size_t size);

/* Where cpio_append puts a member's data: its offset from out. */
size_t cpio_data_offset(const char *name);

/*
 * cpio_append — write a regular-file member (mode 0755) named name with
 * data[0..size), then a new trailer, at out.  out must have
 * cpio_append_size(name, size) bytes.  data NULL: the caller has already
 * put the data at out + cpio_data_offset(name), and it is left as it is.
 * Returns the bytes written.  Can't fail.
 */
size_t cpio_append(uint8_t *out, const char *name, const void *data, size_t size);

#endif /* CPIO_H */
