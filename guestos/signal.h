/*
 * signal.h — Linux signals (issue 21): per-thread pending and blocked
 * masks, the actions in a separately allocated, reference-counted struct
 * sighand (shared by a process's threads, CLONE_SIGHAND), delivery on the return to user mode through a Linux riscv64
 * rt_sigframe (abi/vlmos_signal.h; docs/vlmos.md, "Signals", draws it),
 * default actions (terminate, core-as-terminate, ignore, stop, continue),
 * the real-time interval timer, the console's foreground process group,
 * and the signal calls.
 *
 * A process killed by a signal ends as before, every thread of it: the
 * group's term_sig is the signal (proc.c), the status 128 + sig, and the
 * kernel's one-line kill report when the signal came from a fault or took
 * its default action (terminate/core).  SIGKILL stays proc_kill's (no
 * report).
 *
 * Threads: a signal sent to a process (kill, a group, SIGCHLD, SIGALRM)
 * goes to one of its threads that does not block it, the leader first
 * (pick_thread); one sent to a thread (tkill, tgkill, a fault, SIGPIPE)
 * stays with that thread.  What is the process's lives in the leader's
 * struct sigproc: the stop state and the ITIMER_REAL timer.
 *
 * Hooks other files call (each small; see the function comments):
 *   proc.c   sig_release (proc_free), sig_child_exit (proc_exit),
 *            sig_deliver (proc_return_to_user)
 *   sched.c  sig_interrupting (sleep_on), sig_timers / sig_next_deadline
 *   trap.c   sig_syscall_done, sig_fault
 *   tty.c    sig_tty_key, sig_tty_access, sig_tty_ioctl; file.c sig_tty_open
 *   fork/exec (the FORK helper): sig_fork, sig_exec; threads: sig_share;
 *   wait4's WUNTRACED and WCONTINUED: sig_stop_report, sig_cont_report.
 */
#ifndef GUESTOS_SIGNAL_H
#define GUESTOS_SIGNAL_H

#include "guestos/kernel.h"

struct proc;
struct trapframe;

/* The actions: shared by pointer between the threads of a process
 * (CLONE_SIGHAND), copied at fork, freed by the last user. */
struct sighand {
    int refs;
    struct vlinux_sigaction act[VNSIG];
};

/* What a pending signal carries into its siginfo (one per signal: a
 * standard signal already pending is not queued twice, as on Linux). */
struct ksiginfo {
    int code;                     /* si_code: VSI_*, VSEGV_*, VCLD_* ... */
    int pid;                      /* sender (kill) or child (SIGCHLD) */
    int status;                   /* SIGCHLD: exit status or signal */
    uint64_t addr;                /* faults: si_addr */
};

/* A thread's signal state, inside struct proc (zero = no signal pending,
 * none blocked, every action SIG_DFL, no alternate stack, no timer); the
 * fields marked "leader" are the process's and used in the leader only. */
struct sigproc {
    uint64_t pending, blocked;    /* VSIG_BIT(sig) each */
    uint64_t saved_mask;          /* rt_sigsuspend/ppoll: the mask to return to */
    bool has_saved;
    bool stopped;                 /* leader: stopped by a stop signal, until SIGCONT */
    bool stop_unreported;         /* leader: a stop wait4(WUNTRACED) has not seen yet */
    bool cont_unreported;         /* leader: a continue wait4(WCONTINUED) has not seen yet */
    int stop_sig;                 /* leader */
    int restart;                  /* how the call being returned from restarts (signal.c) */
    uint64_t orig_a0;             /* its first argument, for the restart */
    struct sighand *hand;         /* NULL until an action is set: all SIG_DFL */
    struct vlinux_stack altstack; /* size 0: none */
    uint64_t alarm_at;            /* leader: ITIMER_REAL's rpcc deadline, 0 if disarmed */
    uint64_t alarm_every;         /* leader: its interval in rpcc cycles, 0 for one shot */
    struct ksiginfo info[VNSIG];
};

/* ---- process life (the FORK and THR helpers call these) ----------------- */
/* Give child the parent's actions (a copy), mask and alternate stack, as
 * fork does; nothing pending, no timer.  0, or -VE_NOMEM (child unchanged). */
int  sig_fork(struct proc *child, const struct proc *parent);
/* CLONE_SIGHAND: child shares parent's actions.  0, or -VE_NOMEM. */
int  sig_share(struct proc *child, struct proc *parent);
/* execve: caught signals go back to SIG_DFL (ignored ones stay ignored),
 * flags and the alternate stack are dropped; mask, pending and the timer
 * stay, as on Linux.  Can't fail. */
void sig_exec(struct proc *p);
/* execve from a thread that is not the leader: the process-wide state of
 * the exited leader `from` (stop, timer) goes to `to`, its successor.  Can't fail. */
void sig_group_move(struct proc *to, const struct proc *from);
/* Drop p's reference to its actions (proc_free).  Can't fail. */
void sig_release(struct proc *p);

/* ---- sending -------------------------------------------------------------- */
/* Post sig (1..64) to p's process with info (NULL: SI_KERNEL), to the
 * thread pick_thread chooses: SIGKILL is proc_kill; an ignored signal is
 * dropped; SIGCONT continues a stopped process.  Nothing if every thread
 * has exited.  Can't fail. */
