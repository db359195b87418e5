/*
 * vlmos.c — see vlmos.h.  The numbers come from VLM/OS's own headers, so a
 * renumbered call or errno is renamed here by the compiler, not by hand.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "axp64/axp64.h"
#include "guestos/abi/vlmos.h"
#include "vlmdrv/vlm_abi.h"
#include "trace/vlmos_info.h"

/* ---- regions ----------------------------------------------------------------- */

const char *const trace_region_name[RG_N] = {
    "null page", "user image/heap", "user valloc", "user stack", "VLM window",
    "KSEG32 (kernel image)", "KSEG43 (all RAM)", "other" };

/* brk grows up from the image and valloc takes the highest gap below the
 * stack, so the split between the two at 1 GiB (USER_END / 2) is a rule of
 * thumb, not a boundary.  The stack's guard page counts as stack. */
#define STACK_LOW (USER_STACK_TOP - USER_STACK_MAX - PAGE_SIZE)

int trace_region(uint64_t va)
{
    if (va < USER_BASE) return RG_NULL;
    if (va < USER_END / 2) return RG_IMAGE;
    if (va < STACK_LOW) return RG_HIGH;
    if (va < USER_END) return RG_STACK;
    if (va >= VLM_WINDOW && va < VLM_WINDOW_END) return RG_VLM;
    if (va >= KSEG32_BASE && va < KSEG32_END) return RG_KSEG32;
    if (va >= KSEG43_BASE && va < KSEG43_END) return RG_KSEG43;
    return RG_OTHER;
}

/* ---- system calls ------------------------------------------------------------ */

/* How to show an argument or a result. */
enum { A_NONE, A_INT, A_HEX, A_FD, A_IOCTL };

struct scall {
    uint32_t nr;
    const char *name, *a0, *a1;        /* argument names; NULL: not shown */
    uint8_t k0, k1, res;               /* A_* of a0, a1 and the result */
};

