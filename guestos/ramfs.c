/*
 * ramfs.c — RAM files (see ramfs.h).  Each file is an array of kernel pages
 * allocated as writes reach them; a page never written reads as zeros.
 */
#include "guestos/file.h"
#include "guestos/kalloc.h"
#include "guestos/proc.h"
#include "guestos/ramfs.h"

struct rnode {
    char name[VPATH_MAX];         /* "" when the slot is free */
    uint64_t size;
    int opens;                    /* open files referring to it */
    bool unlinked;                /* removed while open: freed at the last close */
    uint8_t *page[RAMFS_PAGES];
};

static struct rnode nodes[RAMFS_FILES];

static struct rnode *lookup(const char *name)
{
    for (int i = 0; i < RAMFS_FILES; i++)
        if (nodes[i].name[0] && !nodes[i].unlinked && !strcmp(nodes[i].name, name))
            return &nodes[i];
    return NULL;
}

static void truncate(struct rnode *n)
{
    for (int i = 0; i < RAMFS_PAGES; i++) {
        kpage_free(n->page[i], VB_RAMFS);
        n->page[i] = NULL;
    }
    n->size = 0;
}

/* Bytes of n at offset off to or from user memory, one page at a time.
 * Writing allocates pages, each charged to VB_RAMFS first.  0, -VE_FAULT or
 * -VE_NOSPC (the charge failed: no frame is left for RAM files). */
static int node_copy(struct rnode *n, uint64_t off, uint64_t uva, uint64_t len, bool write)
{
    static const uint8_t zeros[256];

    while (len) {
        uint64_t pg = off / PAGE_SIZE, at = off % PAGE_SIZE, piece = MIN(len, PAGE_SIZE - at);
        if (write && !n->page[pg] && !(n->page[pg] = kpage_alloc(VB_RAMFS)))
            return -VE_NOSPC;
        if (!write && !n->page[pg])
            piece = MIN(piece, sizeof(zeros));
        if (copy_user(!write, n->page[pg] ? n->page[pg] + at : (void *)zeros, uva, piece))
            return -VE_FAULT;
        off += piece;
        uva += piece;
        len -= piece;
    }
    return 0;
}

static int64_t ram_read(struct file *f, uint64_t ubuf, uint64_t len)
{
    struct rnode *n = f->priv;
    uint64_t cnt = f->off < n->size ? MIN(len, n->size - f->off) : 0;

    if (cnt && node_copy(n, f->off, ubuf, cnt, false))
        return -VE_FAULT;
    f->off += cnt;
    return (int64_t)cnt;
}

static int64_t ram_write(struct file *f, uint64_t ubuf, uint64_t len)
{
    struct rnode *n = f->priv;
    uint64_t off = f->append ? n->size : f->off;

    if (off >= RAMFS_FILE_MAX)
        return len ? -VE_FBIG : 0;
    len = MIN(len, RAMFS_FILE_MAX - off);
    int r = node_copy(n, off, ubuf, len, true);
    if (r)
        return r;
    f->off = off + len;
    n->size = MAX(n->size, f->off);
    return (int64_t)len;
}

/* Free n's pages and slot once it is removed and nothing has it open. */
static void release_if_unused(struct rnode *n)
{
    if (!n->opens && n->unlinked) {
        truncate(n);
        n->name[0] = 0;
        n->unlinked = false;
    }
}

static void ram_close(struct file *f)
{
    struct rnode *n = f->priv;

    n->opens--;
    release_if_unused(n);
}

static const struct file_ops ram_ops = { .read = ram_read, .write = ram_write, .close = ram_close };

static struct rnode *create(const char *name)
{
    for (int i = 0; i < RAMFS_FILES; i++)
        if (!nodes[i].name[0]) {
            strlcpy(nodes[i].name, name, sizeof(nodes[i].name));
            return &nodes[i];
        }
    return NULL;
}

int ramfs_open(const char *name, int flags, struct file **out)
{
    struct rnode *n = lookup(name);

    if (n && (flags & VO_CREAT) && (flags & VO_EXCL))
        return -VE_EXIST;
    if (!n && !(flags & VO_CREAT))
        return -VE_NOENT;
    struct file *f = file_alloc(&ram_ops, flags & VO_ACCMODE);
    if (!f)
        return -VE_NOMEM;
    f->append = flags & VO_APPEND;
    if (!n && !(n = create(name))) {
        kfree(f);
        return -VE_NOSPC;
    }
    if ((flags & VO_TRUNC) && (flags & VO_ACCMODE) != VO_RDONLY)
        truncate(n);
    n->opens++;
    f->priv = n;
    *out = f;
    return 0;
}

bool ramfs_exists(const char *name)
{
    return lookup(name) != NULL;
}

int ramfs_unlink(const char *name)
{
    struct rnode *n = lookup(name);

    if (!n)
        return -VE_NOENT;
    n->unlinked = true;
    release_if_unused(n);
    return 0;
}

int64_t ramfs_size(const struct file *f)
{
    return f->ops == &ram_ops ? (int64_t)((struct rnode *)f->priv)->size : -1;
}

const char *ramfs_name(int i)
{
    return nodes[i].name[0] && !nodes[i].unlinked ? nodes[i].name : NULL;
}

int64_t ramfs_kread(const char *name, uint64_t off, void *buf, uint64_t len)
{
    const struct rnode *n = lookup(name);
    uint8_t *k = buf;

    if (!n)
        return -VE_NOENT;
    if (!buf)
        return (int64_t)n->size;
    len = off < n->size ? MIN(len, n->size - off) : 0;
    for (uint64_t done = 0; done < len; ) {
        uint64_t pg = (off + done) / PAGE_SIZE, at = (off + done) % PAGE_SIZE;
        uint64_t piece = MIN(len - done, PAGE_SIZE - at);
        if (n->page[pg])
            memcpy(k + done, n->page[pg] + at, piece);
        else
            memset(k + done, 0, piece);         /* a page never written reads as zeros */
        done += piece;
    }
    return (int64_t)len;
}