void sig_send(struct proc *p, int sig, const struct ksiginfo *info);
/* The same to thread t only (tkill, faults, SIGPIPE).  Can't fail. */
void sig_send_thread(struct proc *t, int sig, const struct ksiginfo *info);
/* Post sig to every process of group pgid (once each, whatever its
 * threads).  0, or -VE_SRCH if it has none. */
int  sig_send_group(int pgid, int sig, const struct ksiginfo *info);
/* True if p has a signal that must interrupt a sleep (pending, not blocked). */
bool sig_interrupting(const struct proc *p);

/* ---- hooks ------------------------------------------------------------- */
/* trap_syscall, after call nr (first argument a0) returned r: SIGPIPE for
 * EPIPE, and what a signal delivered now does to the call (restart or
 * EINTR).  Can't fail. */
void sig_syscall_done(uint64_t nr, uint64_t a0, int64_t r);
/* Block the user mask at umask (size bytes: 8) until the next signal is
 * acted on, when the saved mask returns (rt_sigsuspend, ppoll, pselect6).
 * 0, -VE_INVAL or -VE_FAULT; the mask is unchanged on error. */
int sig_swap_mask(uint64_t umask, uint64_t size);
/* A fault of the current process (trap.c): with a handler for sig that is
 * neither blocked nor ignored, queue sig with si_code code and si_addr addr
 * and return (the handler runs at the return to user mode); otherwise the
 * kill report "why" and exit, as before signals existed. */
void sig_fault(int sig, int code, uint64_t addr, const char *why);
/* At every return to user mode: act on the pending, unblocked signals of
 * the current process (handler frames, default actions; stopping sleeps
 * until SIGCONT; terminating does not return).  Can't fail. */
void sig_deliver(void);
/* proc_exit of p, its xstatus set: SIGCHLD to the parent, or (the parent
 * ignores SIGCHLD or set SA_NOCLDWAIT) p is detached for the kernel to reap,
 * its parent woken to see it gone.  Can't fail. */
void sig_child_exit(struct proc *p);
/* The signal that ended p's process (a fault, a default action, or kill's
 * SIGKILL), 0 if it exited by itself: for wait4's status. */
int  sig_term_signal(const struct proc *p);
/* wait4(WUNTRACED): if child stopped since last asked, its Linux wait
 * status (0x7f | sig << 8), and the stop counts as reported; else 0. */
int  sig_stop_report(struct proc *child);
/* wait4(WCONTINUED): true if child continued (SIGCONT) since last asked;
 * the continue then counts as reported. */
bool sig_cont_report(struct proc *child);
/* True if p has a handler for sig (not SIG_DFL, not SIG_IGN). */
bool sig_catches(const struct proc *p, int sig);
/* True while thread p sleeps because its process is stopped (procinfo's
 * VPS_STOPPED, ps's "stopped"). */
bool sig_stopped(const struct proc *p);
/* The clock: post SIGALRM to every process whose ITIMER_REAL is due at
 * rpcc now.  Can't fail. */
void sig_timers(uint64_t now);
/* The earliest ITIMER_REAL deadline, 0 if none is armed. */
uint64_t sig_next_deadline(void);
/* A signal key typed at the console (tty.c, ISIG): sig (SIGINT, SIGTSTP)
 * to the foreground group (TIOCSPGRP's) only: 1.  With no foreground group
 * set (VLM/OS's shell), SIGINT goes to pid 1's children in its group: 2;
 * SIGTSTP is refused (no job control: a stopped job could never be
 * continued; the key is then an ordinary byte): 0. */
int sig_tty_key(int sig);
/* Job control on a console read (sig SIGTTIN) or a terminal change (sig
 * SIGTTOU, TCSETS/TIOCSPGRP) by the caller: 0 if allowed (no foreground
 * group, not the console's session, or the foreground group's); else
 * sig to the caller's group and -VE_INTR (the call restarts after the
 * stop), or with sig ignored or blocked: -VE_IO (SIGTTIN), 0 (SIGTTOU). */
int sig_tty_access(int sig);
/* The console's session ioctls (arg: user int *): TIOCGPGRP, TIOCSPGRP
 * (-VE_SRCH no such group, -VE_PERM another session's, -VE_NOTTY not the
 * caller's terminal), TIOCGSID, TIOCSCTTY, TIOCNOTTY; -VE_INVAL others. */
int64_t sig_tty_ioctl(uint64_t cmd, uint64_t arg);
/* True if the console is the caller's controlling terminal (/dev/tty). */
bool sig_tty_open(void);

/* ---- the calls (abi/vlmos_signal.h; docs/vlmos.md's syscall table) ------- */
int64_t sys_rt_sigaction(const uint64_t a[6]);
int64_t sys_rt_sigprocmask(const uint64_t a[6]);
int64_t sys_rt_sigpending(const uint64_t a[6]);
int64_t sys_rt_sigsuspend(const uint64_t a[6]);
int64_t sys_rt_sigreturn(const uint64_t a[6]);  /* returns the restored a0 */
int64_t sys_sigaltstack(const uint64_t a[6]);
int64_t sys_kill(const uint64_t a[6]);
int64_t sys_tkill(const uint64_t a[6]);
int64_t sys_tgkill(const uint64_t a[6]);
int64_t sys_setitimer(const uint64_t a[6]);     /* ITIMER_REAL only */
int64_t sys_getitimer(const uint64_t a[6]);
int64_t sys_ppoll(const uint64_t a[6]);         /* nfds 0 only: pause */

#endif /* GUESTOS_SIGNAL_H */