static const struct scall calls[] = {
    { SYS_getcwd, "getcwd", "buf", "size", A_HEX, A_INT, A_INT },
    { SYS_dup, "dup", "fd", NULL, A_FD, A_NONE, A_FD },
    { SYS_dup3, "dup3", "fd", "newfd", A_FD, A_FD, A_FD },
    { SYS_ioctl, "ioctl", "fd", "cmd", A_FD, A_IOCTL, A_INT },
    { SYS_unlinkat, "unlinkat", "dirfd", "path", A_INT, A_HEX, A_INT },
    { SYS_chdir, "chdir", "path", NULL, A_HEX, A_NONE, A_INT },
    { SYS_pipe2, "pipe2", "fds", "flags", A_HEX, A_INT, A_INT },
    { SYS_setpgid, "setpgid", "pid", "pgid", A_INT, A_INT, A_INT },
    { SYS_openat, "openat", "dirfd", "path", A_INT, A_HEX, A_FD },
    { SYS_close, "close", "fd", NULL, A_FD, A_NONE, A_INT },
    { SYS_lseek, "lseek", "fd", "offset", A_FD, A_INT, A_INT },
    { SYS_read, "read", "fd", "buf", A_FD, A_HEX, A_INT },
    { SYS_write, "write", "fd", "buf", A_FD, A_HEX, A_INT },
    { SYS_exit, "exit", "status", NULL, A_INT, A_NONE, A_INT },
    { SYS_exit_group, "exit_group", "status", NULL, A_INT, A_NONE, A_INT },
    { SYS_nanosleep, "nanosleep", "req", "rem", A_HEX, A_HEX, A_INT },
    { SYS_clock_gettime, "clock_gettime", "clock", "tp", A_INT, A_HEX, A_INT },
    { SYS_sched_yield, "sched_yield", NULL, NULL, A_NONE, A_NONE, A_INT },
    { SYS_kill, "kill", "pid", "sig", A_INT, A_INT, A_INT },
    { SYS_getpid, "getpid", NULL, NULL, A_NONE, A_NONE, A_INT },
    { SYS_getppid, "getppid", NULL, NULL, A_NONE, A_NONE, A_INT },
    { SYS_brk, "brk", "addr", NULL, A_HEX, A_NONE, A_HEX },
    /* The Linux calls of issue 20 (guestos/abi/vlmos_linux.h). */
    { SYS_fcntl, "fcntl", "fd", "cmd", A_FD, A_INT, A_INT },
    { SYS_faccessat, "faccessat", "dirfd", "path", A_INT, A_HEX, A_INT },
    { SYS_getdents64, "getdents64", "fd", "buf", A_FD, A_HEX, A_INT },
    { SYS_readv, "readv", "fd", "iov", A_FD, A_HEX, A_INT },
    { SYS_writev, "writev", "fd", "iov", A_FD, A_HEX, A_INT },
    { SYS_pread64, "pread64", "fd", "buf", A_FD, A_HEX, A_INT },
    { SYS_pwrite64, "pwrite64", "fd", "buf", A_FD, A_HEX, A_INT },
    { SYS_statx, "statx", "dirfd", "path", A_INT, A_HEX, A_INT },
    { SYS_clock_nanosleep, "clock_nanosleep", "clock", "flags", A_INT, A_INT, A_INT },
    { SYS_sched_getaffinity, "sched_getaffinity", "pid", "len", A_INT, A_INT, A_INT },
    { SYS_mremap, "mremap", "addr", "len", A_HEX, A_HEX, A_HEX },
    { SYS_readlinkat, "readlinkat", "dirfd", "path", A_INT, A_HEX, A_INT },
    { SYS_newfstatat, "newfstatat", "dirfd", "path", A_INT, A_HEX, A_INT },
    { SYS_fstat, "fstat", "fd", "st", A_FD, A_HEX, A_INT },
    { SYS_set_tid_address, "set_tid_address", "tidptr", NULL, A_HEX, A_NONE, A_INT },
    { SYS_futex, "futex", "uaddr", "op", A_HEX, A_INT, A_INT },
    { SYS_clone, "clone", "flags", "newsp", A_HEX, A_HEX, A_INT },
    { SYS_clone3, "clone3", "args", "size", A_HEX, A_INT, A_INT },
    { SYS_set_robust_list, "set_robust_list", "head", "len", A_HEX, A_INT, A_INT },
    { SYS_clock_getres, "clock_getres", "clock", "res", A_INT, A_HEX, A_INT },
    { SYS_rt_sigaction, "rt_sigaction", "sig", "act", A_INT, A_HEX, A_INT },
    { SYS_rt_sigprocmask, "rt_sigprocmask", "how", "set", A_INT, A_HEX, A_INT },
    /* Signals (issue 21, guestos/abi/vlmos_signal.h). */
    { SYS_rt_sigpending, "rt_sigpending", "set", "size", A_HEX, A_INT, A_INT },
    { SYS_rt_sigsuspend, "rt_sigsuspend", "mask", "size", A_HEX, A_INT, A_INT },
    { SYS_rt_sigreturn, "rt_sigreturn", NULL, NULL, A_NONE, A_NONE, A_HEX },
    { SYS_sigaltstack, "sigaltstack", "ss", "old", A_HEX, A_HEX, A_INT },
    { SYS_tkill, "tkill", "tid", "sig", A_INT, A_INT, A_INT },
    { SYS_tgkill, "tgkill", "tgid", "tid", A_INT, A_INT, A_INT },
    { SYS_ppoll, "ppoll", "fds", "nfds", A_HEX, A_INT, A_INT },
    { SYS_getitimer, "getitimer", "which", "value", A_INT, A_HEX, A_INT },
    { SYS_setitimer, "setitimer", "which", "new", A_INT, A_HEX, A_INT },
    { SYS_uname, "uname", "buf", NULL, A_HEX, A_NONE, A_INT },
    { SYS_umask, "umask", "mask", NULL, A_HEX, A_NONE, A_HEX },
    { SYS_prctl, "prctl", "option", "arg2", A_INT, A_HEX, A_INT },
    { SYS_gettimeofday, "gettimeofday", "tv", "tz", A_HEX, A_HEX, A_INT },
    { SYS_getuid, "getuid", NULL, NULL, A_NONE, A_NONE, A_INT },
    { SYS_geteuid, "geteuid", NULL, NULL, A_NONE, A_NONE, A_INT },
    { SYS_getgid, "getgid", NULL, NULL, A_NONE, A_NONE, A_INT },
    { SYS_getegid, "getegid", NULL, NULL, A_NONE, A_NONE, A_INT },
    { SYS_gettid, "gettid", NULL, NULL, A_NONE, A_NONE, A_INT },
    { SYS_sysinfo, "sysinfo", "info", NULL, A_HEX, A_NONE, A_INT },
    { SYS_munmap, "munmap", "addr", "len", A_HEX, A_HEX, A_INT },
    { SYS_mmap, "mmap", "addr", "len", A_HEX, A_HEX, A_HEX },
    { SYS_mprotect, "mprotect", "addr", "len", A_HEX, A_HEX, A_INT },
    { SYS_madvise, "madvise", "addr", "len", A_HEX, A_HEX, A_INT },
    { SYS_prlimit64, "prlimit64", "pid", "resource", A_INT, A_INT, A_INT },
    { SYS_getrandom, "getrandom", "buf", "len", A_HEX, A_INT, A_INT },
    /* Issue 21's process calls (guestos/fork.h). */
    { SYS_clone, "clone", "flags", "newsp", A_HEX, A_HEX, A_INT },
    { SYS_execve, "execve", "path", "argv", A_HEX, A_HEX, A_INT },
    { SYS_wait4, "wait4", "pid", "status", A_INT, A_HEX, A_INT },
    { SYS_waitid, "waitid", "idtype", "id", A_INT, A_INT, A_INT },
    { SYS_getpgid, "getpgid", "pid", NULL, A_INT, A_NONE, A_INT },
    { SYS_getsid, "getsid", "pid", NULL, A_INT, A_NONE, A_INT },
    { SYS_setsid, "setsid", NULL, NULL, A_NONE, A_NONE, A_INT },
    { SYS_ppoll, "ppoll", "fds", "nfds", A_HEX, A_INT, A_INT },
    { SYS_rseq, "rseq", "rseq", "len", A_HEX, A_INT, A_INT },
    { SYS_riscv_hwprobe, "riscv_hwprobe", "pairs", "count", A_HEX, A_INT, A_INT },
    { SYS_spawn, "spawn", "path", "argv", A_HEX, A_HEX, A_INT },
    { SYS_wait, "wait", "pid", "status", A_INT, A_HEX, A_INT },
    { SYS_valloc, "valloc", "addr", "size", A_HEX, A_HEX, A_HEX },
    { SYS_vfree, "vfree", "addr", "size", A_HEX, A_HEX, A_INT },
    { SYS_meminfo, "meminfo", "info", NULL, A_HEX, A_NONE, A_INT },
    { SYS_procinfo, "procinfo", "slot", "info", A_INT, A_HEX, A_INT },
    { SYS_initrd_list, "initrd_list", "slot", "name", A_INT, A_HEX, A_INT },
    { SYS_memaudit, "memaudit", "audit", NULL, A_HEX, A_NONE, A_INT },
    { SYS_trace, "trace", "nr", NULL, A_INT, A_NONE, A_INT },
    { SYS_vmprint, "vmprint", NULL, NULL, A_NONE, A_NONE, A_INT },
};

