/*
 * linux_sys.c — the Linux calls of issue 20 (see linux_sys.h).
 */
#include "guestos/linux_sys.h"
#include "guestos/file.h"
#include "guestos/frames.h"
#include "guestos/initrd.h"
#include "guestos/kalloc.h"
#include "guestos/krandom.h"
#include "guestos/palcall.h"
#include "guestos/path.h"
#include "guestos/proc.h"
#include "guestos/ramfs.h"
#include "guestos/signal.h"

#define FD_CLOEXEC 1

/* ---- vectored I/O ---------------------------------------------------- */

/* The iovec count and array checked before any I/O, as Linux's
 * import_iovec does: a count over 1024 or a length that is negative as a
 * ssize_t is -VE_INVAL, an array or a buffer outside user space -VE_FAULT,
 * with nothing read or written.  (Linux caps the sum at MAX_RW_COUNT rather
 * than refusing it; a buffer past USER_END cannot sum that high here.) */
static int64_t vec_check(uint64_t iov, uint64_t n)
{
    if (n > 1024)
        return -VE_INVAL;
    for (uint64_t i = 0; i < n; i++) {
        struct vlinux_iovec v;
        if (copyin(curproc, &v, iov + i * sizeof(v), sizeof(v)))
            return -VE_FAULT;
        if (v.len > (uint64_t)INT64_MAX)
            return -VE_INVAL;
        if (v.len && (v.base >= USER_END || v.len > USER_END - v.base))
            return -VE_FAULT;
    }
    return 0;
}

/* readv/writev: each iovec through read or write; stops at a short count. */
static int64_t vec_io(const uint64_t a[6], bool write)
{
    struct file *f = fd_file(a[0]);
    int64_t total = 0, r;

    if (!f || f->mode == (write ? VO_RDONLY : VO_WRONLY) || !(write ? f->ops->write : f->ops->read))
        return -VE_BADF;
    if ((r = vec_check(a[1], a[2])) != 0)
        return r;
    for (uint64_t i = 0; i < a[2]; i++) {
        struct vlinux_iovec v;
        if (copyin(curproc, &v, a[1] + i * sizeof(v), sizeof(v)))
            return total ? total : -VE_FAULT;
        if (!v.len)
            continue;
        int64_t n = write ? f->ops->write(f, v.base, v.len) : f->ops->read(f, v.base, v.len);
        if (n < 0)
            return total ? total : n;
        total += n;
        if ((uint64_t)n < v.len)
            break;
    }
    return total;
}

int64_t sys_writev(const uint64_t a[6]) { return vec_io(a, true); }
int64_t sys_readv(const uint64_t a[6])  { return vec_io(a, false); }

static const struct file_ops dir_ops;

/* pread64/pwrite64(fd, buf, len, off): read or write at off, the file's
 * offset left as it was.  Linux's order: -VE_BADF, -VE_INVAL (off < 0),
 * -VE_SPIPE (a pipe or device), -VE_BADF (wrong mode), -VE_ISDIR. */
static int64_t pos_io(const uint64_t a[6], bool write)
{
    struct file *f = fd_file(a[0]);

    if (!f)
        return -VE_BADF;
    if ((int64_t)a[3] < 0)
        return -VE_INVAL;
    if (f->ops != &dir_ops && file_lseek(f, 0, VSEEK_CUR) < 0)
        return -VE_SPIPE;
    if (f->mode == (write ? VO_RDONLY : VO_WRONLY))
        return -VE_BADF;
    if (f->ops == &dir_ops || !(write ? f->ops->write : f->ops->read))
        return write ? -VE_BADF : -VE_ISDIR;
    uint64_t old = f->off;
    f->off = a[3];
    int64_t n = write ? f->ops->write(f, a[1], a[2]) : f->ops->read(f, a[1], a[2]);
    f->off = old;
    return n;
}

int64_t sys_pread64(const uint64_t a[6])  { return pos_io(a, false); }
int64_t sys_pwrite64(const uint64_t a[6]) { return pos_io(a, true); }

/* ---- stat -------------------------------------------------------------- */

