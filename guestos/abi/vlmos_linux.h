/*
 * vlmos_linux.h — the part of the Linux RISC-V user ABI that VLM/OS speaks
 * beyond its own calls (issue 20): call numbers, the auxiliary vector, and
 * the layouts static glibc, musl and busybox programs pass.  Values and
 * layouts are Linux's (asm-generic, riscv64), so a program built with
 * riscv64-linux-gnu-gcc -static runs unchanged.  Included by abi/vlmos.h;
 * the trace tools name the calls from here (trace/vlmos_info.c).
 *
 * No dependencies and no code: only numbers and layouts.
 */
#ifndef VLMOS_LINUX_ABI_H
#define VLMOS_LINUX_ABI_H

/* ---- call numbers (asm-generic/unistd.h) ----------------------------- */
#define SYS_fcntl            25
#define SYS_faccessat        48
#define SYS_getdents64       61
#define SYS_readv            65
#define SYS_writev           66
#define SYS_pread64          67
#define SYS_pwrite64         68
#define SYS_readlinkat       78
#define SYS_newfstatat       79
#define SYS_fstat            80
#define SYS_set_tid_address  96
#define SYS_futex            98
#define SYS_set_robust_list  99
#define SYS_get_robust_list 100
#define SYS_clock_getres    114
#define SYS_clock_nanosleep 115
#define SYS_sched_getaffinity 123
#define SYS_rt_sigaction    134
#define SYS_rt_sigprocmask  135
#define SYS_uname           160
#define SYS_umask           166
#define SYS_prctl           167
#define SYS_gettimeofday    169
#define SYS_getuid          174
#define SYS_geteuid         175
#define SYS_getgid          176
#define SYS_getegid         177
#define SYS_gettid          178
#define SYS_sysinfo         179
#define SYS_munmap          215
#define SYS_clone           220    /* (flags, newsp, ptid, tls, ctid): riscv's argument order */
#define SYS_mremap          216
#define SYS_mmap            222
#define SYS_mprotect        226
#define SYS_madvise         233
#define SYS_prlimit64       261
#define SYS_getrandom       278
#define SYS_statx           291
#define SYS_rseq            293
#define SYS_clone3          435    /* answered -VE_NOSYS: glibc falls back to clone */
#define SYS_riscv_hwprobe   258    /* answered -VE_NOSYS, as a kernel without it */
/* Issue 21, processes (guestos/fork.h). */
#define SYS_waitid           95
#define SYS_ppoll            73
#define SYS_pselect6         72
#define SYS_getpgid         155
#define SYS_getsid          156
#define SYS_setsid          157
#define SYS_clone           220
#define SYS_execve          221
#define SYS_wait4           260

/* ---- clone, wait4, waitid (linux/sched.h, linux/wait.h) -------------- */
#define VCLONE_CSIGNAL        0x000000ffUL  /* the signal sent to the parent at exit */
#define VWNOHANG     0x00000001
#define VWUNTRACED   0x00000002     /* wait4: stopped children too (WSTOPPED for waitid) */
#define VWEXITED     0x00000004
#define VWCONTINUED  0x00000008
#define VWNOWAIT     0x01000000
#define VWNOTHREAD   0x20000000
#define VWALL        0x40000000
#define VWCLONE      0x80000000
#define VP_ALL   0                  /* waitid idtypes */
#define VP_PID   1
#define VP_PGID  2
#define VSIGCHLD 17
#define VCLD_EXITED 1               /* waitid si_code */
#define VCLD_KILLED 2
struct vlinux_timeval { long sec, usec; };
struct vlinux_rusage {
    struct vlinux_timeval utime, stime;
    long maxrss, ixrss, idrss, isrss, minflt, majflt, nswap, inblock, oublock,
         msgsnd, msgrcv, nsignals, nvcsw, nivcsw;
};
_Static_assert(sizeof(struct vlinux_rusage) == 144, "struct rusage");
/* The start of a siginfo_t for SIGCHLD (128 bytes in all), as waitid fills it. */
struct vlinux_siginfo_chld {
    int signo, errno_, code, pad;
    int pid, uid, status, pad2;
    long utime, stime;
    long rest[10];
};
_Static_assert(sizeof(struct vlinux_siginfo_chld) == 128, "siginfo_t");