static const struct scall *find_call(uint32_t nr)
{
    for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
        if (calls[i].nr == nr)
            return &calls[i];
    return NULL;
}

const char *os_syscall_name(uint32_t nr)
{
    const struct scall *c = find_call(nr);
    return c ? c->name : NULL;
}

static const char *const ioctl_names[] = {
    [1] = "VLM_ALLOC", [2] = "VLM_BUF_CREATE", [3] = "VLM_MAP", [4] = "VLM_UNMAP",
    [5] = "VLM_BUF_RELEASE", [6] = "VLM_FREE", [7] = "VLM_READ", [8] = "VLM_WRITE",
    [9] = "VLM_STAT", [10] = "VLM_SHUTDOWN", [32] = "VLM_DONOR_WAIT_CMD",
    [33] = "VLM_DONOR_ALLOCATED", [34] = "VLM_DONOR_REGISTER", [35] = "VLM_DONOR_PENDING",
    [36] = "VLM_DONOR_DEALLOCATE",
};
_Static_assert(VLM_ALLOC == VLM_IOC(1) && VLM_DONOR_DEALLOCATE == VLM_IOC(36), "ioctl names");

static void show_arg(int kind, uint64_t v, char *b, size_t n)
{
    uint32_t k = (uint32_t)v & 0xFFFF;

    if (kind == A_IOCTL && (uint32_t)v == VLM_IOC(k) &&
        k < sizeof(ioctl_names) / sizeof(ioctl_names[0]) && ioctl_names[k])
        snprintf(b, n, "%s", ioctl_names[k]);
    else if (kind == A_HEX || kind == A_IOCTL)
        snprintf(b, n, "%#" PRIx64, v);
    else
        snprintf(b, n, "%" PRId64, (int64_t)v);
}

