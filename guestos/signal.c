/*
 * signal.c — Linux signals (see signal.h; the frame: abi/vlmos_signal.h
 * and docs/vlmos.md, "Signals").
 */
#include "guestos/file.h"
#include "guestos/kalloc.h"
#include "guestos/palcall.h"
#include "guestos/proc.h"
#include "guestos/signal.h"
#include "guestos/sysfile.h"
#include "guestos/trap.h"

#define UNBLOCKABLE (VSIG_BIT(VSIG_KILL) | VSIG_BIT(VSIGSTOP))
#define STOP_SIGS   (VSIG_BIT(VSIGSTOP) | VSIG_BIT(VSIGTSTP) | VSIG_BIT(VSIGTTIN) | VSIG_BIT(VSIGTTOU))
#define IGNORE_SIGS (VSIG_BIT(VSIGCHLD) | VSIG_BIT(VSIGCONT) | VSIG_BIT(VSIGURG) | VSIG_BIT(VSIGWINCH))
#define FAULT_SIGS  (VSIG_BIT(VSIG_ILL) | VSIG_BIT(VSIG_TRAP) | VSIG_BIT(VSIG_BUS) | \
                     VSIG_BIT(VSIGFPE) | VSIG_BIT(VSIG_SEGV))
/* Linux's core-dump set: the kernel reports these deaths (a fault, an abort). */
#define CORE_SIGS   (FAULT_SIGS | VSIG_BIT(VSIGQUIT) | VSIG_BIT(VSIGABRT) | VSIG_BIT(VSIGSYS) | \
                     VSIG_BIT(24) | VSIG_BIT(25) /* SIGXCPU, SIGXFSZ */)

_Static_assert(sizeof(struct proc) <= 4096, "struct proc with its signal state fits kmalloc");

/* How an interrupted call ends when a signal is acted on (Linux's
 * ERESTARTSYS and ERESTARTNOHAND): SYS restarts unless a handler without
 * SA_RESTART runs; NOHAND restarts only when no handler runs (sleeps and
 * sigsuspend: a handler makes them EINTR). */
enum { RESTART_NO, RESTART_SYS, RESTART_NOHAND };

static int fg_pgrp;                  /* the console's foreground group (TIOCSPGRP), 0 unset */

/* FP registers (fpu.S): the kernel never uses FP, so they are the user's. */
void fpu_save(uint64_t *fp);
void fpu_restore(const uint64_t *fp);

/* The user-mode trap frame at the top of p's kernel stack. */
static struct trapframe *user_tf(const struct proc *p)
{
    return (struct trapframe *)((uint8_t *)PA_TO_KVA(p->kstack_pa) + PAGE_SIZE - FRAME_SIZE);
}

/* p's action for sig, NULL while all are SIG_DFL. */
static struct vlinux_sigaction *action(const struct proc *p, int sig)
{
    return p->sig.hand ? &p->sig.hand->act[sig - 1] : NULL;
}

static uint64_t handler_of(const struct proc *p, int sig)
{
    const struct vlinux_sigaction *a = action(p, sig);
    return a ? a->handler : VSIG_DFL;
}

/* Linux's sig_ignored: a blocked signal is never ignored (its action may
 * change before it is unblocked). */
static bool ignored(const struct proc *p, int sig)
{
    uint64_t h = handler_of(p, sig);

    if (p->sig.blocked & VSIG_BIT(sig))
        return false;
    return h == VSIG_IGN || (h == VSIG_DFL && (IGNORE_SIGS & VSIG_BIT(sig)));
}

/* ---- process life ------------------------------------------------------ */

static struct sighand *hand_alloc(const struct sighand *from)
{
    struct sighand *h = kmalloc(sizeof(*h));

    if (h && from)
        memcpy(h->act, from->act, sizeof(h->act));
    if (h)
        h->refs = 1;
    return h;
}

int sig_fork(struct proc *child, const struct proc *parent)
{
    const struct sigproc *ps = &parent->sig;
    struct sighand *h = ps->hand ? hand_alloc(ps->hand) : NULL;

    if (ps->hand && !h)
        return -VE_NOMEM;
    sig_release(child);
    memset(&child->sig, 0, sizeof(child->sig));
    child->sig.hand = h;
    child->sig.blocked = ps->blocked;
    child->sig.altstack = ps->altstack;
    return 0;
}

int sig_share(struct proc *child, struct proc *parent)
{
    if (!parent->sig.hand && !(parent->sig.hand = hand_alloc(NULL)))
        return -VE_NOMEM;
    sig_release(child);
    child->sig.hand = parent->sig.hand;
    child->sig.hand->refs++;
    child->sig.blocked = parent->sig.blocked;
    return 0;
}

void sig_exec(struct proc *p)
{
    struct sighand *h = p->sig.hand;

    for (int i = 0; h && i < VNSIG; i++) {
        if (h->act[i].handler != VSIG_IGN)
            h->act[i].handler = VSIG_DFL;
        h->act[i].flags = 0;
        h->act[i].mask = 0;
    }
    memset(&p->sig.altstack, 0, sizeof(p->sig.altstack));
    p->sig.has_saved = false;
}

void sig_group_move(struct proc *to, const struct proc *from)
{
    to->sig.stopped = from->sig.stopped;
    to->sig.stop_unreported = from->sig.stop_unreported;
    to->sig.cont_unreported = from->sig.cont_unreported;
    to->sig.stop_sig = from->sig.stop_sig;
    to->sig.alarm_at = from->sig.alarm_at;
    to->sig.alarm_every = from->sig.alarm_every;
}

