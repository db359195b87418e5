/*
 * file.h — open files and devices.
 *
 * A struct file is shared by every descriptor that refers to it (spawn
 * inherits 0..2, dup copies); it is freed when the last reference is closed.
 * Regular files are read-only views of initrd members, or RAM files
 * (ramfs.h) for names the initrd does not have.  Pipes: pipe.h.  Devices register a name
 * ("/dev/console", "/dev/null", "/dev/vlm") and their operations.
 *
 * Every operation gets user addresses and validates them itself (copyin /
 * copyout); results are byte counts or -VE_*.
 */
#ifndef GUESTOS_FILE_H
#define GUESTOS_FILE_H

#include "guestos/kernel.h"
#include "guestos/proc.h"

struct file;

struct file_ops {
    int64_t (*read)(struct file *f, uint64_t ubuf, uint64_t len);
    int64_t (*write)(struct file *f, uint64_t ubuf, uint64_t len);
    int64_t (*ioctl)(struct file *f, uint64_t cmd, uint64_t arg);
    void    (*close)(struct file *f);          /* the last reference went away */
    /* What f is ready for now: VPOLLIN, VPOLLOUT, VPOLLHUP, VPOLLERR (with
     * RDNORM / WRNORM), as Linux's f_op->poll, and in *chan what a change
     * of that wakes (NULL: nothing; poll.h).  NULL: always ready to read
     * and write (regular files, /dev/null). */
    int     (*poll)(struct file *f, const void **chan);
};

struct file {
    const struct file_ops *ops;
    int refs;
    int mode;                                  /* VO_RDONLY / VO_WRONLY / VO_RDWR */
    bool append;                               /* VO_APPEND: writes go to the end */
    uint64_t off;
    const uint8_t *data;                       /* regular files: the initrd member */
    uint64_t size;
    void *priv;                                /* device state */
};

struct device {
    const char *name;                          /* "/dev/..." */
    const struct file_ops *ops;
    /* Set up f->priv; 0 or -VE_*.  May be NULL. */
    int (*open)(struct file *f);
};

/* Make a device openable by name.  Panics if the table is full (a kernel bug). */
void dev_register(const struct device *d);

/*
 * file_open — open a device, a RAM file or an initrd file (read-only) by
 * canonical path (path.h); VO_CREAT creates a RAM file.  Returns 0 and *out,
 * or -VE_NOENT, -VE_ROFS (writing an initrd file), -VE_ISDIR, -VE_NOMEM,
 * what ramfs_open returns, or what the device's open returns.
 */
int file_open(const char *path, int flags, struct file **out);
/* A new file with one reference (zeroed otherwise), or NULL: no memory. */
struct file *file_alloc(const struct file_ops *ops, int mode);
/* Descriptor fd of the calling process, or NULL if it is not open. */
struct file *fd_file(uint64_t fd);
/* Give f the lowest free descriptor of the caller: fd, or -VE_MFILE. */
int fd_alloc(struct file *f);
struct file *file_dup(struct file *f);          /* one more reference; can't fail */
void file_close(struct file *f);                /* drop a reference; can't fail */
/* True if f is the console (isatty, TCGETS).  Can't fail. */
bool file_is_console(const struct file *f);
/* A new reference to the console, or NULL if no memory is left. */
struct file *file_console(void);
/* lseek on a regular or RAM file: the new offset or -VE_SPIPE / -VE_INVAL. */
int64_t file_lseek(struct file *f, int64_t off, int whence);

/* Copy n bytes between kernel memory k and the caller's user memory at uva:
 * out to the user if to_user, else in.  0 (n == 0 too) or -VE_FAULT. */
static inline int copy_user(bool to_user, void *k, uint64_t uva, uint64_t n)
{
    if (!n)
        return 0;
    return (to_user ? copyout(curproc, uva, k, n) : copyin(curproc, k, uva, n)) ? -VE_FAULT : 0;
}

/* Console reading (console.c): the device's read, blocking for a line. */
int64_t console_read(uint64_t ubuf, uint64_t len);
/* ppoll / pselect6 on the console (tty.c): without wait, 1 if a read would
 * find input now (a line, or a byte when not canonical, or the end of
 * input), else 0; with wait, sleep once as a reader until input comes or
 * the deadline (rpcc, 0 none) passes: 0, or -VE_INTR (killed or a signal). */
int console_poll_in(bool wait, uint64_t deadline);
/* The console's ioctls (tty.c): its termios (TCGETS/TCSETS and the
 * termios2 forms, VCONS_SETRAW), the window size, and signal.c's foreground
 * group and session.  0, -VE_NOTTY (the host's input is no terminal),
 * -VE_FAULT, -VE_INTR (SIGTTOU sent: a background group), -VE_INVAL. */
int64_t console_ioctl(uint64_t cmd, uint64_t arg);

void file_init(void);                           /* register the built-in devices */

#endif /* GUESTOS_FILE_H */
