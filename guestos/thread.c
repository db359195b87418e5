/*
 * thread.c — threads: clone, exit, exit_group (see thread.h).
 */
#include "guestos/fork.h"
#include "guestos/futex.h"
#include "guestos/proc.h"
#include "guestos/signal.h"
#include "guestos/thread.h"
#include "guestos/trap.h"

void fpu_save(uint64_t *fp);              /* fpu.S */

int64_t sys_clone(const uint64_t a[6])
{
    uint64_t flags = a[0];

    if ((flags & VCLONE_THREAD) && !(flags & VCLONE_SIGHAND))
        return -VE_INVAL;
    if ((flags & VCLONE_SIGHAND) && !(flags & VCLONE_VM))
        return -VE_INVAL;
    if ((flags & (VCLONE_FS | VCLONE_NEWNS)) == (VCLONE_FS | VCLONE_NEWNS))
        return -VE_INVAL;
    if ((flags & VCLONE_THREAD) || ((flags & VCLONE_VM) && !(flags & VCLONE_VFORK)))
        return clone_thread(flags, a[1], a[2], a[3], a[4]);
    return clone_fork(flags, a[1], a[2], a[3], a[4]);
}

/* The new thread's kernel stack: the caller's user trap frame with a0 = 0
 * (clone returns 0 in it), and below it the callee-saved area swtch pops,
 * returning to the trampoline; its user sp goes in the PCB (the PAL takes
 * the USP from there, not from the frame). */
static void thread_kstack(struct proc *t, uint64_t usp, uint64_t flags, uint64_t tls)
{
    uint8_t *base = PA_TO_KVA(t->kstack_pa);
    struct trapframe *tf = proc_frame(t);
    uint64_t *sw = (uint64_t *)((uint8_t *)tf - SWTCH_FRAME);

    *tf = *proc_frame(curproc);
    tf->x[REG_A0] = 0;
    tf->x[REG_SP] = usp;
    if (flags & VCLONE_SETTLS)
        tf->x[REG_TP] = tls;
    memset(sw, 0, SWTCH_FRAME);
    sw[0] = (uint64_t)proc_trampoline;                /* ra */
    *(uint64_t *)(base + PCB_KSP) = (uint64_t)sw;
    *(uint64_t *)(base + PCB_USP) = usp;
}

/* t joins the group of the calling thread: the leader's files and cwd. */
static void thread_join_group(struct proc *t)
{
    struct proc *me = curproc, *l = me->leader;

    t->tgid = me->tgid;
    t->leader = l;
    t->nthreads = 0;
    t->ofile = l->files;
    t->cwd = l->cwd_buf;
    t->pgid = me->pgid;
    t->sid = me->sid;
    memcpy(t->exe, me->exe, sizeof(t->exe));
    t->trace_nr = me->trace_nr;
    strlcpy(t->name, me->name, sizeof(t->name));
    l->nthreads++;
}

int64_t clone_thread(uint64_t flags, uint64_t newsp, uint64_t ptid, uint64_t tls, uint64_t ctid)
{
    struct proc *me = curproc, *t;
    int err, tid;

    if ((flags & VCLONE_THREAD_SET) != VCLONE_THREAD_SET)
        return -VE_INVAL;
    if (!(t = proc_alloc(&err, me)))
        return err;
    if ((err = sig_share(t, me)) != 0) {      /* CLONE_SIGHAND: one set of actions */
        vm_free(t);
        proc_free(t);
        return err;
    }
    thread_join_group(t);
    thread_kstack(t, newsp ? newsp : proc_frame(me)->x[REG_SP], flags, tls);
    fpu_save(t->fp);                  /* the caller's FP registers, as they are now */
    tid = t->pid;
    if (flags & VCLONE_PARENT_SETTID)
        (void)copyout(me, ptid, &tid, sizeof(tid));   /* a fault is ignored, as Linux */
    if (flags & VCLONE_CHILD_SETTID)
        (void)copyout(t, ctid, &tid, sizeof(tid));
    if (flags & VCLONE_CHILD_CLEARTID)
        t->clear_child_tid = ctid;
    uint64_t name[2];
    memcpy(name, t->name, sizeof(name));
    ktrace(TRACE_OS_PROC_CREATE, (uint64_t)tid, (uint64_t)me->pid, proc_pcb(t), name[0], name[1]);
    sched_ready(t);
    return tid;
}