void sig_release(struct proc *p)
{
    struct sighand *h = p->sig.hand;

    p->sig.hand = NULL;
    if (h && --h->refs == 0)
        kfree(h);
}

/* ---- sending ------------------------------------------------------------ */

/* The process-wide part of p's signal state (stop, timer): its leader's,
 * which outlives the other threads (thread.h). */
static struct sigproc *group_sig(const struct proc *p)
{
    return &p->leader->sig;
}

/* True while some thread of p's process has not exited. */
static bool group_alive(const struct proc *p)
{
    return p->leader->nthreads > 0 && (p->state != P_ZOMBIE || p == p->leader);
}

/* Each live thread of p's process, in slot order, then NULL: for (t = NULL;
 * (t = next_thread(p, t)); ). */
static struct proc *next_thread(const struct proc *p, const struct proc *after)
{
    int i = 0;

    if (after)
        while (i < NPROC && procs[i] != after)
            i++;
    for (i = after ? i + 1 : 0; i < NPROC; i++)
        if (procs[i] && procs[i]->leader == p->leader && procs[i]->state != P_ZOMBIE)
            return procs[i];
    return NULL;
}

/* Tell p's parent that p's process stopped or continued: SIGCHLD unless
 * the parent asked for none (SA_NOCLDSTOP), and a wakeup for a
 * wait4(WUNTRACED). */
static void notify_parent(struct proc *p, int code, int status)
{
    struct proc *parent = p->leader->parent;
    const struct vlinux_sigaction *a;

    if (!parent)
        return;
    a = action(parent, VSIGCHLD);
    if (!a || !(a->flags & VSA_NOCLDSTOP))
        sig_send(parent, VSIGCHLD, &(struct ksiginfo){ code, p->tgid, status, 0 });
    wakeup(parent);
}

/* SIGCONT's side effect, whatever its action: a stopped process runs
 * again, every thread of it. */
static void continue_proc(struct proc *p)
{
    struct sigproc *g = group_sig(p);

    for (struct proc *t = NULL; (t = next_thread(p, t)) != NULL; )
        t->sig.pending &= ~STOP_SIGS;
    if (!g->stopped)
        return;
    g->stopped = false;
    g->stop_unreported = false;
    g->cont_unreported = true;
    for (struct proc *t = NULL; (t = next_thread(p, t)) != NULL; )
        sched_interrupt(t);
    notify_parent(p, VCLD_CONTINUED, VSIGCONT);
}

/* The thread of p's process that takes a process-directed sig: the first
 * (the leader first) that does not block it, as Linux's complete_signal
 * picks one; if every thread blocks it, the leader or the first live
 * thread keeps it pending (unlike Linux's shared queue, it stays with that
 * thread when another unblocks it).  NULL if no thread is left. */
static struct proc *pick_thread(struct proc *p, int sig)
{
    struct proc *l = p->leader, *first = NULL;

    if (l->state != P_ZOMBIE && !(l->sig.blocked & VSIG_BIT(sig)))
        return l;
    for (struct proc *t = NULL; (t = next_thread(p, t)) != NULL; ) {
        if (!(t->sig.blocked & VSIG_BIT(sig)) && !t->killed)
            return t;
        first = first ? first : t;
    }
    return l->state != P_ZOMBIE ? l : first;
}

/* sig to thread t: the checks both kinds of sending share, then t's
 * pending set (a standard signal is not queued twice) and a wakeup. */
static void post(struct proc *t, int sig, const struct ksiginfo *info)
{
    static const struct ksiginfo kernel = { .code = VSI_KERNEL };
    struct sigproc *s = &t->sig;

    if (sig == VSIG_KILL) {
        proc_kill(t->pid, sig);            /* the whole process, as Linux */
        return;
    }
    if (sig == VSIGCONT)
        continue_proc(t);
    else if (STOP_SIGS & VSIG_BIT(sig))
        for (struct proc *u = NULL; (u = next_thread(t, u)) != NULL; )
            u->sig.pending &= ~VSIG_BIT(VSIGCONT);
    if (ignored(t, sig))
        return;
    if (!(s->pending & VSIG_BIT(sig))) {
        s->pending |= VSIG_BIT(sig);
        s->info[sig - 1] = info ? *info : kernel;
    }
    if (!(s->blocked & VSIG_BIT(sig)))
        sched_interrupt(t);
}

void sig_send(struct proc *p, int sig, const struct ksiginfo *info)
{
    struct proc *t;

    if (sig < 1 || sig > VNSIG || !group_alive(p) || !(t = pick_thread(p, sig)))
        return;
    post(t, sig, info);
}

void sig_send_thread(struct proc *t, int sig, const struct ksiginfo *info)
{
    if (sig < 1 || sig > VNSIG || t->state == P_ZOMBIE)
        return;
    post(t, sig, info);
}

int sig_send_group(int pgid, int sig, const struct ksiginfo *info)
{
    int n = 0;

    for (int i = 0; i < NPROC; i++) {
        struct proc *p = procs[i];
        if (p && p == p->leader && p->pgid == pgid && group_alive(p)) {
            n++;                           /* a process once, not once per thread */
            if (sig)
                sig_send(p, sig, info);
        }
    }
    return n ? 0 : -VE_SRCH;
}