/* A stat of open file f: a regular file (initrd or RAM), the console or
 * /dev/null or /dev/vlm (character devices), or a pipe. */
static void stat_file(const struct file *f, struct vlinux_stat *st)
{
    int64_t ram = ramfs_size(f);

    memset(st, 0, sizeof(*st));
    st->nlink = 1;
    st->blksize = PAGE_SIZE;
    if (f->ops == &dir_ops) {
        st->mode = VS_IFDIR | 0755;
        st->nlink = 2;
    } else if (ram >= 0 || f->data) {
        st->mode = VS_IFREG | 0644;
        st->size = ram >= 0 ? ram : (long)f->size;
        st->blocks = (st->size + 511) / 512;
    } else if (f->ops->ioctl || !f->ops->close) {
        st->mode = VS_IFCHR | 0620;
        st->rdev = file_is_console(f) ? (5UL << 8) | 1 : (1UL << 8) | 3;
    } else {
        st->mode = VS_IFIFO | 0600;
    }
    st->ino = (unsigned long)kptr_to_pa(f) >> 4;
}

/* True if the user string at upath is not empty (it was copied in once). */
static bool r_nonempty(uint64_t upath)
{
    char c = 0;

    return !copyin(curproc, &c, upath, 1) && c;
}

static int64_t put_stat(uint64_t ust, const struct vlinux_stat *st)
{
    return copyout(curproc, ust, st, sizeof(*st)) ? -VE_FAULT : 0;
}

int64_t sys_fstat(const uint64_t a[6])
{
    struct file *f = fd_file(a[0]);
    struct vlinux_stat st;

    if (!f)
        return -VE_BADF;
    stat_file(f, &st);
    return put_stat(a[1], &st);
}

/* Stat a path: open it read-only and stat the file, or a directory. */
static int64_t stat_path(const char *path, struct vlinux_stat *st)
{
    struct file *f;
    int r = file_open(path, VO_RDONLY, &f);

    if (r == -VE_ISDIR || (r == -VE_NOENT && path_is_dir(path))) {
        memset(st, 0, sizeof(*st));
        st->mode = VS_IFDIR | 0755;
        st->nlink = 2;
        st->blksize = PAGE_SIZE;
        return 0;
    }
    if (r)
        return r;
    stat_file(f, st);
    file_close(f);
    return 0;
}

int64_t sys_newfstatat(const uint64_t a[6])
{
    char path[VPATH_MAX], first;
    struct vlinux_stat st;
    int64_t r;

    if (a[3] & ~(uint64_t)(VAT_EMPTY_PATH | VAT_SYMLINK_NOFOLLOW | 0x800 /* NO_AUTOMOUNT */))
        return -VE_INVAL;
    if (copyin(curproc, &first, a[1], 1))
        return -VE_FAULT;
    if (!first && (a[3] & VAT_EMPTY_PATH)) {
        uint64_t fa[6] = { a[0], a[2] };
        return (int64_t)a[0] == VAT_FDCWD ? stat_path(curproc->cwd, &st) ?: put_stat(a[2], &st)
                                          : sys_fstat(fa);
    }
    if ((r = copyin_path(a[1], path)) < 0)
        return r;
    return (r = stat_path(path, &st)) ? r : put_stat(a[2], &st);
}

/* statx(dirfd, path, flags, mask, buf): newfstatat's answer in statx's
 * layout; stx_mask says the basic fields are filled (whatever mask asks). */