/* ---- clone flags (sched.h) ------------------------------------------------ */
#define VCLONE_VM              0x00000100
#define VCLONE_FS              0x00000200
#define VCLONE_FILES           0x00000400
#define VCLONE_SIGHAND         0x00000800
#define VCLONE_PIDFD           0x00001000
#define VCLONE_PTRACE          0x00002000
#define VCLONE_VFORK           0x00004000
#define VCLONE_PARENT          0x00008000
#define VCLONE_THREAD          0x00010000
#define VCLONE_NEWNS           0x00020000
#define VCLONE_SYSVSEM         0x00040000
#define VCLONE_SETTLS          0x00080000
#define VCLONE_PARENT_SETTID   0x00100000
#define VCLONE_CHILD_CLEARTID  0x00200000
#define VCLONE_DETACHED        0x00400000
#define VCLONE_UNTRACED        0x00800000
#define VCLONE_CHILD_SETTID    0x01000000
/* The set glibc's and musl's pthread_create pass (with the TID flags). */
#define VCLONE_THREAD_SET (VCLONE_VM | VCLONE_FS | VCLONE_FILES | VCLONE_SIGHAND | VCLONE_THREAD)

/* ---- futex (linux/futex.h) ------------------------------------------------- */
#define VFUTEX_WAIT            0
#define VFUTEX_WAKE            1
#define VFUTEX_REQUEUE         3
#define VFUTEX_CMP_REQUEUE     4
#define VFUTEX_WAKE_OP         5
#define VFUTEX_LOCK_PI         6
#define VFUTEX_UNLOCK_PI       7
#define VFUTEX_TRYLOCK_PI      8
#define VFUTEX_WAIT_BITSET     9
#define VFUTEX_WAKE_BITSET     10
#define VFUTEX_LOCK_PI2        13
#define VFUTEX_PRIVATE_FLAG    128
#define VFUTEX_CLOCK_REALTIME  256
#define VFUTEX_CMD_MASK        (~(VFUTEX_PRIVATE_FLAG | VFUTEX_CLOCK_REALTIME))
#define VFUTEX_BITSET_MATCH_ANY 0xffffffffu
/* The word of a PI or robust futex: the owner's tid and two flags. */
#define VFUTEX_WAITERS         0x80000000u
#define VFUTEX_OWNER_DIED      0x40000000u
#define VFUTEX_TID_MASK        0x3fffffffu
/* FUTEX_WAKE_OP's encoded operation: op (4 bits, 8 = oparg is a shift),
 * cmp (4), oparg (12, signed), cmparg (12, signed). */
#define VFUTEX_OP_SET 0
#define VFUTEX_OP_ADD 1
#define VFUTEX_OP_OR 2
#define VFUTEX_OP_ANDN 3
#define VFUTEX_OP_XOR 4
#define VFUTEX_OP_OPARG_SHIFT 8
/* set_robust_list's head (struct robust_list_head) and its walk's bound. */
#define VROBUST_HEAD_SIZE      24
#define VROBUST_LIST_LIMIT     2048

/* ---- poll (poll.h) ------------------------------------------------------ */
#define VPOLLIN      0x001
#define VPOLLPRI     0x002
#define VPOLLOUT     0x004
#define VPOLLERR     0x008
#define VPOLLHUP     0x010
#define VPOLLNVAL    0x020
#define VPOLLRDNORM  0x040
#define VPOLLWRNORM  0x100
struct vpollfd {
    int fd;
    short events, revents;
};

/* ---- auxiliary vector (elf.h) ------------------------------------------ */
#define AT_NULL       0
#define AT_PHDR       3
#define AT_PHENT      4
#define AT_PHNUM      5
#define AT_PAGESZ     6
#define AT_BASE       7
#define AT_FLAGS      8
#define AT_ENTRY      9
#define AT_UID       11
#define AT_EUID      12
#define AT_GID       13
#define AT_EGID      14
#define AT_PLATFORM  15
#define AT_HWCAP     16
#define AT_CLKTCK    17
#define AT_SECURE    23
#define AT_RANDOM    25
#define AT_EXECFN    31
/* AT_HWCAP: one bit per single-letter extension ('a' is bit 0): RV64IMAFDC. */
#define VLINUX_HWCAP ((1UL << ('i' - 'a')) | (1UL << ('m' - 'a')) | (1UL << ('a' - 'a')) | \
                      (1UL << ('f' - 'a')) | (1UL << ('d' - 'a')) | (1UL << ('c' - 'a')))
#define VLINUX_CLKTCK 100

/* Static-pie programs (ET_DYN without PT_INTERP) are loaded with their
 * address 0 at this base, 8 KiB aligned, above USER_BASE. */