void os_syscall_call(uint32_t nr, uint64_t a0, uint64_t a1, char *buf, size_t n)
{
    const struct scall *c = find_call(nr);
    char v0[40], v1[40];

    if (!c) {
        snprintf(buf, n, "syscall_%u(a0=%#" PRIx64 ", a1=%#" PRIx64 ")", nr, a0, a1);
        return;
    }
    show_arg(c->k0, a0, v0, sizeof(v0));
    show_arg(c->k1, a1, v1, sizeof(v1));
    if (!c->a0)
        snprintf(buf, n, "%s()", c->name);
    else if (!c->a1)
        snprintf(buf, n, "%s(%s=%s)", c->name, c->a0, v0);
    else
        snprintf(buf, n, "%s(%s=%s, %s=%s)", c->name, c->a0, v0, c->a1, v1);
}

static const char *const errno_names[] = {
    [VE_PERM] = "EPERM", [VE_NOENT] = "ENOENT", [VE_SRCH] = "ESRCH", [VE_INTR] = "EINTR",
    [VE_IO] = "EIO", [VE_NXIO] = "ENXIO", [VE_2BIG] = "E2BIG", [VE_NOEXEC] = "ENOEXEC", [VE_BADF] = "EBADF",
    [VE_CHILD] = "ECHILD", [VE_AGAIN] = "EAGAIN", [VE_NOMEM] = "ENOMEM", [VE_ACCES] = "EACCES",
    [VE_FAULT] = "EFAULT", [VE_BUSY] = "EBUSY", [VE_EXIST] = "EEXIST", [VE_NODEV] = "ENODEV",
    [VE_INVAL] = "EINVAL", [VE_NFILE] = "ENFILE", [VE_MFILE] = "EMFILE", [VE_NOTTY] = "ENOTTY",
    [VE_SPIPE] = "ESPIPE", [VE_RANGE] = "ERANGE", [VE_NOSYS] = "ENOSYS",
    [VE_NAMETOOLONG] = "ENAMETOOLONG", [VE_CANCELED] = "ECANCELED",
    [VE_OPNOTSUPP] = "EOPNOTSUPP",
    [VE_TIMEDOUT] = "ETIMEDOUT", [VE_DEADLK] = "EDEADLK",
};

const char *os_errno_name(int64_t err)
{
    if (err <= 0 || err >= (int64_t)(sizeof(errno_names) / sizeof(errno_names[0])))
        return NULL;
    return errno_names[err];
}

void os_syscall_result(uint32_t nr, int64_t result, char *buf, size_t n)
{
    const struct scall *c = find_call(nr);
    const char *e = result < 0 && result > -4096 ? os_errno_name(-result) : NULL;

    if (e)
        snprintf(buf, n, "-%s", e);
    else if (result < 0 && result > -4096)
        snprintf(buf, n, "-%" PRId64 " (errno %" PRId64 ")", -result, -result);
    else
        show_arg(c ? c->res : A_INT, (uint64_t)result, buf, n);
}

