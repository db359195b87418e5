/*
 * proc.c — process creation, exit, wait and kill (see proc.h).
 */
#include "guestos/budget.h"
#include "guestos/exec.h"
#include "guestos/fork.h"
#include "guestos/file.h"
#include "guestos/frames.h"
#include "guestos/kdriver.h"
#include "guestos/kalloc.h"
#include "guestos/palcall.h"
#include "guestos/proc.h"
#include "guestos/thread.h"

struct proc *procs[NPROC];
static int next_pid = 1;
static bool reap_due;             /* a detached zombie is waiting to be freed */

struct proc *proc_find(int pid)
{
    for (int i = 0; i < NPROC; i++)
        if (procs[i] && procs[i]->pid == pid)
            return procs[i];
    return NULL;
}

struct proc *proc_with_space(int tgid)
{
    struct proc *l = proc_find(tgid);

    if (l && l->vm)
        return l;
    for (int i = 0; i < NPROC; i++)
        if (procs[i] && procs[i]->tgid == tgid && procs[i]->vm)
            return procs[i];
    return NULL;
}

int proc_count(void)
{
    int n = 0;
    for (int i = 0; i < NPROC; i++)
        n += procs[i] != NULL;
    return n;
}

struct proc *proc_alloc(int *err, struct proc *share)
{
    int slot = -1;

    proc_reap_detached();             /* ended donors must not hold the slots */
    for (int i = 0; i < NPROC && slot < 0; i++)
        if (!procs[i])
            slot = i;
    *err = -VE_AGAIN;
    if (slot < 0)
        return NULL;
    *err = -VE_NOMEM;
    struct proc *p = kmalloc(sizeof(*p));
    if (!p)
        return NULL;
    p->pid = p->tgid = next_pid++;
    p->leader = p;
    p->nthreads = 1;
    p->ofile = p->files;
    p->cwd = p->cwd_buf;
    p->kstack_pa = budget_frame_alloc(VB_KSTACK, FR_KERNEL, (uint32_t)p->pid) << PAGE_SHIFT;
    if (share && p->kstack_pa)
        vm_share(p, share);
    if (!p->kstack_pa || (!share && vm_init(p))) {
        if (p->kstack_pa)
            budget_frame_free(VB_KSTACK, p->kstack_pa >> PAGE_SHIFT);
        kfree(p);
        return NULL;
    }
    *(uint64_t *)((uint8_t *)PA_TO_KVA(p->kstack_pa) + PCB_SIZE) = KSTACK_CANARY;
    p->umask = 022;
    procs[slot] = p;
    return p;
}

/* Free what proc_alloc gave (the address space must be gone already). */
void proc_free(struct proc *p)
{
    for (int i = 0; i < NPROC; i++)
        if (procs[i] == p)
            procs[i] = NULL;
    sig_release(p);
    budget_frame_free(VB_KSTACK, p->kstack_pa >> PAGE_SHIFT);
    kfree(p);
}

/* Lay out a new process's kernel stack: the user-mode trap frame at the top,
 * and below it the callee-saved area swtch pops, returning to the trampoline. */
void kstack_setup(struct proc *p, uint64_t entry, uint64_t usp)
{
    uint8_t *base = PA_TO_KVA(p->kstack_pa);
    uint64_t top = (uint64_t)base + PAGE_SIZE;
    uint64_t *frame = (uint64_t *)(top - FRAME_SIZE);
    uint64_t *sw = (uint64_t *)(top - FRAME_SIZE - SWTCH_FRAME);

    memset(frame, 0, FRAME_SIZE);
    frame[FRAME_PS / 8] = PS_CM;                      /* user mode, IPL 0 */
    frame[FRAME_PC / 8] = entry;
    memset(sw, 0, SWTCH_FRAME);
    sw[0] = (uint64_t)proc_trampoline;                /* ra */
    *(uint64_t *)(base + PCB_KSP) = (uint64_t)sw;
    *(uint64_t *)(base + PCB_USP) = usp;
}

static void inherit_files(struct proc *p, struct proc *parent)
{
    for (int fd = 0; fd < 3; fd++)
        p->ofile[fd] = parent && parent->ofile[fd] ? file_dup(parent->ofile[fd])
                                                   : file_console();
}

int proc_spawn(const char *path, int argc, char *const argv[], struct proc *parent)
{
    int err;
    uint64_t entry, usp;
    struct proc *p = proc_alloc(&err, NULL);

    if (!p)
        return err;
    err = exec_load(p, path, argc, argv, 0, NULL, &entry, &usp);
    if (err) {
        vm_free(p);
        proc_free(p);
        return err;
    }
    strlcpy(p->name, path_basename(path), sizeof(p->name));
    strlcpy(p->exe, path, sizeof(p->exe));
    p->parent = parent ? parent->leader : NULL;   /* the group's child, whichever thread asked */
    /* LAB(syscall): BEGIN SOLUTION */
    if (parent)
        p->trace_nr = parent->trace_nr;   /* trace(nr) follows the children it spawns */
    /* LAB(syscall): END SOLUTION */
    inherit_files(p, parent);
    strlcpy(p->cwd, parent ? parent->cwd : "/", VPATH_MAX);
    p->pgid = parent ? parent->pgid : p->pid;
    p->sid = parent ? parent->sid : p->pid;
    p->umask = parent ? parent->leader->umask : 022;
    kstack_setup(p, entry, usp);
    uint64_t name[2];
    memcpy(name, p->name, sizeof(name));
    ktrace(TRACE_OS_PROC_CREATE, (uint64_t)p->pid, parent ? (uint64_t)parent->pid : 0,
           proc_pcb(p), name[0], name[1]);
    sched_ready(p);
    return p->pid;
}