int64_t sys_statx(const uint64_t a[6])
{
    struct vlinux_stat st;
    struct vlinux_statx sx;
    uint64_t known = VAT_EMPTY_PATH | VAT_SYMLINK_NOFOLLOW | VAT_NO_AUTOMOUNT | VAT_STATX_SYNC_TYPE;
    char path[VPATH_MAX];
    int64_t r;

    if (a[2] & ~known || (a[2] & VAT_STATX_SYNC_TYPE) == VAT_STATX_SYNC_TYPE ||
        a[3] & VSTATX__RESERVED)
        return -VE_INVAL;
    if (!r_nonempty(a[1]) && (a[2] & VAT_EMPTY_PATH) && (int64_t)a[0] != VAT_FDCWD) {
        struct file *f = fd_file(a[0]);
        if (!f)
            return -VE_BADF;
        stat_file(f, &st);
    } else if (!r_nonempty(a[1]) && (a[2] & VAT_EMPTY_PATH)) {
        if ((r = stat_path(curproc->cwd, &st)) < 0)
            return r;
    } else if ((r = copyin_path(a[1], path)) < 0 || (r = stat_path(path, &st)) < 0) {
        return r;
    }
    memset(&sx, 0, sizeof(sx));
    sx.mask = VSTATX_BASIC_STATS;
    sx.blksize = (unsigned)st.blksize;
    sx.nlink = st.nlink;
    sx.mode = (unsigned short)st.mode;
    sx.ino = st.ino;
    sx.size = (unsigned long)st.size;
    sx.blocks = (unsigned long)st.blocks;
    sx.rdev_major = (unsigned)(st.rdev >> 8);
    sx.rdev_minor = (unsigned)(st.rdev & 0xff);
    return copyout(curproc, a[4], &sx, sizeof(sx)) ? -VE_FAULT : 0;
}

int64_t sys_faccessat(const uint64_t a[6])
{
    char path[VPATH_MAX];
    struct vlinux_stat st;
    int64_t r;

    if (a[2] & ~7UL)
        return -VE_INVAL;
    if ((r = copyin_path(a[1], path)) < 0 || (r = stat_path(path, &st)) < 0)
        return r;
    if ((a[2] & 2) && (st.mode & 0170000) == VS_IFREG && !ramfs_exists(path + 1))
        return -VE_ROFS;                        /* initrd files are read-only */
    return 0;
}

/* readlinkat: /proc/self/exe names the program ("/" + its name); no other
 * path is a link (-VE_INVAL for files, as Linux, -VE_NOENT otherwise). */
int64_t sys_readlinkat(const uint64_t a[6])
{
    char raw[VPATH_MAX], exe[VPROC_NAME + 1] = "/";
    int r = copyinstr(curproc, raw, a[1], sizeof(raw));
    struct vlinux_stat st;

    if (r < 0)
        return r;
    if ((int64_t)a[3] <= 0)
        return -VE_INVAL;
    if (strcmp(raw, "/proc/self/exe") != 0) {
        char path[VPATH_MAX];
        r = path_resolve(curproc->cwd, raw, path);
        return r < 0 ? r : stat_path(path, &st) ?: -VE_INVAL;
    }
    strlcpy(exe + 1, curproc->name, sizeof(exe) - 1);
    uint64_t n = MIN(a[3], strlen(exe));
    return copyout(curproc, a[2], exe, n) ? -VE_FAULT : (int64_t)n;
}

/* ---- openat, directories, fcntl, ioctl ----------------------------------- */

/* An open directory: priv holds its canonical path (kmalloc'd), off the
 * next entry: 0 ".", 1 "..", then 2 + a path_list slot. */
static void dir_close(struct file *f)
{
    kfree(f->priv);
}
static const struct file_ops dir_ops = { .close = dir_close };

static int open_dir(const char *path, struct file **out)
{
    char *copy = kmalloc(VPATH_MAX);
    struct file *f = copy ? file_alloc(&dir_ops, VO_RDONLY) : NULL;

    if (!f) {
        if (copy)
            kfree(copy);
        return -VE_NOMEM;
    }
    strlcpy(copy, path, VPATH_MAX);
    f->priv = copy;
    *out = f;
    return 0;
}

