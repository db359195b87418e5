/*
 * syscalls.c — system-call stubs under picolibc's POSIX names and the
 * VLM/OS calls of vlmos.h.  Kernel results are -VE_*; the stubs turn them
 * into -1 and errno (mapping the two numbers where picolibc differs).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "workloads/lib/vlmos_user.h"

long vsyscall(long n, long a0, long a1, long a2, long a3, long a4, long a5)
{
    register long r_a0 __asm__("a0") = a0;
    register long r_a1 __asm__("a1") = a1;
    register long r_a2 __asm__("a2") = a2;
    register long r_a3 __asm__("a3") = a3;
    register long r_a4 __asm__("a4") = a4;
    register long r_a5 __asm__("a5") = a5;
    register long r_a7 __asm__("a7") = n;
    __asm__ volatile("ecall" : "+r"(r_a0)
                     : "r"(r_a1), "r"(r_a2), "r"(r_a3), "r"(r_a4), "r"(r_a5), "r"(r_a7)
                     : "memory");
    return r_a0;
}

static long ret(long r)
{
    if (r >= 0 || r < -4095)
        return r;
    errno = r == -VE_NOSYS ? ENOSYS : r == -VE_CANCELED ? ECANCELED :
            r == -VE_NAMETOOLONG ? ENAMETOOLONG : r == -VE_OVERFLOW ? EOVERFLOW : (int)-r;
    return -1;
}

#define SYS(n, a, b, c) ret(vsyscall((n), (long)(a), (long)(b), (long)(c), 0, 0, 0))

ssize_t read(int fd, void *buf, size_t len)        { return SYS(SYS_read, fd, buf, len); }
ssize_t write(int fd, const void *buf, size_t len) { return SYS(SYS_write, fd, buf, len); }
int close(int fd)                                  { return (int)SYS(SYS_close, fd, 0, 0); }
off_t lseek(int fd, off_t off, int whence)         { return SYS(SYS_lseek, fd, off, whence); }
pid_t getpid(void)                                 { return (pid_t)SYS(SYS_getpid, 0, 0, 0); }
pid_t getppid(void)                                { return (pid_t)SYS(SYS_getppid, 0, 0, 0); }
int kill(pid_t pid, int sig)                       { return (int)SYS(SYS_kill, pid, sig, 0); }
int sched_yield(void)                              { return (int)SYS(SYS_sched_yield, 0, 0, 0); }

/* picolibc's O_* bits are newlib's; the kernel takes Linux's (VO_*). */
int open(const char *path, int flags, ...)
{
    long k = (flags & O_ACCMODE) | (flags & O_CREAT ? VO_CREAT : 0) |
             (flags & O_EXCL ? VO_EXCL : 0) | (flags & O_TRUNC ? VO_TRUNC : 0) |
             (flags & O_APPEND ? VO_APPEND : 0);
    return (int)SYS(SYS_openat, -100, path, k);
}

int pipe(int fds[2])                { return (int)SYS(SYS_pipe2, fds, 0, 0); }
int dup(int fd)                     { return (int)SYS(SYS_dup, fd, 0, 0); }
int chdir(const char *path)         { return (int)SYS(SYS_chdir, path, 0, 0); }
int unlink(const char *path)        { return (int)SYS(SYS_unlinkat, -100, path, 0); }
int setpgid(pid_t pid, pid_t pgid)  { return (int)SYS(SYS_setpgid, pid, pgid, 0); }

/* dup2 through dup3, as Linux's libc does on RISC-V; dup3 refuses fd ==
 * newfd, where dup2 returns newfd if it is open. */
int dup2(int fd, int newfd)
{
    if (fd != newfd)
        return (int)SYS(SYS_dup3, fd, newfd, 0);
    int probe = dup(fd);
    if (probe < 0)
        return -1;
    close(probe);
    return newfd;
}

char *getcwd(char *buf, size_t size)
{
    return SYS(SYS_getcwd, buf, size, 0) < 0 ? NULL : buf;
}

int ioctl(int fd, unsigned long cmd, ...)
{
    va_list ap;
    va_start(ap, cmd);
    long arg = va_arg(ap, long);
    va_end(ap);
    return (int)SYS(SYS_ioctl, fd, cmd, arg);
}

void _exit(int status)
{
    for (;;)
        vsyscall(SYS_exit, status, 0, 0, 0, 0, 0);
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
    (void)rem;
    return (int)SYS(SYS_nanosleep, req, 0, 0);
}

int clock_gettime(clockid_t clk, struct timespec *ts)
{
    long k = clk == CLOCK_MONOTONIC ? VCLOCK_MONOTONIC : VCLOCK_REALTIME;
    return (int)SYS(SYS_clock_gettime, k, ts, 0);
}

unsigned sleep(unsigned s)
{
    struct timespec ts = { s, 0 };
    return nanosleep(&ts, NULL) ? s : 0;
}

int usleep(useconds_t us)
{
    struct timespec ts = { us / 1000000, (long)(us % 1000000) * 1000 };
    return nanosleep(&ts, NULL);
}

/* ---- the heap: brk(2) underneath picolibc's malloc ----------------------- */

static char *cur_brk;