bool sig_interrupting(const struct proc *p)
{
    return p->sig.pending & (~p->sig.blocked | UNBLOCKABLE);
}

/* ---- delivery ------------------------------------------------------------ */

static bool on_altstack(const struct sigproc *s, uint64_t sp)
{
    return s->altstack.size && sp > s->altstack.sp && sp - s->altstack.sp <= s->altstack.size;
}

/* ss_flags as sigaltstack and uc_stack report them for user sp. */
static int altstack_flags(const struct sigproc *s, uint64_t sp)
{
    if (!s->altstack.size)
        return VSS_DISABLE;
    return (on_altstack(s, sp) ? VSS_ONSTACK : 0) | s->altstack.flags;
}

/* The lowest pending signal that is not blocked, 0 if none. */
static int next_signal(const struct sigproc *s)
{
    uint64_t ready = s->pending & (~s->blocked | UNBLOCKABLE);

    for (int sig = 1; ready; sig++, ready >>= 1)   /* no ctz: the kernel links no libgcc */
        if (ready & 1)
            return sig;
    return 0;
}

/* The siginfo of sig: a fault's address, or the sender / child. */
static void fill_info(struct vlinux_siginfo *si, int sig, const struct ksiginfo *ki)
{
    si->signo = sig;
    si->code = ki->code;
    if ((FAULT_SIGS & VSIG_BIT(sig)) && ki->code > 0) {
        si->u.addr = ki->addr;
    } else {
        si->u.kill.pid = ki->pid;
        si->u.kill.status = ki->status;
    }
}

/* The frame's ucontext: the interrupted registers (pc in gregs[0]), the
 * user's FP registers, the mask to restore and the alternate stack. */
static void fill_uc(struct vlinux_ucontext *uc, const struct trapframe *tf, uint64_t mask,
                    const struct sigproc *s)
{
    /* LAB(alarm): BEGIN SOLUTION */
    /* LAB(alarm): STUB: (void)uc, (void)tf, (void)mask, (void)s; */
    uint64_t fp[33];

    uc->stack.sp = s->altstack.sp;
    uc->stack.size = s->altstack.size;
    uc->stack.flags = altstack_flags(s, tf->x[REG_SP]);
    uc->sigmask = mask;
    memcpy(uc->mcontext.gregs, tf->x, sizeof(uc->mcontext.gregs));
    fpu_save(fp);
    memcpy(uc->mcontext.f, fp, sizeof(uc->mcontext.f));
    uc->mcontext.fcsr = (uint32_t)fp[32];
    /* LAB(alarm): END SOLUTION */
}

/* The call a handler interrupts: restarted (SA_RESTART) or EINTR. */
static void restart_for_handler(struct sigproc *s, struct trapframe *tf, unsigned flags)
{
    if (s->restart == RESTART_SYS && (flags & VSA_RESTART)) {
        tf->x[REG_A0] = s->orig_a0;
        tf->pc -= 4;                       /* back onto the ecall */
    }
    s->restart = RESTART_NO;
}

/* Push a frame for sig and point the user registers at the handler:
 * a0 = sig, a1 = &info, a2 = &uc, sp = the frame, ra = the trampoline. */
static void setup_handler(struct proc *p, int sig, const struct ksiginfo *ki,
                          struct vlinux_sigaction *act)
{
    struct sigproc *s = &p->sig;
    struct trapframe *tf = user_tf(p);
    struct vlinux_rt_sigframe f;
    uint64_t sp = tf->x[REG_SP], mask = s->has_saved ? s->saved_mask : s->blocked;

    restart_for_handler(s, tf, (unsigned)act->flags);
    /* LAB(alarm): BEGIN SOLUTION */
    /* LAB(alarm): STUB: (void)f, (void)sp, (void)mask, (void)ki, (void)fill_info, (void)fill_uc;    // the handler is not called */
    if ((act->flags & VSA_ONSTACK) && s->altstack.size && !on_altstack(s, sp))
        sp = s->altstack.sp + s->altstack.size;
    sp = (sp - sizeof(f)) & ~15UL;
    memset(&f, 0, sizeof(f));
    fill_info(&f.info, sig, ki);
    fill_uc(&f.uc, tf, mask, s);
    if (copyout(p, sp, &f, sizeof(f))) {
        char why[96];
        ksnprintf(why, sizeof(why), "signal %d: no room for its frame at sp %#lx", sig,
                  (unsigned long)sp);
        proc_fault_exit(VSIG_SEGV, why);
    }
    if (s->altstack.flags & VSS_AUTODISARM)
        memset(&s->altstack, 0, sizeof(s->altstack));
    tf->pc = act->handler;
    tf->x[1] = VSIGTRAMP_VA;
    tf->x[REG_SP] = sp;
    pal_wrusp(sp);                         /* rti takes the user SP from USP, not the frame */
    tf->x[REG_A0] = (uint64_t)sig;
    tf->x[REG_A0 + 1] = sp + offsetof(struct vlinux_rt_sigframe, info);
    tf->x[REG_A0 + 2] = sp + offsetof(struct vlinux_rt_sigframe, uc);
    /* LAB(alarm): END SOLUTION */
    s->has_saved = false;
    s->blocked |= (act->mask | (act->flags & VSA_NODEFER ? 0 : VSIG_BIT(sig))) & ~UNBLOCKABLE;
    if (act->flags & VSA_RESETHAND)
        act->handler = VSIG_DFL;
}