void thread_group_exit(struct proc *p, int status, const char *why)
{
    struct proc *l = p->leader;

    if (l->group_exit)
        return;                       /* the first exit_group, fault or kill decides */
    l->group_exit = true;
    l->group_status = status;
    if (why)
        strlcpy(l->why, why, sizeof(l->why));
    for (int i = 0; i < NPROC; i++) {
        struct proc *t = procs[i];
        if (!t || t->leader != l || t == curproc || t->state == P_ZOMBIE || t->killed)
            continue;
        t->killed = true;
        t->kill_sig = VSIG_KILL;
        sched_interrupt(t);
    }
}

/* Every other live thread of p's group ends by itself: kill_sig 0 tells
 * proc_return_to_user to exit the thread only (the group goes on). */
static void thread_kill_others(struct proc *p)
{
    for (int i = 0; i < NPROC; i++) {
        struct proc *t = procs[i];
        if (!t || t->leader != p->leader || t == p || t->state == P_ZOMBIE || t->killed)
            continue;
        t->killed = true;
        t->kill_sig = 0;
        sched_interrupt(t);
    }
}

/* p, the group's last thread, replaces its exited leader l. */
static void thread_take_lead(struct proc *p, struct proc *l)
{
    memcpy(p->files, l->files, sizeof(p->files));
    memcpy(p->cwd_buf, l->cwd_buf, sizeof(p->cwd_buf));
    p->ofile = p->files;
    p->cwd = p->cwd_buf;
    p->umask = l->umask;
    p->cloexec = l->cloexec;
    p->parent = l->parent;
    p->pgid = l->pgid;
    p->sid = l->sid;
    p->drvdata = l->drvdata;
    p->vfork_parent = l->vfork_parent;
    sig_group_move(p, l);             /* the process's stop state and timer */
    p->pid = l->pid;                  /* the process keeps its pid, as Linux */
    p->leader = p;
    p->nthreads = 1;
    for (int i = 0; i < NPROC; i++)
        if (procs[i] && procs[i]->parent == l)
            procs[i]->parent = p;
    proc_free(l);                     /* a zombie kept for its files: nothing else refers to it */
}

int thread_exec_single(struct proc *p)
{
    struct proc *l = p->leader;
    uint64_t mask = p->sig.blocked;

    thread_kill_others(p);
    /* Only a kill interrupts the wait, as Linux's de_thread: a signal
     * arriving now stays pending for the new image.  (A pending SIGSTOP
     * still wakes sleep_on at once: then yield, so the others can end.) */
    p->sig.blocked = ~0UL;
    while (l->nthreads > 1 && !p->killed)
        if (sleep_on(&l->nthreads, 0))   /* proc_exit wakes it */
            sched_yield();
    p->sig.blocked = mask;
    if (p->killed)
        return -VE_INTR;
    if (p != l)
        thread_take_lead(p, l);
    return 0;
}

void thread_exit_notify(struct proc *p)
{
    uint32_t zero = 0;

    futex_thread_exit(p);             /* the locks it holds: owner died (futex.h) */
    if (!p->clear_child_tid || !p->vm || p->vm->refs < 2)
        return;                       /* nobody left to join it */
    if (!copyout(p, p->clear_child_tid, &zero, sizeof(zero)))
        futex_wake_one(p, p->clear_child_tid);
    p->clear_child_tid = 0;
}

int thread_count(const struct proc *p)
{
    return p->leader->nthreads;
}

int64_t sys_exit_thread(const uint64_t a[6])
{
    proc_exit((int)(a[0] & 0xFF));
}

int64_t sys_exit_group(const uint64_t a[6])
{
    thread_group_exit(curproc, (int)(a[0] & 0xFF), NULL);
    proc_exit((int)(a[0] & 0xFF));
}