/* ---- exit --------------------------------------------------------------- */

static int init_status = -1;

/* pid 1 ended: every other process must end too; then the idle loop halts. */
static void shutdown_begin(int status)
{
    init_status = status;
    for (int i = 0; i < NPROC; i++)
        if (procs[i] && procs[i] != curproc)
            proc_kill(procs[i]->pid, VSIG_KILL);
}

int proc_init_status(void)
{
    return init_status;
}

/* Orphan c of the ending process l goes to pid 1, as on Linux, when pid 1
 * catches SIGCHLD (a Linux init or shell: busybox sh there reaps its jobs'
 * children; an ended one is announced to it now).  VLM/OS's own programs
 * at pid 1 never catch it and never reap others' children: as before, the
 * kernel reaps their orphans, and a thread's, and all once pid 1 is gone. */
static void reparent(struct proc *c, const struct proc *l)
{
    struct proc *init = proc_find(1);

    if (c == c->leader && init && init != l && init == init->leader && init->nthreads > 0 &&
        sig_catches(init, VSIGCHLD)) {
        c->parent = init;
        if (c->state == P_ZOMBIE && c->nthreads == 0) {
            sig_child_exit(c);        /* SIGCHLD; detaches it if init ignores SIGCHLD */
            wakeup(init);
        }
        reap_due |= !c->parent && c->state == P_ZOMBIE;
        return;
    }
    c->parent = NULL;
    reap_due |= c->state == P_ZOMBIE;
}

/* The group's last thread is leaving: drivers let go, the files close,
 * the children go to pid 1 or the kernel (reparent), and the leader (a zombie already, or
 * p itself) carries the group's status to the parent. */
static void group_end(struct proc *p)
{
    struct proc *l = p->leader;

    kdrivers_proc_exit(p);            /* drivers let go first (the VLM driver: FIG. 10, abnormal paths) */
    for (int fd = 0; fd < NOFILE; fd++)
        if (l->files[fd]) {
            file_close(l->files[fd]);
            l->files[fd] = NULL;
        }
    for (int i = 0; i < NPROC; i++)
        if (procs[i] && procs[i]->parent == l)
            reparent(procs[i], l);
    if (l->group_exit)
        l->xstatus = l->group_status & 0xFF;
    sig_child_exit(l);                /* SIGCHLD; may detach l (SIGCHLD ignored) */
    reap_due |= !l->parent;
    if (l->pid == 1)
        shutdown_begin(l->xstatus);
    if (l->parent)
        wakeup(l->parent);
}

_Noreturn void proc_exit(int status)
{
    struct proc *p = curproc, *l = p->leader;

    thread_exit_notify(p);            /* clear_child_tid: a joiner wakes (thread.h) */
    bool last = --l->nthreads == 0;
    if (!last)
        wakeup(&l->nthreads);         /* an execve waits for the other threads to go */
    if (p == l)
        p->xstatus = status & 0xFF;
    if (last)
        group_end(p);
    vm_free(p);
    vfork_release(p);                 /* a vfork parent runs again */
    if (p != l) {
        p->parent = NULL;             /* a thread is nobody's child: the kernel reaps it */
        p->xstatus = status & 0xFF;
        p->leader = p;                /* the leader may be reaped first: no pointer left to it */
        reap_due = true;
    }
    p->state = P_ZOMBIE;
    ktrace(TRACE_OS_PROC_EXIT, (uint64_t)p->pid, (uint64_t)p->xstatus, 0, 0, 0);
    sched_switch();
    panic("proc_exit: zombie pid %d ran again", p->pid);
}

/* The user pc the process was stopped at, named by the console from the
 * program's ELF on the host (cserve SYMBOL), into buf; "" if it cannot. */
static const char *fault_where(char *buf, size_t n)
{
    const uint64_t *frame = (const uint64_t *)((uint8_t *)PA_TO_KVA(curproc->kstack_pa) +
                                               PAGE_SIZE - FRAME_SIZE);
    char name[96];

    strlcpy(name, curproc->name, sizeof(name));
    if (pal_symbol(kptr_to_pa(name), sizeof(name), frame[FRAME_PC / 8]) != 0)
        return "";
    ksnprintf(buf, n, " in %s", name);
    return buf;
}