static const char *sig_name(int sig)
{
    static const char *const names[] = {
        "", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE",
        "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM",
        "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU",
        "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO",
        "SIGPWR", "SIGSYS",
    };
    return sig < (int)NELEM(names) ? names[sig] : "real-time signal";
}

/* Sleep while p's process is stopped (until SIGCONT or a kill). */
static void stop_wait(struct proc *p)
{
    struct sigproc *g = group_sig(p);

    while (g->stopped && !p->killed) {
        p->chan = g;
        p->state = P_SLEEPING;
        sched_switch();
        p->chan = NULL;
    }
}

/* Stop p's process until SIGCONT (or SIGKILL): the parent hears of it
 * (SIGCHLD, wait4's WUNTRACED); the other threads stop at their next
 * return to user mode.  Other signals stay pending meanwhile. */
static void stop(struct proc *p, int sig)
{
    struct sigproc *g = group_sig(p);

    if (!g->stopped) {
        g->stopped = true;
        g->stop_sig = sig;
        g->stop_unreported = true;
        g->cont_unreported = false;
        notify_parent(p, VCLD_STOPPED, sig);
    }
    stop_wait(p);
}

/* SIG_DFL: ignore, stop, or terminate (core-dump signals terminate too);
 * terminating does not return.  The kernel's kill report comes with a
 * core-dump signal, and with any signal that ends the first program (pid 1,
 * whose status becomes alphavlm's): a shell reports its children's
 * deaths itself (Ctrl-C's SIGINT, kill's SIGTERM), as on Linux. */
static void default_action(struct proc *p, int sig)
{
    char why[64];

    if (IGNORE_SIGS & VSIG_BIT(sig))
        return;
    if (STOP_SIGS & VSIG_BIT(sig)) {
        stop(p, sig);
        return;
    }
    ksnprintf(why, sizeof(why), "signal %d (%s)", sig, sig_name(sig));
    if (!(CORE_SIGS & VSIG_BIT(sig)) && p->tgid != 1)
        proc_signal_exit(sig, why);        /* the whole process, silently */
    proc_fault_exit(sig, why);             /* the whole process (proc.c group_signal_end) */
}

/* No handler ran: a mask rt_sigsuspend or ppoll set goes back, and an
 * interrupted call restarts (the user never sees the signal). */
static void finish_without_handler(struct sigproc *s, struct trapframe *tf)
{
    if (s->has_saved) {
        s->blocked = s->saved_mask;
        s->has_saved = false;
    }
    if (s->restart != RESTART_NO) {
        tf->x[REG_A0] = s->orig_a0;
        tf->pc -= 4;
    }
}

void sig_deliver(void)
{
    struct proc *p = curproc;
    struct sigproc *s = &p->sig;
    bool handled = false;
    int sig;

    stop_wait(p);                          /* another thread stopped the process */
    while (!p->killed && (sig = next_signal(s)) != 0) {
        struct ksiginfo ki = s->info[sig - 1];
        struct vlinux_sigaction *act = action(p, sig);
        s->pending &= ~VSIG_BIT(sig);
        if (!act || act->handler == VSIG_DFL)
            default_action(p, sig);
        else if (act->handler != VSIG_IGN) {
            setup_handler(p, sig, &ki, act);
            handled = true;
        }
    }
    if (!handled && !p->killed)
        finish_without_handler(s, user_tf(p));
    s->restart = RESTART_NO;
}

/* ---- hooks ------------------------------------------------------------ */

static int restart_kind(uint64_t nr)
{
    switch (nr) {
    case SYS_read: case SYS_write: case SYS_readv: case SYS_writev: case SYS_pread64:
    case SYS_pwrite64: case SYS_wait: case SYS_wait4: case SYS_waitid:
    case SYS_ioctl:                        /* a background tcsetpgrp/tcsetattr, after SIGTTOU */
        return RESTART_SYS;
    case SYS_nanosleep: case SYS_clock_nanosleep: case SYS_rt_sigsuspend: case SYS_ppoll:
        return RESTART_NOHAND;
    }
    return RESTART_NO;
}

void sig_syscall_done(uint64_t nr, uint64_t a0, int64_t r)
{
    struct sigproc *s = &curproc->sig;

    s->restart = r == -VE_INTR ? restart_kind(nr) : RESTART_NO;
    s->orig_a0 = a0;
    if (r == -VE_PIPE && (nr == SYS_write || nr == SYS_writev || nr == SYS_pwrite64))
        sig_send_thread(curproc, VSIGPIPE, &(struct ksiginfo){ .code = VSI_USER, .pid = curproc->tgid });
}

void sig_fault(int sig, int code, uint64_t addr, const char *why)
{
    struct proc *p = curproc;
    uint64_t h = handler_of(p, sig);

    if (h != VSIG_DFL && h != VSIG_IGN && !(p->sig.blocked & VSIG_BIT(sig))) {
        p->sig.pending |= VSIG_BIT(sig);
        p->sig.info[sig - 1] = (struct ksiginfo){ .code = code, .addr = addr };
        return;
    }
    proc_fault_exit(sig, why);
}