#define USER_PIE_BASE 0x400000UL

/* ---- clocks (time.h); every one reads the instruction clock, REALTIME
 * and its COARSE variant add VLINUX_EPOCH (docs/vlmos.md) ------------ */
#define VCLOCK_PROCESS_CPUTIME 2
#define VCLOCK_THREAD_CPUTIME  3
#define VCLOCK_MONOTONIC_RAW   4
#define VCLOCK_REALTIME_COARSE 5
#define VCLOCK_MONOTONIC_COARSE 6
#define VCLOCK_BOOTTIME        7
#define VCLOCK_NCLOCKS         8
#define VTIMER_ABSTIME         1     /* clock_nanosleep: req is a time on the clock */
#define VLINUX_EPOCH  1767225600UL   /* 2026-01-01 00:00:00 UTC: CLOCK_REALTIME at boot */

/* ---- openat flags beyond abi/vlmos.h's (accepted; see docs/vlmos.md) */
#define VO_NONBLOCK   04000
#define VO_DIRECTORY  0200000
#define VO_NOFOLLOW   0400000
#define VO_CLOEXEC    02000000
#define VO_LARGEFILE  0100000        /* riscv64 Linux's value: 64-bit offsets always */
#define VAT_FDCWD     (-100)
#define VAT_EMPTY_PATH 0x1000
#define VAT_SYMLINK_NOFOLLOW 0x100

/* ---- mmap (asm-generic/mman-common.h) ---------------------------------- */
#define VPROT_READ    1
#define VPROT_WRITE   2
#define VPROT_EXEC    4
#define VMAP_SHARED   0x01
#define VMAP_PRIVATE  0x02
#define VMAP_FIXED    0x10
#define VMAP_ANONYMOUS 0x20
#define VMAP_NORESERVE 0x4000
#define VMAP_FIXED_NOREPLACE 0x100000
#define VMADV_DONTNEED 4
#define VMREMAP_MAYMOVE 1
#define VMREMAP_FIXED   2

/* ---- fcntl, ioctl, prctl, rlimit, getrandom ------------------------- */
#define VFCNTL_DUPFD      0
#define VFCNTL_GETFD      1
#define VFCNTL_SETFD      2
#define VFCNTL_GETFL      3
#define VFCNTL_SETFL      4
#define VFCNTL_DUPFD_CLOEXEC 1030
#define VTCGETS       0x5401
#define VTCSETS       0x5402         /* and TCSETSW, TCSETSF: 0x5403, 0x5404 */
#define VTCSETSF      0x5404
#define VTIOCSCTTY    0x540E
#define VTIOCGPGRP    0x540F
#define VTIOCSPGRP    0x5410
#define VTIOCGWINSZ   0x5413
#define VTIOCSWINSZ   0x5414
#define VTIOCNOTTY    0x5422
#define VTIOCGSID     0x5429
#define VTCGETS2      0x802c542a     /* _IOR('T', 0x2A, struct termios2): glibc's tcgetattr */
#define VTCSETS2      0x402c542b     /* and TCSETSW2, TCSETSF2: 0x402c542c, 0x402c542d */
#define VTCSETSF2     0x402c542d
/* termios bits the console's line discipline honours (tty.c); the rest are kept, not used. */
#define VTC_ICRNL     0000400        /* c_iflag: CR in is NL */
#define VTC_ISIG      0000001        /* c_lflag: INTR and SUSP keys send signals */
#define VTC_ICANON    0000002        /* c_lflag: lines, with erase/kill/EOF editing */
#define VTC_ECHO      0000010
#define VTC_ECHOE     0000020        /* erase echoes as backspace-space-backspace */
#define VTC_ECHOK     0000040
#define VTC_ECHOCTL   0001000        /* control characters echo as ^X */
#define VTC_IEXTEN    0100000
/* c_cc indices */
#define VTC_VINTR  0
#define VTC_VQUIT  1
#define VTC_VERASE 2
#define VTC_VKILL  3
#define VTC_VEOF   4
#define VTC_VTIME  5
#define VTC_VMIN   6
#define VTC_VSUSP  10
#define VTC_VEOL   11
#define VPR_SET_NAME  15
#define VPR_GET_NAME  16
#define VRLIMIT_STACK 3
#define VRLIMIT_NOFILE 7
#define VRLIMIT_AS    9
#define VRLIM_INFINITY (~0UL)
#define VGRND_NONBLOCK 1
#define VGRND_RANDOM   2
#define VGRND_INSECURE 4

