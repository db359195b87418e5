/*
 * file.c — open files, initrd files and the built-in devices (see file.h).
 */
#include "guestos/file.h"
#include "guestos/initrd.h"
#include "guestos/kalloc.h"
#include "guestos/path.h"
#include "guestos/proc.h"
#include "guestos/ramfs.h"
#include "guestos/signal.h"

#define NDEV 8

static const struct device *devices[NDEV];

void dev_register(const struct device *d)
{
    for (int i = 0; i < NDEV; i++)
        if (!devices[i]) {
            devices[i] = d;
            return;
        }
    panic("dev_register: no room for %s", d->name);
}

/* ---- regular files: initrd members ------------------------------------ */

static int64_t reg_read(struct file *f, uint64_t ubuf, uint64_t len)
{
    uint64_t n = f->off < f->size ? MIN(len, f->size - f->off) : 0;

    if (n && copyout(curproc, ubuf, f->data + f->off, n))
        return -VE_FAULT;
    f->off += n;
    return (int64_t)n;
}

static const struct file_ops reg_ops = { .read = reg_read };

int64_t file_lseek(struct file *f, int64_t off, int whence)
{
    int64_t base, size = f->ops == &reg_ops ? (int64_t)f->size : ramfs_size(f);

    if (size < 0)
        return -VE_SPIPE;
    switch (whence) {
    case VSEEK_SET: base = 0; break;
    case VSEEK_CUR: base = (int64_t)f->off; break;
    case VSEEK_END: base = size; break;
    default: return -VE_INVAL;
    }
    /* base is in [0, INT64_MAX]: base + off overflows only upwards. */
    if (off < -base)
        return -VE_INVAL;
    if (off > INT64_MAX - base)
        return -VE_OVERFLOW;             /* not representable as a result */
    f->off = (uint64_t)(base + off);
    return (int64_t)f->off;
}

/* ---- devices ---------------------------------------------------------- */

static int64_t cons_write(struct file *f, uint64_t ubuf, uint64_t len)
{
    char tmp[512];
    uint64_t done = 0;
    (void)f;

    while (done < len) {
        uint64_t n = MIN(len - done, sizeof(tmp));
        if (copyin(curproc, tmp, ubuf + done, n))
            return done ? (int64_t)done : -VE_FAULT;
        console_write(tmp, n);
        done += n;
    }
    return (int64_t)len;
}

static int64_t cons_read(struct file *f, uint64_t ubuf, uint64_t len)
{
    (void)f;
    return console_read(ubuf, len);
}

static int64_t null_read(struct file *f, uint64_t ubuf, uint64_t len)
{
    (void)f; (void)ubuf; (void)len;
    return 0;
}

static int64_t null_write(struct file *f, uint64_t ubuf, uint64_t len)
{
    (void)f; (void)ubuf;
    return (int64_t)len;
}

static int64_t cons_ioctl(struct file *f, uint64_t cmd, uint64_t arg)
{
    (void)f;
    return console_ioctl(cmd, arg);
}

/* Output never blocks; input is ready with a line (a byte when raw) or at
 * the end of the host's input. */
static int cons_poll(struct file *f, const void **chan)
{
    (void)f;
    *chan = NULL;                     /* a poller waits through console_poll_in */
    return VPOLLOUT | VPOLLWRNORM | (console_poll_in(false, 0) ? VPOLLIN | VPOLLRDNORM : 0);
}

static const struct file_ops cons_ops = { .read = cons_read, .write = cons_write,
                                          .ioctl = cons_ioctl, .poll = cons_poll };
static const struct file_ops null_ops = { .read = null_read, .write = null_write };
static const struct device dev_console = { "/dev/console", &cons_ops, NULL };

/* /dev/tty: the console again, for a process whose controlling terminal it
 * is (its session's, signal.c); -VE_NXIO otherwise, as Linux without one. */
static int tty_open(struct file *f)
{
    (void)f;
    return boot.console_tty && sig_tty_open() ? 0 : -VE_NXIO;
}
static const struct device dev_tty = { "/dev/tty", &cons_ops, tty_open };

bool file_is_console(const struct file *f)
{
    return f->ops == &cons_ops;
}
static const struct device dev_null = { "/dev/null", &null_ops, NULL };

void file_init(void)
{
    dev_register(&dev_console);
    dev_register(&dev_tty);
    dev_register(&dev_null);
}

/* ---- open / dup / close --------------------------------------------- */

struct file *file_alloc(const struct file_ops *ops, int mode)
{
    struct file *f = kmalloc(sizeof(*f));

    if (f) {
        f->ops = ops;
        f->refs = 1;
        f->mode = mode;
    }
    return f;
}

static int open_device(const struct device *d, int flags, struct file **out)
{
    struct file *f = file_alloc(d->ops, flags & VO_ACCMODE);
    int r;

    if (!f)
        return -VE_NOMEM;
    if (d->open && (r = d->open(f)) != 0) {
        kfree(f);
        return r;
    }
    *out = f;
    return 0;
}

/* A name the initrd does not have: a RAM file, made if VO_CREAT asks.  Its
 * directories come into being with it (they are implied by names), but no
 * directory on the way may be a file. */
static int open_ram(const char *path, int flags, struct file **out)
{
    char dir[VPATH_MAX];

    if (path_is_dir(path))
        return -VE_ISDIR;
    for (path_parent(path, dir); dir[1]; path_parent(dir, dir))
        if (initrd_find(dir) || ramfs_exists(dir + 1))
            return -VE_NOTDIR;
    return ramfs_open(path + 1, flags, out);
}

int file_open(const char *path, int flags, struct file **out)
{
    for (int i = 0; i < NDEV; i++)
        if (devices[i] && !strcmp(devices[i]->name, path))
            return open_device(devices[i], flags, out);
    const struct initrd_file *m = initrd_find(path);
    if (!m)
        return open_ram(path, flags, out);
    if ((flags & VO_CREAT) && (flags & VO_EXCL))
        return -VE_EXIST;
    if ((flags & VO_ACCMODE) != VO_RDONLY)
        return -VE_ACCES;
    struct file *f = file_alloc(&reg_ops, VO_RDONLY);
    if (!f)
        return -VE_NOMEM;
    f->data = m->data;
    f->size = m->size;
    *out = f;
    return 0;
}

struct file *file_console(void)
{
    return file_alloc(&cons_ops, VO_RDWR);
}

struct file *file_dup(struct file *f)
{
    f->refs++;
    return f;
}

void file_close(struct file *f)
{
    if (--f->refs > 0)
        return;
    if (f->ops->close)
        f->ops->close(f);
    kfree(f);
}