void sig_child_exit(struct proc *p)
{
    struct proc *parent = p->parent;
    const struct vlinux_sigaction *a;
    int term = sig_term_signal(p);

    if (!parent)
        return;
    a = action(parent, VSIGCHLD);
    sig_send(parent, VSIGCHLD, &(struct ksiginfo){ term ? VCLD_KILLED : VCLD_EXITED, p->pid,
                                                   term ? term : p->xstatus, 0 });
    if (a && (a->handler == VSIG_IGN || (a->flags & VSA_NOCLDWAIT))) {
        p->parent = NULL;                  /* POSIX: no zombie; the kernel reaps it */
        wakeup(parent);                    /* a wait in progress sees it gone */
    }
}

int sig_term_signal(const struct proc *p)
{
    return p->leader->term_sig;        /* proc.c records it for the group */
}

int sig_stop_report(struct proc *child)
{
    struct sigproc *g = group_sig(child);

    if (!g->stopped || !g->stop_unreported)
        return 0;
    g->stop_unreported = false;
    return 0x7f | g->stop_sig << 8;
}

bool sig_catches(const struct proc *p, int sig)
{
    return handler_of(p, sig) > VSIG_IGN;
}

bool sig_stopped(const struct proc *p)
{
    return p->state == P_SLEEPING && p->chan == group_sig(p);
}

bool sig_cont_report(struct proc *child)
{
    struct sigproc *g = group_sig(child);
    bool was = g->cont_unreported;

    g->cont_unreported = false;
    return was;
}

/* p's ITIMER_REAL, if p leads a process that still runs and it is armed. */
static bool timer_armed(const struct proc *p)
{
    return p && p == p->leader && group_alive(p) && p->sig.alarm_at;
}

void sig_timers(uint64_t now)
{
    for (int i = 0; i < NPROC; i++) {
        struct proc *p = procs[i];
        if (!timer_armed(p) || p->sig.alarm_at > now)
            continue;
        sig_send(p, VSIGALRM, NULL);
        /* LAB(alarm): BEGIN SOLUTION */
        /* LAB(alarm): STUB: p->sig.alarm_at = 0;                   // one alarm: the interval is not used */
        p->sig.alarm_at = p->sig.alarm_every ? MAX(p->sig.alarm_at + p->sig.alarm_every, now + 1) : 0;
        /* LAB(alarm): END SOLUTION */
    }
}

uint64_t sig_next_deadline(void)
{
    uint64_t best = 0;

    for (int i = 0; i < NPROC; i++) {
        struct proc *p = procs[i];
        if (timer_armed(p) && (!best || p->sig.alarm_at < best))
            best = p->sig.alarm_at;
    }
    return best;
}

/* ---- the console's foreground group and session --------------------------- */

/* The console is the controlling terminal of one session: pid 1's at boot,
 * a session leader's after TIOCSCTTY, none after its leader's TIOCNOTTY.
 * VLM/OS keeps no terminal per process: a process has the console as its
 * terminal while it is in that session (setsid leaves it). */
static int tty_sid = 1;

static bool has_tty(const struct proc *p)
{
    return tty_sid && p->sid == tty_sid;
}

int sig_tty_key(int sig)
{
    struct proc *init = proc_find(1);

    if (fg_pgrp) {                         /* Linux: that group only, none if it is gone */
        sig_send_group(fg_pgrp, sig, NULL);
        return 1;
    }
    if (sig == VSIGTSTP)
        return 0;                          /* nobody could continue a stopped job */
    /* No foreground group set (VLM/OS's shell): what pid 1 runs in its
     * group, pid 1 spared (a shell puts background jobs in their own). */
    for (int i = 0; i < NPROC; i++)
        if (procs[i] && init && procs[i]->parent == init && procs[i]->pgid == init->pgid)
            sig_send(procs[i], sig, NULL);
    return 2;
}

/* True if sig (SIGTTIN, SIGTTOU) would do nothing to the caller's process. */
static bool refused(int sig)
{
    return handler_of(curproc, sig) == VSIG_IGN || (curproc->sig.blocked & VSIG_BIT(sig));
}

int sig_tty_access(int sig)
{
    struct proc *p = curproc;

    if (!fg_pgrp || !has_tty(p) || p->pgid == fg_pgrp)
        return 0;
    if (refused(sig))
        return sig == VSIGTTIN ? -VE_IO : 0;
    sig_send_group(p->pgid, sig, &(struct ksiginfo){ .code = VSI_KERNEL });
    return -VE_INTR;                       /* restarts after the stop (restart_kind) */
}

/* The session of live group pgid, 0 if there is none. */
static int group_session(int pgid)
{
    for (int i = 0; i < NPROC; i++)
        if (procs[i] && procs[i] == procs[i]->leader && procs[i]->pgid == pgid &&
            group_alive(procs[i]))
            return procs[i]->sid;
    return 0;
}

/* TIOCSPGRP: a group of the caller's session, asked from the foreground
 * (or with SIGTTOU ignored). */
static int64_t set_fg(uint64_t arg)
{
    int pgid, sid, r;

    if (!has_tty(curproc))
        return -VE_NOTTY;
    if ((r = sig_tty_access(VSIGTTOU)) != 0)
        return r;
    if (copyin(curproc, &pgid, arg, sizeof(pgid)))
        return -VE_FAULT;
    if (pgid < 0)
        return -VE_INVAL;
    if (!(sid = group_session(pgid)))
        return -VE_SRCH;
    if (sid != curproc->sid)
        return -VE_PERM;
    fg_pgrp = pgid;
    return 0;
}