int64_t sys_linux_openat(const uint64_t a[6])
{
    const uint64_t known = VO_ACCMODE | VO_CREAT | VO_EXCL | VO_TRUNC | VO_APPEND | VO_NONBLOCK |
                           VO_DIRECTORY | VO_NOFOLLOW | VO_CLOEXEC | VO_LARGEFILE |
                           0400 /* O_NOCTTY */;
    char path[VPATH_MAX];
    struct file *f;
    int r = copyin_path(a[1], path);
    int flags = (int)(a[2] & (VO_ACCMODE | VO_CREAT | VO_EXCL | VO_TRUNC | VO_APPEND));

    if (a[2] & ~known || (a[2] & VO_ACCMODE) == VO_ACCMODE)
        return -VE_INVAL;
    if (r < 0)
        return r;
    if (!r_nonempty(a[1]))
        return -VE_NOENT;                       /* "" names nothing, as on Linux */
    bool dir = path_is_dir(path) && !initrd_find(path) && !ramfs_exists(path + 1);
    if (dir && (a[2] & VO_ACCMODE) != VO_RDONLY)
        return -VE_ISDIR;
    if (!dir && (a[2] & VO_DIRECTORY))
        return file_open(path, VO_RDONLY, &f) ? -VE_NOENT : (file_close(f), -VE_NOTDIR);
    if ((r = dir ? open_dir(path, &f) : file_open(path, flags, &f)) != 0)
        return r;
    if ((r = fd_alloc(f)) < 0)
        file_close(f);
    else if (a[2] & VO_CLOEXEC)
        curproc->leader->cloexec |= 1u << r;
    return r;
}

/* The name of the entry under directory dir that name (no leading "/")
 * lies in: its first component below dir, into out; false if not under. */
static bool entry_of(const char *dir, const char *name, char out[VPATH_MAX], bool *is_dir)
{
    size_t n = strlen(dir + 1);

    if (dir[1] && (strncmp(name, dir + 1, n) != 0 || name[n] != '/'))
        return false;
    const char *s = dir[1] ? name + n + 1 : name;
    size_t k = 0;
    while (s[k] && s[k] != '/' && k < VPATH_MAX - 1)
        k++;
    memcpy(out, s, k);
    out[k] = 0;
    *is_dir = s[k] == '/';
    return true;
}

/* True if a path_list slot before `slot` gives the same entry of dir. */
static bool seen_before(const char *dir, uint64_t slot, const char *entry)
{
    char e[VPATH_MAX];
    const char *name;
    bool d;

    for (uint64_t s = 0, next; s < slot && (next = path_list(s, &name)) != 0; s = next)
        if (next <= slot && entry_of(dir, name, e, &d) && !strcmp(e, entry))
            return true;
    return false;
}

/* One record at ubuf + used, if it fits: its length, 0 if not, -VE_FAULT. */
static int64_t put_dirent(uint64_t ubuf, uint64_t room, const char *name, int type, uint64_t off)
{
    uint8_t rec[24 + VPATH_MAX];
    size_t n = strlen(name), len = ROUNDUP(19 + n + 1, 8);
    struct vlinux_dirent64 d = { off, (long)off, (unsigned short)len, (unsigned char)type };

    if (len > room)
        return 0;
    memset(rec, 0, len);
    memcpy(rec, &d, 19);
    memcpy(rec + 19, name, n);
    return copyout(curproc, ubuf, rec, len) ? -VE_FAULT : (int64_t)len;
}

int64_t sys_getdents64(const uint64_t a[6])
{
    struct file *f = fd_file(a[0]);
    uint64_t used = 0;

    if (!f)
        return -VE_BADF;
    if (f->ops != &dir_ops)
        return -VE_NOTDIR;
    while (f->off < 2) {
        int64_t n = put_dirent(a[1] + used, a[2] - used, f->off ? ".." : ".", VDT_DIR, f->off + 1);
        if (n <= 0)
            return used ? (int64_t)used : n ? n : -VE_INVAL;
        used += (uint64_t)n;
        f->off++;
    }
    for (;;) {
        const char *name, *dir = f->priv;
        char e[VPATH_MAX];
        bool d;
        uint64_t slot = f->off - 2, next = path_list(slot, &name);
        if (!next)
            return (int64_t)used;
        if (entry_of(dir, name, e, &d) && !seen_before(dir, slot, e)) {
            int64_t n = put_dirent(a[1] + used, a[2] - used, e, d ? VDT_DIR : VDT_REG, next + 2);
            if (n <= 0)
                return used ? (int64_t)used : n ? n : -VE_INVAL;
            used += (uint64_t)n;
        }
        f->off = next + 2;
    }
}