/* ---- layouts ------------------------------------------------------------ */
struct vlinux_iovec { unsigned long base, len; };
/* struct sigaction as the riscv64 kernel takes it (asm-generic, no
 * sa_restorer on riscv): 24 bytes, the mask last. */
struct vlinux_sigaction { unsigned long handler, flags, mask; };
_Static_assert(sizeof(struct vlinux_sigaction) == 24, "riscv64 kernel sigaction");
/* struct stat of asm-generic (riscv64): 128 bytes. */
struct vlinux_stat {
    unsigned long dev, ino;
    unsigned int mode, nlink, uid, gid;
    unsigned long rdev, pad1;
    long size;
    int blksize, pad2;
    long blocks;
    long atime, atime_ns, mtime, mtime_ns, ctime, ctime_ns;
    unsigned int unused[2];
};
#define VS_IFIFO  0010000
#define VS_IFCHR  0020000
#define VS_IFDIR  0040000
#define VS_IFREG  0100000
struct vlinux_utsname { char sysname[65], nodename[65], release[65], version[65], machine[65],
                        domainname[65]; };
struct vlinux_rlimit { unsigned long cur, max; };
struct vlinux_sysinfo {
    long uptime;
    unsigned long loads[3], totalram, freeram, sharedram, bufferram, totalswap, freeswap;
    unsigned short procs, pad;
    unsigned long totalhigh, freehigh;
    unsigned int mem_unit;
    char f[4];                       /* padding to Linux's 112 bytes on 64-bit */
};
/* getdents64's record: d_name follows, NUL-terminated, record 8-byte aligned. */
struct vlinux_dirent64 { unsigned long ino; long off; unsigned short reclen; unsigned char type; };
#define VDT_CHR 2
#define VDT_DIR 4
#define VDT_REG 8
/* statx's record (linux/stat.h): 256 bytes; times are {sec, nsec, pad}. */
struct vlinux_statx_time { long sec; unsigned int nsec; int pad; };
struct vlinux_statx {
    unsigned int mask, blksize;
    unsigned long attributes;
    unsigned int nlink, uid, gid;
    unsigned short mode, pad1;
    unsigned long ino, size, blocks, attributes_mask;
    struct vlinux_statx_time atime, btime, ctime, mtime;
    unsigned int rdev_major, rdev_minor, dev_major, dev_minor;
    unsigned long spare[14];
};
#define VSTATX_BASIC_STATS 0x7ffu     /* what VLM/OS fills: type..blocks, not btime */
#define VSTATX__RESERVED   0x80000000u
#define VAT_STATX_SYNC_TYPE 0x6000
#define VAT_NO_AUTOMOUNT   0x800
struct vlinux_winsize { unsigned short row, col, xpixel, ypixel; };
/* struct termios (TCGETS) is termios2 (TCGETS2) without the two speeds:
 * the console keeps one termios2 and copies the 36- or 44-byte prefix. */
struct vlinux_termios { unsigned int iflag, oflag, cflag, lflag; unsigned char line, cc[19]; };
struct vlinux_termios2 {
    unsigned int iflag, oflag, cflag, lflag;
    unsigned char line, cc[19];
    unsigned int ispeed, ospeed;
};

_Static_assert(sizeof(struct vlinux_stat) == 128, "struct stat is 128 bytes on riscv64");
_Static_assert(sizeof(struct vlinux_sysinfo) == 112, "struct sysinfo is 112 bytes on 64-bit");
_Static_assert(sizeof(struct vlinux_utsname) == 390, "struct utsname is 6 x 65 bytes");
_Static_assert(sizeof(struct vlinux_statx) == 256, "struct statx is 256 bytes");
_Static_assert(__builtin_offsetof(struct vlinux_statx, size) == 40, "stx_size at 40");
_Static_assert(__builtin_offsetof(struct vlinux_statx, rdev_major) == 128, "stx_rdev_major at 128");
_Static_assert(sizeof(struct vlinux_termios) == 36, "struct termios is 36 bytes (asm-generic)");
_Static_assert(sizeof(struct vlinux_termios2) == 44, "termios2 is 44 bytes: TCGETS2's size");
_Static_assert(sizeof(struct vlinux_dirent64) == 24, "d_name starts at 19, record header 24");

#include "guestos/abi/vlmos_signal.h"    /* issue 21: signals */

#endif /* VLMOS_LINUX_ABI_H */
