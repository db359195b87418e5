/*
 * initrd.c — cpio newc parser (see initrd.h).  Header: "070701", then 13
 * eight-digit hex fields; the name follows, padded so name and data each
 * start on a 4-byte boundary.  "TRAILER!!!" ends the archive.
 */
#include "guestos/initrd.h"

#define NEWC_HDR   110
#define F_MODE     1
#define F_FILESIZE 6
#define F_NAMESIZE 11
#define S_IFMT     0170000
#define S_IFREG    0100000

static struct initrd_file files[INITRD_MAX_FILES];
static int nfiles;

/* Hex field i of the header at h; -1 if it is not 8 hex digits. */
static int64_t field(const char *h, int i)
{
    int64_t v = 0;

    for (int k = 0; k < 8; k++) {
        char c = h[6 + 8 * i + k];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
                c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

static const char *strip(const char *name)
{
    while (name[0] == '.' && name[1] == '/')
        name += 2;
    while (name[0] == '/')
        name++;
    return name;
}

static int bad(uint64_t off, const char *why)
{
    kprintf("vlmos: initrd: %s at offset %lu\n", why, (unsigned long)off);
    return -VE_NOEXEC;
}

/* Parse one member at off; sets *next, or returns 1 at the trailer. */
static int parse_member(const char *base, uint64_t size, uint64_t off, uint64_t *next)
{
    const char *h = base + off;

    if (size - off < NEWC_HDR || memcmp(h, "070701", 6) != 0)
        return bad(off, "not a cpio newc header");
    int64_t mode = field(h, F_MODE), fsize = field(h, F_FILESIZE), nsize = field(h, F_NAMESIZE);
    if (mode < 0 || fsize < 0 || nsize < 1)
        return bad(off, "corrupt header field");
    uint64_t name_off = off + NEWC_HDR, data_off = ROUNDUP(name_off + (uint64_t)nsize, 4);
    if (data_off > size || (uint64_t)fsize > size - data_off || h[NEWC_HDR + nsize - 1])
        return bad(off, "member runs past the end");
    const char *name = strip(h + NEWC_HDR);
    if (!strcmp(name, "TRAILER!!!"))
        return 1;
    if ((mode & S_IFMT) == S_IFREG && *name) {
        if (nfiles == INITRD_MAX_FILES || strlen(name) >= VPATH_MAX)
            return bad(off, "too many files or name too long");
        struct initrd_file *f = &files[nfiles++];
        strlcpy(f->name, name, sizeof(f->name));
        f->data = (const uint8_t *)base + data_off;
        f->size = (uint64_t)fsize;
    }
    *next = ROUNDUP(data_off + (uint64_t)fsize, 4);
    return 0;
}

int initrd_init(void)
{
    const char *base = PA_TO_KVA(boot.initrd_pa);
    uint64_t off = 0;
    int r;

    nfiles = 0;
    if (!boot.initrd_size)
        return 0;
    while ((r = parse_member(base, boot.initrd_size, off, &off)) == 0)
        ;
    return r < 0 ? r : nfiles;
}

const struct initrd_file *initrd_find(const char *path)
{
    path = strip(path);
    for (int i = nfiles - 1; i >= 0; i--)
        if (!strcmp(files[i].name, path))
            return &files[i];
    return NULL;
}

const struct initrd_file *initrd_get(uint64_t i)
{
    return i < (uint64_t)nfiles ? &files[i] : NULL;
}