int64_t sys_fcntl(const uint64_t a[6])
{
    struct file *f = fd_file(a[0]);
    struct proc *s = curproc->leader;    /* the descriptor table's bits */
    int r;

    if (!f)
        return -VE_BADF;
    switch (a[1]) {
    case VFCNTL_DUPFD: case VFCNTL_DUPFD_CLOEXEC:
        if (a[2] >= NOFILE)
            return -VE_INVAL;
        for (uint64_t fd = a[2]; fd < NOFILE; fd++)
            if (!curproc->ofile[fd]) {
                curproc->ofile[fd] = file_dup(f);
                r = (int)fd;
                s->cloexec = (s->cloexec & ~(1u << r)) |
                             (a[1] == VFCNTL_DUPFD_CLOEXEC ? 1u << r : 0);
                return r;
            }
        return -VE_MFILE;
    case VFCNTL_GETFD:
        return s->cloexec >> a[0] & 1;
    case VFCNTL_SETFD:
        s->cloexec = (s->cloexec & ~(1u << a[0])) | (a[2] & FD_CLOEXEC ? 1u << a[0] : 0);
        return 0;
    case VFCNTL_GETFL:
        return f->mode | (f->append ? VO_APPEND : 0) | VO_LARGEFILE;
    case VFCNTL_SETFL:
        f->append = a[2] & VO_APPEND;
        return 0;
    }
    return -VE_INVAL;
}

/* True for a terminal ioctl (type 'T', TCGETS2's sized forms too). */
static bool tty_cmd(uint64_t cmd)
{
    return (cmd & 0xff00) == 0x5400 && (cmd >> 16 == 0 || (cmd & 0xff) >= 0x2a);
}

/* The console's ioctls (tty.c: its termios, and through it signal.c's
 * foreground group); everything else goes to the device (as VLM/OS's ioctl
 * did).  The console is a terminal only when the host's input is one
 * (boot.console_tty): otherwise -VE_NOTTY, so isatty is false exactly when
 * it is false for qemu-riscv64 on the same host. */
int64_t sys_linux_ioctl(const uint64_t a[6])
{
    struct file *f = fd_file(a[0]);

    if (!f)
        return -VE_BADF;
    if (file_is_console(f))
        return console_ioctl(a[1], a[2]);
    if (tty_cmd(a[1]))
        return -VE_NOTTY;
    return f->ops->ioctl ? f->ops->ioctl(f, a[1], a[2]) : -VE_NOTTY;
}

/* ---- threads (thread.h) ------------------------------------------------- */

/* set_tid_address(tidptr): the thread's clear_child_tid (thread.h). */
int64_t sys_set_tid_address(const uint64_t a[6])
{
    curproc->clear_child_tid = a[0];
    return curproc->pid;
}

/* ---- time ------------------------------------------------------------- */

/* CLOCK_REALTIME at boot, in ns: the host's wall time that the emulator put
 * in the HWRPB under --clock host, else the fixed VLINUX_EPOCH (icount runs
 * stay byte-identical). */
uint64_t boot_wallclock(void)
{
    uint64_t w;

    memcpy(&w, (const uint8_t *)PA_TO_KVA(HWRPB_PA) + HWRPB_WALLCLOCK, sizeof(w));
    return w ? w : VLINUX_EPOCH * 1000000000UL;
}

/* Nanoseconds of clock id, or -VE_INVAL: every clock counts retired
 * instructions (virtual time); the REALTIME ones start at boot_wallclock(). */
static int64_t clock_ns(uint64_t id, uint64_t *ns)
{
    if (id >= VCLOCK_NCLOCKS)
        return -VE_INVAL;
    *ns = time_ns(pal_rpcc());
    if (id == VCLOCK_REALTIME || id == VCLOCK_REALTIME_COARSE)
        *ns += boot_wallclock();
    return 0;
}

int64_t sys_linux_clock_gettime(const uint64_t a[6])
{
    uint64_t ns;
    int64_t r = clock_ns(a[0], &ns);
    struct vtimespec ts = { (long)(ns / 1000000000UL), (long)(ns % 1000000000UL) };

    if (r)
        return r;
    return copyout(curproc, a[1], &ts, sizeof(ts)) ? -VE_FAULT : 0;
}