int64_t sig_tty_ioctl(uint64_t cmd, uint64_t arg)
{
    struct proc *p = curproc;
    int v = fg_pgrp ? fg_pgrp : p->pgid;

    switch (cmd) {
    case VTIOCSPGRP:
        return set_fg(arg);
    case VTIOCGSID:
        v = tty_sid;
        /* fall through */
    case VTIOCGPGRP:
        if (!has_tty(p))
            return -VE_NOTTY;
        return copyout(p, arg, &v, sizeof(v)) ? -VE_FAULT : 0;
    case VTIOCSCTTY:                       /* a session leader takes the console */
        if (has_tty(p))
            return 0;
        if (p->sid != p->tgid)
            return -VE_PERM;
        tty_sid = p->sid;
        fg_pgrp = p->pgid;
        return 0;
    case VTIOCNOTTY:                       /* the leader gives it up: no session has it */
        if (!has_tty(p))
            return -VE_NOTTY;
        if (p->sid == p->tgid)
            tty_sid = fg_pgrp = 0;
        return 0;
    }
    return -VE_INVAL;
}

bool sig_tty_open(void)
{
    return has_tty(curproc);
}

/* ---- the calls ------------------------------------------------------------ */

/* The return trampoline page (abi/vlmos_signal.h), mapped once per address
 * space when a handler is first installed: read-only, executable, counted
 * in the global commit like an image page.  0 or -VE_NOMEM. */
static int tramp_map(struct proc *p)
{
    static const uint32_t code[] = VSIGTRAMP_CODE;
    pte_t *e = vm_pte(p, VSIGTRAMP_VA, false);
    int r;

    if (e && (*e & PTE_COMMIT))
        return 0;
    if ((r = vm_map_data(p, VSIGTRAMP_VA, code, sizeof(code), PTE_KRE | PTE_URE, true)) != 0)
        return r;
    e = vm_pte(p, VSIGTRAMP_VA, false);
    pal_imb(PTE_PFN(*e) << PAGE_SHIFT, PAGE_SIZE);
    return 0;
}

/* Install act for sig: the actions and the trampoline exist first (the
 * call fails with -VE_NOMEM, nothing changed, if they cannot); a signal
 * now ignored is dropped from the pending set, as Linux does. */
static int set_action(struct proc *p, int sig, struct vlinux_sigaction *act)
{
    if (!p->sig.hand && !(p->sig.hand = hand_alloc(NULL)))
        return -VE_NOMEM;
    if (act->handler > VSIG_IGN && tramp_map(p))
        return -VE_NOMEM;
    act->mask &= ~UNBLOCKABLE;
    p->sig.hand->act[sig - 1] = *act;
    if (ignored(p, sig) || act->handler == VSIG_IGN ||
        (act->handler == VSIG_DFL && (IGNORE_SIGS & VSIG_BIT(sig))))
        p->sig.pending &= ~VSIG_BIT(sig);
    return 0;
}

/* rt_sigaction(sig, act, oldact, sigsetsize): riscv64's 24-byte struct
 * (no sa_restorer; SA_RESTORER is kept in the flags and has no effect). */
int64_t sys_rt_sigaction(const uint64_t a[6])
{
    struct proc *p = curproc;
    int64_t sig = (int64_t)a[0];
    struct vlinux_sigaction act, old = { 0, 0, 0 };
    int r;

    if (sig < 1 || sig > VNSIG || a[3] != 8)
        return -VE_INVAL;
    if (a[1] && (sig == VSIG_KILL || sig == VSIGSTOP))
        return -VE_INVAL;
    if (a[1] && copyin(p, &act, a[1], sizeof(act)))
        return -VE_FAULT;
    if (action(p, (int)sig))
        old = *action(p, (int)sig);
    if (a[1] && (r = set_action(p, (int)sig, &act)) != 0)
        return r;
    return a[2] && copyout(p, a[2], &old, sizeof(old)) ? -VE_FAULT : 0;
}

/* rt_sigprocmask(how, set, oldset, sigsetsize): SIGKILL and SIGSTOP stay
 * unblocked whatever set says. */
int64_t sys_rt_sigprocmask(const uint64_t a[6])
{
    struct sigproc *s = &curproc->sig;
    uint64_t set, old = s->blocked;

    if (a[3] != 8 || (a[1] && a[0] > VSIG_SETMASK))
        return -VE_INVAL;
    if (a[1] && copyin(curproc, &set, a[1], 8))
        return -VE_FAULT;
    if (a[2] && copyout(curproc, a[2], &old, 8))
        return -VE_FAULT;
    if (a[1]) {
        set &= ~UNBLOCKABLE;
        s->blocked = a[0] == VSIG_BLOCK ? old | set : a[0] == VSIG_UNBLOCK ? old & ~set : set;
    }
    return 0;
}

/* rt_sigpending(set, sigsetsize): the pending signals that are blocked. */
int64_t sys_rt_sigpending(const uint64_t a[6])
{
    uint64_t set = curproc->sig.pending & curproc->sig.blocked;

    if (a[1] > 8)
        return -VE_INVAL;
    return copyout(curproc, a[0], &set, a[1]) ? -VE_FAULT : 0;
}