/* The group of the calling thread ends by signal sig: the first end decides
 * (wait4 sees sig, VLM/OS's wait 128 + sig). */
static void group_signal_end(int sig, const char *why)
{
    struct proc *l = curproc->leader;

    if (!l->group_exit)
        l->term_sig = sig;
    thread_group_exit(curproc, 128 + sig, why);
}

_Noreturn void proc_fault_exit(int sig, const char *why)
{
    char where[112];

    kprintf("vlmos: pid %d (%s) killed: %s%s\n", curproc->pid, curproc->name, why,
            fault_where(where, sizeof(where)));
    proc_signal_exit(sig, why);
}

_Noreturn void proc_signal_exit(int sig, const char *why)
{
    group_signal_end(sig, why);       /* a fault kills the whole process */
    proc_exit(128 + sig);
}

_Noreturn void proc_exit_signal(int sig)
{
    group_signal_end(sig, NULL);
    proc_exit(128 + sig);
}

/* A zombie cannot free its own kernel stack (it runs on it until the final
 * switch), so the next process to enter the kernel does: every system call,
 * every process creation and the idle loop come here, and a flag keeps the
 * common case to one test.  Reaping only in the idle loop let 62 dead
 * donors fill the table while the CPU stayed busy. */
/* A zombie whose slot may go: a thread, or a leader whose threads are all
 * gone (until then they use its files and cwd). */
static bool reapable(const struct proc *p)
{
    return p->state == P_ZOMBIE && (p != p->leader || p->nthreads == 0);
}

void proc_reap_detached(void)
{
    if (!reap_due)
        return;
    reap_due = false;
    for (int i = 0; i < NPROC; i++) {
        struct proc *p = procs[i];
        if (p && reapable(p) && !p->parent) {
            if (p == curproc)
                reap_due = true;      /* still on its stack: the next caller frees it */
            else
                proc_free(p);
        }
    }
}

void proc_census(int *slots, int *zombies, int *detached)
{
    *slots = *zombies = *detached = 0;
    for (int i = 0; i < NPROC; i++) {
        struct proc *p = procs[i];
        if (!p)
            continue;
        (*slots)++;
        *zombies += p->state == P_ZOMBIE;
        *detached += p->state == P_ZOMBIE && !p->parent;
    }
}

int proc_wait(int pid, int *status, char *why)
{
    struct proc *me = curproc->leader;   /* any thread waits for the group's children */
    bool intr = false;

    for (;;) {
        bool have = false;
        for (int i = 0; i < NPROC; i++) {
            struct proc *c = procs[i];
            if (!c || c->parent != me || (pid != -1 && c->pid != pid))
                continue;
            have = true;
            if (reapable(c)) {
                int cpid = c->pid;
                *status = c->xstatus;
                strlcpy(why, c->why, VWHY_MAX);
                proc_free(c);
                return cpid;
            }
        }
        if (!have)
            return -VE_CHILD;
        if (intr)
            return -VE_INTR;
        intr = sleep_on(me, 0) != 0;  /* look once more: a child's exit wins over its SIGCHLD */
    }
}

/* t exits with sig at its next return to user mode (woken if it sleeps). */
static void mark_killed(struct proc *t, int sig)
{
    if (!t->killed) {
        t->killed = true;
        t->kill_sig = sig;
        sched_interrupt(t);
    }
}

int proc_kill(int pid, int sig)
{
    struct proc *p = proc_find(pid);
    char why[VWHY_MAX];

    if (pid == 0)
        return -VE_PERM;
    if (!p || (p->state == P_ZOMBIE && (p != p->leader || p->nthreads == 0)))
        return -VE_SRCH;
    sig = sig ? sig : VSIG_KILL;
    ksnprintf(why, sizeof(why), "killed by kill(), signal %d", sig);
    if (p->tgid == 1 && !p->leader->group_exit)   /* the first program's end: reported */
        kprintf("vlmos: pid 1 (%s) killed: signal %d%s\n", p->leader->name, sig,
                sig == VSIG_KILL ? " (SIGKILL)" : "");
    if (!p->leader->group_exit)
        p->leader->term_sig = sig;
    thread_group_exit(p, 128 + sig, why);      /* every thread but the caller */
    mark_killed(p, sig);
    if (curproc->leader == p->leader)
        mark_killed(curproc, sig);              /* a thread that kills its own process dies too */
    return 0;
}

/* A killed thread ends: by its signal (the whole group), or alone when an
 * execve in another thread ended it (kill_sig 0, thread.c). */
static void exit_if_killed(struct proc *p)
{
    if (p->killed && !p->kill_sig)
        proc_exit(0);
    if (p->killed)
        proc_exit_signal(p->kill_sig);
}

void proc_return_to_user(void)
{
    struct proc *p = curproc;

    exit_if_killed(p);
    if (need_resched) {
        need_resched = false;
        console_poll();
        sched_wake_timers(pal_rpcc());
        sched_yield();
    }
    sig_deliver();
    exit_if_killed(p);
}