int64_t sys_clock_getres(const uint64_t a[6])
{
    uint64_t ns;
    struct vtimespec ts = { 0, NS_PER_CYCLE };

    if (clock_ns(a[0], &ns))
        return -VE_INVAL;
    return a[1] && copyout(curproc, a[1], &ts, sizeof(ts)) ? -VE_FAULT : 0;
}

/* clock_nanosleep(clock, flags, req, rem): sleeps in virtual time until
 * req passes on the clock (TIMER_ABSTIME) or for req.  Linux's answers:
 * THREAD_CPUTIME, the RAW and COARSE clocks and the ALARM ones (8, 9)
 * -VE_OPNOTSUPP, other unknown clocks (TAI too) -VE_INVAL;
 * PROCESS_CPUTIME counts like the others (VLM/OS does not stop it while
 * the process sleeps). */
int64_t sys_clock_nanosleep(const uint64_t a[6])
{
    struct vtimespec ts;
    uint64_t now, ns;

    if (a[0] > VCLOCK_BOOTTIME + 2)
        return -VE_INVAL;
    if (a[0] > VCLOCK_BOOTTIME || (a[0] >= VCLOCK_THREAD_CPUTIME && a[0] <= VCLOCK_MONOTONIC_COARSE))
        return -VE_OPNOTSUPP;
    if (copyin(curproc, &ts, a[2], sizeof(ts)))
        return -VE_FAULT;
    if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000L || (uint64_t)ts.tv_sec > (1UL << 33))
        return -VE_INVAL;
    clock_ns(a[0], &now);
    ns = (uint64_t)ts.tv_sec * 1000000000UL + (uint64_t)ts.tv_nsec;
    if (a[1] & VTIMER_ABSTIME)
        ns = ns > now ? ns - now : 0;
    uint64_t deadline = pal_rpcc() + ns_cycles(ns);
    while (pal_rpcc() < deadline)
        if (sleep_on(&curproc->wake_at, deadline))
            return a[1] & VTIMER_ABSTIME ? -VE_INTR : sleep_rem(a[3], deadline);
    return 0;
}

int64_t sys_gettimeofday(const uint64_t a[6])
{
    uint64_t ns;
    long tv[2];

    clock_ns(VCLOCK_REALTIME, &ns);
    tv[0] = (long)(ns / 1000000000UL);
    tv[1] = (long)(ns % 1000000000UL / 1000);
    if (a[0] && copyout(curproc, a[0], tv, sizeof(tv)))
        return -VE_FAULT;
    return a[1] && copyout(curproc, a[1], (long[1]){ 0 }, 8) ? -VE_FAULT : 0;
}

/* ---- identity and limits ----------------------------------------------- */

int64_t sys_uname(const uint64_t a[6])
{
    struct vlinux_utsname u;

    memset(&u, 0, sizeof(u));
    strlcpy(u.sysname, "VLM/OS", sizeof(u.sysname));
    strlcpy(u.nodename, "vlmos", sizeof(u.nodename));
    strlcpy(u.release, "6.1.0-vlmos", sizeof(u.release));
    strlcpy(u.version, "#1 VLM/OS", sizeof(u.version));
    strlcpy(u.machine, "riscv64", sizeof(u.machine));
    strlcpy(u.domainname, "(none)", sizeof(u.domainname));
    return copyout(curproc, a[0], &u, sizeof(u)) ? -VE_FAULT : 0;
}

int64_t sys_umask(const uint64_t a[6])
{
    unsigned old = curproc->leader->umask;

    curproc->leader->umask = a[0] & 0777;
    return old;
}

/* prctl: PR_SET_NAME / PR_GET_NAME (the name ps, the view and traces show). */
int64_t sys_prctl(const uint64_t a[6])
{
    char name[VPROC_NAME];

    if (a[0] == VPR_GET_NAME)
        return copyout(curproc, a[1], curproc->name, VPROC_NAME) ? -VE_FAULT : 0;
    if (a[0] != VPR_SET_NAME)
        return -VE_INVAL;
    int n = copyinstr(curproc, name, a[1], sizeof(name));
    if (n == -VE_FAULT)
        return n;
    if (n < 0 && copyin(curproc, name, a[1], sizeof(name) - 1))
        return -VE_FAULT;
    name[sizeof(name) - 1] = 0;         /* Linux truncates to 15 bytes */
    strlcpy(curproc->name, name, sizeof(curproc->name));
    return 0;
}