int brk(void *addr)
{
    char *r = (char *)vsyscall(SYS_brk, (long)addr, 0, 0, 0, 0, 0);
    cur_brk = r;
    if (r != addr) {
        errno = ENOMEM;
        return -1;
    }
    return 0;
}

void *sbrk(ptrdiff_t incr)
{
    if (!cur_brk)
        cur_brk = (char *)vsyscall(SYS_brk, 0, 0, 0, 0, 0, 0);
    char *old = cur_brk;
    if (incr && brk(old + incr) != 0)
        return (void *)-1;
    return old;
}

/* ---- VLM/OS calls -------------------------------------------------------- */

int vspawn(const char *path, char *const argv[])
{
    fflush(stdout);
    return (int)SYS(SYS_spawn, path, argv, 0);
}

int vwait(int pid, int *status, char *why, size_t len)
{
    return (int)ret(vsyscall(SYS_wait, pid, (long)status, (long)why, (long)len, 0, 0));
}

int initrd_list(int slot, char *name, size_t len) { return (int)SYS(SYS_initrd_list, slot, name, len); }

int unlink_prefixed(const char *prefix)
{
    char name[64];
    size_t n = strlen(prefix);
    int gone = 0;

    for (int again = 1; again; ) {       /* a removal renumbers the slots: start over */
        again = 0;
        for (int s = 0; (s = initrd_list(s, name, sizeof(name))) > 0; )
            if (!strncmp(name, prefix, n) && unlink(name) == 0) {
                gone++, again = 1;
                break;
            }
    }
    return gone;
}
int trace(int nr)                                { return (int)SYS(SYS_trace, nr, 0, 0); }
int vmprint(void)                                { return (int)SYS(SYS_vmprint, 0, 0, 0); }
int meminfo(struct vmeminfo *mi)      { return (int)SYS(SYS_meminfo, mi, 0, 0); }
int memaudit(struct vmemaudit *au)    { return (int)SYS(SYS_memaudit, au, 0, 0); }
int procinfo(int slot, struct vprocinfo *pi) { return (int)SYS(SYS_procinfo, slot, pi, 0); }
int vmem_free(void *addr, size_t size, int flags) { return (int)SYS(SYS_vfree, addr, size, flags); }

void *vmem_alloc(void *addr, size_t size, int flags)
{
    long r = SYS(SYS_valloc, addr, size, flags);
    return r == -1 ? NULL : (void *)r;
}

int vrun(const char *path, char *const argv[], char *why, size_t len)
{
    int status, pid = vspawn(path, argv);
    if (pid < 0 || vwait(pid, &status, why, len) < 0)
        return -1;
    return status;
}

static const char *sig_name(int sig)
{
    switch (sig) {
    case VSIG_INT:  return "interrupted";
    case VSIG_ILL:  return "illegal instruction";
    case VSIG_TRAP: return "breakpoint";
    case VSIG_BUS:  return "bus error";
    case VSIG_KILL: return "killed";
    case VSIG_SEGV: return "segmentation fault";
    case VSIG_XCPU: return "out of memory";
    default:        return "signal";
    }
}

const char *vstatus_str(int status, char *buf, size_t n)
{
    if (WSTATUS_KILLED(status))
        snprintf(buf, n, "killed: %s (status %d)", sig_name(WSTATUS_SIG(status)), status);
    else
        snprintf(buf, n, "exit %d", status);
    return buf;
}

#define VSTR_(x) #x
#define VSTR(x) VSTR_(x)

/* vthread_start: a raw clone whose child starts on its own stack.  The
 * parent's stack is shared memory to the child, so fn and arg travel on the
 * new stack (its top 16 bytes), and the child never returns through the
 * caller's frame: it calls fn(arg) and then SYS_exit.  a0 fn, a1 arg,
 * a2 stack, a3 size, a4 tid word. */
__asm__(
    "    .text\n"
    "    .globl vthread_start\n"
    "vthread_start:\n"
    "    add   t0, a2, a3\n"
    "    andi  t0, t0, -16\n"
    "    addi  t0, t0, -16\n"
    "    sd    a0, 0(t0)\n"
    "    sd    a1, 8(t0)\n"
    "    li    a0, " VSTR(VTHREAD_FLAGS) "\n"
    "    mv    a1, t0\n"               /* newsp */
    "    mv    a2, a4\n"               /* ptid: set before clone returns */
    "    li    a3, 0\n"                /* tls: the caller's tp stays (picolibc's errno is shared) */
    "    li    a7, " VSTR(SYS_clone) "\n"
    "    ecall\n"
    "    bnez  a0, 1f\n"
    "    ld    t1, 0(sp)\n"            /* the child, on the new stack */
    "    ld    a0, 8(sp)\n"
    "    jalr  t1\n"
    "    li    a0, 0\n"
    "    li    a7, " VSTR(SYS_exit) "\n"
    "    ecall\n"
    "1:  ret\n");

int vthread_join(int *tid, long bound_ms)
{
    struct vtimespec ts = { 0, 10 * 1000 * 1000 };     /* 10 ms a wait: a lost wakeup costs that */
    for (long waited = 0; waited <= bound_ms; waited += 10) {
        int v = *(volatile int *)tid;
        if (!v)
            return 0;
        vsyscall(SYS_futex, (long)tid, VFUTEX_WAIT, v, (long)&ts, 0, 0);
    }
    return -1;
}