int sig_swap_mask(uint64_t umask, uint64_t size)
{
    struct sigproc *s = &curproc->sig;
    uint64_t mask;

    if (size != 8)
        return -VE_INVAL;
    if (copyin(curproc, &mask, umask, 8))
        return -VE_FAULT;
    s->saved_mask = s->blocked;
    s->has_saved = true;
    s->blocked = mask & ~UNBLOCKABLE;
    return 0;
}

/* rt_sigsuspend(mask, sigsetsize): sleep with mask until a signal is acted
 * on; -VE_INTR after its handler (it restarts if none runs). */
int64_t sys_rt_sigsuspend(const uint64_t a[6])
{
    int r = sig_swap_mask(a[0], a[1]);

    if (r)
        return r;
    while (sleep_on(&curproc->sig, 0) == 0)
        ;
    return -VE_INTR;
}

/* ppoll(fds, nfds, timeout, sigmask, sigsetsize) with nfds 0 (what glibc's
 * and musl's pause() call): wait for a signal or the timeout (0). */
int64_t sys_ppoll(const uint64_t a[6])
{
    struct vtimespec ts;
    uint64_t deadline = 0;
    int r;

    if (a[1])
        return ppoll_fds(a);             /* descriptors: poll.c */
    if (a[2] && copyin(curproc, &ts, a[2], sizeof(ts)))
        return -VE_FAULT;
    if (a[2] && (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000L))
        return -VE_INVAL;
    if (a[2])
        deadline = pal_rpcc() + 1 + (MIN((uint64_t)ts.tv_sec, 1UL << 33) * 1000000000UL +
                                     (uint64_t)ts.tv_nsec) / NS_PER_CYCLE;
    if (a[3] && (r = sig_swap_mask(a[3], a[4])) != 0)
        return r;
    while ((r = sleep_on(&curproc->sig, deadline)) == 0)
        if (deadline && pal_rpcc() >= deadline)
            return 0;
    return -VE_INTR;
}

/* rt_sigreturn(): the frame at sp back into the registers, mask and
 * alternate stack.  A frame that cannot be read or whose reserved words
 * are not zero kills the process (SIGSEGV), as on Linux.  Returns the
 * restored a0, which trap_syscall then stores again. */
int64_t sys_rt_sigreturn(const uint64_t a[6])
{
    struct proc *p = curproc;
    struct trapframe *tf = user_tf(p);
    struct vlinux_rt_sigframe f;
    const struct vlinux_sigcontext *mc = &f.uc.mcontext;
    uint64_t fp[33], sp = tf->x[REG_SP];

    (void)a;
    if (copyin(p, &f, sp, sizeof(f)) || mc->pad[64] || mc->pad[65] || mc->pad[66]) {
        char why[80];
        ksnprintf(why, sizeof(why), "rt_sigreturn: bad signal frame at sp %#lx", (unsigned long)sp);
        proc_fault_exit(VSIG_SEGV, why);
    }
    /* LAB(alarm): BEGIN SOLUTION */
    /* LAB(alarm): STUB: (void)fp;                              // nothing restored */
    memcpy(tf->x, mc->gregs, sizeof(mc->gregs));
    pal_wrusp(tf->x[REG_SP]);
    memcpy(fp, mc->f, sizeof(mc->f));
    fp[32] = mc->fcsr;
    fpu_restore(fp);
    p->sig.blocked = f.uc.sigmask & ~UNBLOCKABLE;
    if (!on_altstack(&p->sig, sp) && !(f.uc.stack.flags & VSS_DISABLE) &&
        f.uc.stack.size >= VMINSIGSTKSZ) {
        p->sig.altstack = f.uc.stack;      /* restore_altstack: an auto-disarmed stack returns */
        p->sig.altstack.flags &= (int)VSS_AUTODISARM;
    }
    /* LAB(alarm): END SOLUTION */
    return (int64_t)tf->x[REG_A0];
}

/* sigaltstack(ss, old): -VE_PERM while running on it, -VE_INVAL for
 * unknown flags, -VE_NOMEM below MINSIGSTKSZ. */
int64_t sys_sigaltstack(const uint64_t a[6])
{
    struct sigproc *s = &curproc->sig;
    uint64_t sp = user_tf(curproc)->x[REG_SP];
    struct vlinux_stack old = { s->altstack.sp, altstack_flags(s, sp), 0, s->altstack.size }, ss;

    if (a[0]) {
        if (copyin(curproc, &ss, a[0], sizeof(ss)))
            return -VE_FAULT;
        if (on_altstack(s, sp))
            return -VE_PERM;
        unsigned mode = (unsigned)ss.flags & ~VSS_AUTODISARM;
        if (mode != 0 && mode != VSS_DISABLE && mode != VSS_ONSTACK)
            return -VE_INVAL;
        if (mode != VSS_DISABLE && ss.size < VMINSIGSTKSZ)
            return -VE_NOMEM;
        if (mode == VSS_DISABLE)
            memset(&ss, 0, sizeof(ss));
        ss.flags &= (int)VSS_AUTODISARM;
        s->altstack = ss;
    }
    return a[1] && copyout(curproc, a[1], &old, sizeof(old)) ? -VE_FAULT : 0;
}

/* One process (thread false: to a thread of it that does not block sig)
 * or one thread: -VE_SRCH if none; a zombie takes the signal as a no-op. */
static int64_t send_one(struct proc *p, int sig, const struct ksiginfo *ki, bool thread)
{
    if (!p)
        return -VE_SRCH;
    if (sig && thread)
        sig_send_thread(p, sig, ki);
    else if (sig)
        sig_send(p, sig, ki);
    return 0;
}