int64_t sys_getid(const uint64_t a[6])
{
    (void)a;
    return 0;                           /* everyone is root */
}

int64_t sys_gettid(const uint64_t a[6])
{
    (void)a;
    return curproc->pid;
}

int64_t sys_sysinfo(const uint64_t a[6])
{
    struct vlinux_sysinfo si;
    int n = 0;

    for (int i = 0; i < NPROC; i++)
        n += procs[i] != NULL;
    memset(&si, 0, sizeof(si));
    si.uptime = (long)(time_ns(pal_rpcc()) / 1000000000UL);
    si.totalram = frames_total() * PAGE_SIZE;
    si.freeram = frames_available() * PAGE_SIZE;
    si.procs = (unsigned short)n;
    si.mem_unit = 1;
    return copyout(curproc, a[0], &si, sizeof(si)) ? -VE_FAULT : 0;
}

/* prlimit64(pid, resource, new, old): reports the real limits (RLIMIT_AS is
 * --proc-limit, STACK the stack reservation, NOFILE the descriptor table);
 * setting one is accepted if it asks for no more than it has. */
int64_t sys_prlimit64(const uint64_t a[6])
{
    struct vlinux_rlimit r = { VRLIM_INFINITY, VRLIM_INFINITY }, nw;

    if (a[0] && (int64_t)a[0] != curproc->pid && (int64_t)a[0] != curproc->tgid)
        return -VE_SRCH;
    if (a[1] > 15)
        return -VE_INVAL;
    if (a[1] == VRLIMIT_AS)
        r.cur = r.max = proc_limit_pages() * PAGE_SIZE;
    else if (a[1] == VRLIMIT_STACK)
        r.cur = r.max = USER_STACK_MAX;
    else if (a[1] == VRLIMIT_NOFILE)
        r.cur = r.max = NOFILE;
    if (a[2] && copyin(curproc, &nw, a[2], sizeof(nw)))
        return -VE_FAULT;
    if (a[2] && (nw.cur > nw.max))
        return -VE_INVAL;
    if (a[3] && copyout(curproc, a[3], &r, sizeof(r)))
        return -VE_FAULT;
    return a[2] && nw.max > r.max ? -VE_PERM : 0;
}

/* sched_getaffinity(pid, len, mask): one CPU (bit 0) in an 8-byte mask;
 * returns the bytes written, as the raw Linux call.  len must be a multiple
 * of 8 and hold the mask (-VE_INVAL). */
int64_t sys_sched_getaffinity(const uint64_t a[6])
{
    uint64_t mask = 1;

    if (a[1] < sizeof(mask) || a[1] & (sizeof(mask) - 1))
        return -VE_INVAL;
    if (a[0] && (a[0] >= (uint64_t)INT32_MAX || !proc_find((int)a[0])))
        return -VE_SRCH;
    return copyout(curproc, a[2], &mask, sizeof(mask)) ? -VE_FAULT : (int64_t)sizeof(mask);
}

/* getrandom(buf, len, flags): the kernel's deterministic stream (krandom.h). */
int64_t sys_getrandom(const uint64_t a[6])
{
    uint8_t tmp[256];
    uint64_t done = 0;

    if (a[2] & ~(uint64_t)(VGRND_NONBLOCK | VGRND_RANDOM | VGRND_INSECURE) ||
        (a[2] & VGRND_RANDOM && a[2] & VGRND_INSECURE))
        return -VE_INVAL;
    uint64_t len = MIN(a[1], (uint64_t)0x1FFFFFF);   /* Linux caps one call at 32 MiB */
    while (done < len) {
        uint64_t n = MIN(len - done, sizeof(tmp));
        krandom_fill(tmp, n);
        if (copyout(curproc, a[0] + done, tmp, n))
            return done ? (int64_t)done : -VE_FAULT;
        done += n;
    }
    return (int64_t)done;
}
