/*
 * vlmos_signal.h — Linux riscv64 signals as a user program sees them
 * (issue 21): call numbers, signal numbers, sigaction flags, and the
 * layouts the kernel writes on the user stack (the rt_sigframe: siginfo,
 * then a ucontext whose sigcontext is riscv64's: the 32 integer registers
 * with the pc in slot 0, then the FP state).  Values and layouts are
 * Linux's (arch/riscv/include/uapi/asm, asm-generic/signal.h); the sizes
 * and offsets glibc's <ucontext.h> gives are asserted below, so a handler
 * built with riscv64-linux-gnu-gcc reads the frame the kernel wrote.
 * docs/vlmos.md, "Signals", draws the frame.  Included by abi/vlmos_linux.h.
 *
 * No dependencies and no code: only numbers and layouts.
 */
#ifndef VLMOS_SIGNAL_ABI_H
#define VLMOS_SIGNAL_ABI_H

/* ---- call numbers (asm-generic/unistd.h) ------------------------------ */
#define SYS_ppoll           73     /* only nfds 0 (pause): a wait for a signal */
#define SYS_getitimer      102
#define SYS_setitimer      103
#define SYS_tkill          130
#define SYS_tgkill         131
#define SYS_sigaltstack    132
#define SYS_rt_sigsuspend  133
#define SYS_rt_sigpending  136
#define SYS_rt_sigreturn   139

/* ---- signals ------------------------------------------------------------ */
#define VNSIG        64            /* signals 1..64; sigset_t is one 64-bit word */
#define VSIGHUP      1
#define VSIGQUIT     3
#define VSIGABRT     6
#define VSIGFPE      8
#define VSIGUSR1    10
#define VSIGUSR2    12
#define VSIGPIPE    13
#define VSIGALRM    14
#define VSIGTERM    15
#define VSIGCHLD    17
#define VSIGCONT    18
#define VSIGSTOP    19
#define VSIGTSTP    20
#define VSIGTTIN    21
#define VSIGTTOU    22
#define VSIGURG     23
#define VSIGWINCH   28
#define VSIGSYS     31
#define VSIG_BIT(s)  (1UL << ((s) - 1))

#define VSIG_DFL     0UL           /* sa_handler values */
#define VSIG_IGN     1UL

/* sa_flags (riscv64 has no SA_RESTORER: the kernel supplies the return) */
#define VSA_NOCLDSTOP 0x00000001u
#define VSA_NOCLDWAIT 0x00000002u
#define VSA_SIGINFO   0x00000004u
#define VSA_RESTORER  0x04000000u  /* accepted and ignored, as riscv64 Linux does */
#define VSA_ONSTACK   0x08000000u
#define VSA_RESTART   0x10000000u
#define VSA_NODEFER   0x40000000u
#define VSA_RESETHAND 0x80000000u

/* rt_sigprocmask's how */
#define VSIG_BLOCK    0
#define VSIG_UNBLOCK  1
#define VSIG_SETMASK  2

/* si_code values */
#define VSI_USER      0            /* kill */
#define VSI_KERNEL    0x80
#define VSI_TKILL     (-6)         /* tkill, tgkill */
#define VSEGV_MAPERR  1            /* nothing mapped there */
#define VSEGV_ACCERR  2            /* mapped, access refused */
#define VBUS_ADRALN   1
#define VILL_ILLOPC   1
#define VTRAP_BRKPT   1
#define VCLD_EXITED   1
#define VCLD_KILLED   2
#define VCLD_DUMPED   3
#define VCLD_STOPPED  5
#define VCLD_CONTINUED 6

/* sigaltstack */
#define VSS_ONSTACK   1
#define VSS_DISABLE   2
#define VSS_AUTODISARM (1u << 31)
#define VMINSIGSTKSZ  2048

/* setitimer's which */
#define VITIMER_REAL  0

/* ---- layouts -------------------------------------------------------------- */
struct vlinux_stack { unsigned long sp; int flags; int pad; unsigned long size; };

/* siginfo_t: 128 bytes; the union at 16 holds the fields of each kind. */
struct vlinux_siginfo {
    int signo, errno_, code, pad;
    union {
        unsigned long addr;                         /* SIGSEGV, SIGBUS, SIGILL, SIGTRAP */
        struct { int pid, uid; int status, pad; long utime, stime; } kill;  /* kill, SIGCHLD */
        struct { int tid, overrun; unsigned long value; } timer;           /* SIGALRM */
        unsigned char raw[112];
    } u;
};

/* struct sigcontext: gregs[0] is the pc, gregs[n] is xn; then the D
 * extension's state (f0..f31, fcsr) in a union the size of the Q one,
 * whose last word is zero (Linux's end-of-extensions header). */
struct vlinux_sigcontext {
    unsigned long gregs[32];
    unsigned long f[32];
    unsigned int fcsr;
    unsigned int pad[67];                           /* the rest of the 528-byte union */
} __attribute__((aligned(16)));

struct vlinux_ucontext {
    unsigned long flags;
    unsigned long link;
    struct vlinux_stack stack;                      /* the alternate stack at delivery */
    unsigned long sigmask;                          /* the mask rt_sigreturn restores */
    unsigned char unused[120];                      /* sigset_t room, as riscv64 Linux */
    struct vlinux_sigcontext mcontext;
};

/* What the kernel pushes below the interrupted sp (16-byte aligned); the
 * handler runs with sp = &frame, a0 = signo, a1 = &info, a2 = &uc, ra =
 * the return trampoline (VSIGTRAMP_VA). */
struct vlinux_rt_sigframe {
    struct vlinux_siginfo info;
    struct vlinux_ucontext uc;
};

/* struct vlinux_timeval is vlmos_linux.h's (rusage). */
struct vlinux_itimerval { struct vlinux_timeval interval, value; };

_Static_assert(sizeof(struct vlinux_stack) == 24, "stack_t");
_Static_assert(sizeof(struct vlinux_siginfo) == 128, "siginfo_t");
_Static_assert(__builtin_offsetof(struct vlinux_siginfo, u.kill.status) == 24, "si_status");
_Static_assert(__builtin_offsetof(struct vlinux_ucontext, sigmask) == 40, "uc_sigmask");
_Static_assert(__builtin_offsetof(struct vlinux_ucontext, mcontext) == 176, "uc_mcontext");
_Static_assert(__builtin_offsetof(struct vlinux_ucontext, mcontext.f) == 432, "fpregs");
_Static_assert(__builtin_offsetof(struct vlinux_ucontext, mcontext.fcsr) == 688, "fcsr");
_Static_assert(sizeof(struct vlinux_ucontext) == 960, "ucontext_t");
_Static_assert(sizeof(struct vlinux_rt_sigframe) == 1088, "rt_sigframe");

/* The signal return trampoline: `li a7, 139; ecall` (rt_sigreturn), in a
 * read-only, executable page the kernel maps at this address (the guard
 * page above the stack) when a program first installs a handler.  riscv64
 * Linux has no sa_restorer and returns through its vDSO; this page is that
 * vDSO's one entry. */
#define VSIGTRAMP_VA   0x7FFFE000UL
#define VSIGTRAMP_CODE { 0x08b00893u /* li a7, 139 */, 0x00000073u /* ecall */ }

#endif /* VLMOS_SIGNAL_ABI_H */