/* kill(-1, sig): every process but pid 1 and the caller. */
static int64_t send_all(int sig, const struct ksiginfo *ki)
{
    int n = 0;

    for (int i = 0; i < NPROC; i++) {
        struct proc *p = procs[i];
        if (p && p == p->leader && p->pid > 1 && p != curproc->leader && group_alive(p)) {
            n++;
            if (sig)
                sig_send(p, sig, ki);
        }
    }
    return n ? 0 : -VE_SRCH;
}

/* kill(pid, sig): pid > 0 that process, 0 the caller's group, -1 everyone
 * else, < -1 group -pid.  A pid that is no int is -VE_INVAL (Linux would
 * truncate it; VLM/OS refuses it, as before). */
int64_t sys_kill(const uint64_t a[6])
{
    int64_t pid = (int64_t)a[0], sig = (int64_t)a[1];
    struct ksiginfo ki = { .code = VSI_USER, .pid = curproc->tgid };

    if (sig < 0 || sig > VNSIG || pid < INT32_MIN || pid > INT32_MAX)
        return -VE_INVAL;
    if (pid > 0)
        return send_one(proc_find((int)pid), (int)sig, &ki, false);
    if (pid == -1)
        return send_all((int)sig, &ki);
    if (pid == INT32_MIN)
        return -VE_SRCH;
    return sig_send_group(pid ? (int)-pid : curproc->pgid, (int)sig, &ki);
}

/* tkill(tid, sig) and tgkill(tgid, tid, sig): that thread only (a fatal
 * default action still ends its whole process). */
int64_t sys_tkill(const uint64_t a[6])
{
    int64_t tid = (int64_t)a[0], sig = (int64_t)a[1];
    struct ksiginfo ki = { .code = VSI_TKILL, .pid = curproc->tgid };

    if (tid <= 0 || tid > INT32_MAX || sig < 0 || sig > VNSIG)
        return -VE_INVAL;
    return send_one(proc_find((int)tid), (int)sig, &ki, true);
}

int64_t sys_tgkill(const uint64_t a[6])
{
    int64_t tgid = (int64_t)a[0], tid = (int64_t)a[1], sig = (int64_t)a[2];
    struct ksiginfo ki = { .code = VSI_TKILL, .pid = curproc->tgid };
    struct proc *p = proc_find((int)tid);

    if (tgid <= 0 || tgid > INT32_MAX || tid <= 0 || tid > INT32_MAX || sig < 0 || sig > VNSIG)
        return -VE_INVAL;
    return send_one(p && p->tgid == tgid ? p : NULL, (int)sig, &ki, true);
}

/* ---- ITIMER_REAL ------------------------------------------------------- */

static bool tv_ok(const struct vlinux_timeval *tv)
{
    return tv->sec >= 0 && tv->usec >= 0 && tv->usec < 1000000;
}

static uint64_t tv_cycles(const struct vlinux_timeval *tv)
{
    return ns_cycles(MIN((uint64_t)tv->sec, 1UL << 33) * 1000000000UL + (uint64_t)tv->usec * 1000);
}

static struct vlinux_timeval cycles_tv(uint64_t c)
{
    uint64_t us = (time_ns(c) + 999) / 1000;
    return (struct vlinux_timeval){ (long)(us / 1000000), (long)(us % 1000000) };
}

/* The timer now: what is left (at least 1 us while armed) and the interval. */
static struct vlinux_itimerval itimer_now(const struct sigproc *s)
{
    struct vlinux_itimerval v = { cycles_tv(s->alarm_every), { 0, 0 } };
    uint64_t now = pal_rpcc();

    if (s->alarm_at)
        v.value = s->alarm_at > now ? cycles_tv(s->alarm_at - now) : (struct vlinux_timeval){ 0, 1 };
    return v;
}

/* setitimer(which, new, old): ITIMER_REAL from the kernel's clock (virtual
 * time); VIRTUAL and PROF are -VE_INVAL here.  new NULL disarms. */
int64_t sys_setitimer(const uint64_t a[6])
{
    struct sigproc *s = group_sig(curproc);   /* the process's timer */
    struct vlinux_itimerval nv = { { 0, 0 }, { 0, 0 } }, ov = itimer_now(s);

    if (a[0] != VITIMER_REAL)
        return -VE_INVAL;
    if (a[1] && copyin(curproc, &nv, a[1], sizeof(nv)))
        return -VE_FAULT;
    if (!tv_ok(&nv.value) || !tv_ok(&nv.interval))
        return -VE_INVAL;
    s->alarm_at = nv.value.sec || nv.value.usec ? pal_rpcc() + tv_cycles(&nv.value) : 0;
    s->alarm_every = s->alarm_at ? tv_cycles(&nv.interval) : 0;
    return a[2] && copyout(curproc, a[2], &ov, sizeof(ov)) ? -VE_FAULT : 0;
}

int64_t sys_getitimer(const uint64_t a[6])
{
    struct vlinux_itimerval v = itimer_now(group_sig(curproc));

    if (a[0] > 2)
        return -VE_INVAL;
    if (a[0] != VITIMER_REAL)
        memset(&v, 0, sizeof(v));
    return copyout(curproc, a[1], &v, sizeof(v)) ? -VE_FAULT : 0;
}
