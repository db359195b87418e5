/*
 * fork.c — clone (fork, vfork), execve, wait4, waitid, process groups and
 * sessions (see fork.h).  The address-space side of fork is vm.c's vm_fork,
 * the image side of execve exec.c's exec_load; this file is the process
 * side of both.
 */
#include "guestos/exec.h"
#include "guestos/file.h"
#include "guestos/fork.h"
#include "guestos/kalloc.h"
#include "guestos/kdriver.h"
#include "guestos/palcall.h"
#include "guestos/path.h"
#include "guestos/proc.h"
#include "guestos/signal.h"
#include "guestos/thread.h"
#include "guestos/trap.h"

_Static_assert(sizeof(struct proc) <= KMALLOC_MAX, "struct proc comes from kmalloc");
_Static_assert(sizeof(struct kargv) <= PAGE_SIZE, "kargv fits a page");

void fpu_save(uint64_t *fp);            /* fpu.S */
void fpu_restore(const uint64_t *fp);

/* ---- strings from user space ------------------------------------------- */

int copy_strv(uint64_t uv, struct kargv *k, int *argc)
{
    size_t used = 0;

    for (int i = 0; ; i++) {
        uint64_t uptr;
        if (i > VARGC_MAX)
            return -VE_2BIG;
        if (copyin(curproc, &uptr, uv + 8 * (uint64_t)i, 8))
            return -VE_FAULT;
        if (!uptr) {
            k->argv[i] = NULL;
            *argc = i;
            return 0;
        }
        int n = copyinstr(curproc, k->strings + used, uptr, VARG_MAX - used);
        if (n < 0)
            return n == -VE_NAMETOOLONG ? -VE_2BIG : n;
        k->argv[i] = k->strings + used;
        used += (size_t)n + 1;
    }
}

/* ---- clone --------------------------------------------------------------- */

/* What a new process may ask of clone.  CLONE_VM comes only with
 * CLONE_VFORK here: a vfork child gets a copy-on-write copy, which a program
 * cannot tell from a shared space until exec (POSIX allows vfork = fork).
 * CLONE_CHILD_CLEARTID matters to threads only: a new process has one. */
#define FORK_FLAGS (VCLONE_CSIGNAL | VCLONE_VM | VCLONE_VFORK | VCLONE_SETTLS | \
                    VCLONE_PARENT_SETTID | VCLONE_CHILD_SETTID | VCLONE_CHILD_CLEARTID)

/* What a child copies from its parent besides memory: the group's files,
 * directory, umask and close-on-exec bits (the leader holds them), the
 * calling thread's name and settings.  The child's parent is the group. */
static void fork_inherit(struct proc *c, struct proc *parent)
{
    struct proc *l = parent->leader;

    for (int fd = 0; fd < NOFILE; fd++)
        if (parent->ofile[fd])
            c->ofile[fd] = file_dup(parent->ofile[fd]);
    memcpy(c->name, parent->name, sizeof(c->name));
    memcpy(c->exe, parent->exe, sizeof(c->exe));
    strlcpy(c->cwd, parent->cwd, VPATH_MAX);
    c->pgid = parent->pgid;
    c->sid = parent->sid;
    c->umask = l->umask;
    c->cloexec = l->cloexec;
    c->trace_nr = parent->trace_nr;
    c->parent = l;
}

/* The child's kernel stack: the parent's trap frame, returning 0, on the
 * parent's user stack or newsp; its FP registers are the parent's now. */
static void fork_frame(struct proc *c, uint64_t flags, uint64_t newsp, uint64_t tls)
{
    const struct trapframe *ptf = proc_frame(curproc);

    kstack_setup(c, ptf->pc, newsp ? newsp : ptf->x[REG_SP]);
    struct trapframe *tf = proc_frame(c);
    *tf = *ptf;
    tf->x[REG_A0] = 0;
    if (flags & VCLONE_SETTLS)
        tf->x[4] = tls;                 /* tp */
    fpu_save(c->fp);                    /* the kernel never touches FP: they are the parent's */
}

static void trace_create(const struct proc *p)
{
    uint64_t name[2];

    memcpy(name, p->name, sizeof(name));
    ktrace(TRACE_OS_PROC_CREATE, (uint64_t)p->pid, p->parent ? (uint64_t)p->parent->pid : 0,
           proc_pcb(p), name[0], name[1]);
}

/* vfork: the parent sleeps until the child execs or exits (vfork_release). */
static void vfork_wait(struct proc *c)
{
    while (c->vfork_parent == curproc)
        if (sleep_on(&c->vfork_parent, 0))
            break;                      /* killed: it exits on the way out */
}

void vfork_release(struct proc *p)
{
    if (p->vfork_parent) {
        p->vfork_parent = NULL;
        wakeup(&p->vfork_parent);
    }
}

int64_t clone_fork(uint64_t flags, uint64_t newsp, uint64_t ptid, uint64_t tls, uint64_t ctid)
{
    struct proc *parent = curproc, *c;
    int err;

    if (flags & ~FORK_FLAGS || ((flags & VCLONE_VM) && !(flags & VCLONE_VFORK)))
        return -VE_INVAL;
    if (!(c = proc_alloc(&err, NULL)))
        return err;
    if ((err = kdrivers_proc_fork(parent, c)) != 0 || (err = vm_fork(c, parent)) != 0 ||
        (err = sig_fork(c, parent)) != 0) {     /* the actions copied, the caller's mask */
        vm_free(c);
        proc_free(c);
        return err;
    }
    fork_inherit(c, parent);
    fork_frame(c, flags, newsp, tls);
    /* Linux ignores a bad address here too: the fork has happened. */
    if (flags & VCLONE_CHILD_SETTID)
        (void)copyout(c, ctid, &c->pid, sizeof(c->pid));
    if (flags & VCLONE_PARENT_SETTID)
        (void)copyout(parent, ptid, &c->pid, sizeof(c->pid));
    trace_create(c);
    if (flags & VCLONE_VFORK)
        c->vfork_parent = parent;
    sched_ready(c);
    if (flags & VCLONE_VFORK)
        vfork_wait(c);
    return c->pid;
}

/* ---- execve -------------------------------------------------------------- */

/* The new image is complete: close the close-on-exec descriptors, name the
 * process, and make the system call return into the new program. */
static void exec_finish(struct proc *p, const char *path, uint64_t entry, uint64_t usp)
{
    for (int fd = 0; fd < NOFILE; fd++)
        if ((p->leader->cloexec >> fd & 1) && p->ofile[fd]) {
            file_close(p->ofile[fd]);
            p->ofile[fd] = NULL;
        }
    p->leader->cloexec = 0;
    strlcpy(p->name, path_basename(path), sizeof(p->name));
    if (path != p->exe)
        strlcpy(p->exe, path, sizeof(p->exe));
    struct trapframe *tf = proc_frame(p);
    memset(tf, 0, sizeof(*tf));
    tf->ps = PS_CM;                     /* user mode, IPL 0 */
    tf->pc = entry;
    pal_wrusp(usp);
    memset(p->fp, 0, sizeof(p->fp));
    fpu_restore(p->fp);
    sig_exec(p);                        /* caught signals back to SIG_DFL */
    trace_create(p);                    /* traces name the pid by its new program */
    vfork_release(p);
}

/* Build the image of path beside p's, then replace p's by it.  0, or the
 * loader's error with p unchanged. */
static int exec_replace(struct proc *p, const char *path, int argc, char *const argv[],
                        int envc, char *const envp[])
{
    struct vmspace *old = p->vm, *image;
    uint64_t entry, usp;
    int r = vm_init(p);                 /* p->vm: the new, empty space */

    if (!r)
        r = exec_load(p, path, argc, argv, envc, envp, &entry, &usp);
    if (!r && (thread_count(p) > 1 || p != p->leader))
        r = thread_exec_single(p);      /* the new image runs alone (Linux's de_thread) */
    if (r) {
        vm_free(p);
        p->vm = old;
        return r;
    }
    image = p->vm;
    sched_reload_space();               /* the machine runs on the new tables now */
    p->vm = old;
    kdrivers_proc_exit(p);              /* VLM handles and windows end with the old image */
    vm_free(p);                         /* the last reference: the other threads are gone */
    p->vm = image;
    exec_finish(p, path, entry, usp);
    return 0;
}

int64_t sys_execve(const uint64_t a[6])
{
    char path[VPATH_MAX];
    struct kargv *av = kpage_alloc(VB_HEAP), *ev = kpage_alloc(VB_HEAP);
    int argc = 0, envc = 0, r = copyin_path(a[0], path);

    if (!r && (!av || !ev))
        r = -VE_NOMEM;
    if (!r && a[1])
        r = copy_strv(a[1], av, &argc);
    if (!r && a[2])
        r = copy_strv(a[2], ev, &envc);
    if (!r)
        r = exec_replace(curproc, strcmp(path, "/proc/self/exe") ? path : curproc->exe,
                         argc, av->argv, envc, ev->argv);
    kpage_free(av, VB_HEAP);
    kpage_free(ev, VB_HEAP);
    return r;
}

/* ---- wait4, waitid ------------------------------------------------------- */

/* True if c is a child of the caller that wait's pid selects. */
static bool wait_match(const struct proc *c, int pid)
{
    if (c->parent != curproc->leader)
        return false;                   /* the group's children: any thread waits for them */
    if (pid > 0)
        return c->pid == pid;
    if (pid == -1)
        return true;
    return c->pgid == (pid == 0 ? curproc->pgid : -pid);
}

/* A child that pid selects and wait can report into *out: 1 if it ended,
 * 2 if it stopped (VWUNTRACED asks for that) or continued (VWCONTINUED),
 * *changed its Linux status (0x7f | sig << 8, or 0xffff) and the change now
 * reported (signal.h sig_stop_report, sig_cont_report); 0 if children
 * match but none has (and nohang), -VE_CHILD if none matches, -VE_INTR.
 * After an interrupted sleep it looks once more: a child's exit wins over
 * the SIGCHLD that interrupted the sleep. */
static int wait_child(int pid, bool nohang, uint64_t opts, struct proc **out, int *changed)
{
    bool intr = false;

    for (;;) {
        bool have = false;
        for (int i = 0; i < NPROC; i++) {
            struct proc *c = procs[i];
            if (!c || !wait_match(c, pid))
                continue;
            have = true;
            *out = c;
            if (c->state == P_ZOMBIE && c->nthreads == 0)   /* its last thread is gone */
                return 1;
            if ((opts & VWUNTRACED) && (*changed = sig_stop_report(c)) != 0)
                return 2;
            if ((opts & VWCONTINUED) && sig_cont_report(c)) {
                *changed = 0xffff;
                return 2;
            }
        }
        if (!have)
            return -VE_CHILD;
        if (nohang)
            return 0;
        if (intr)
            return -VE_INTR;
        intr = sleep_on(curproc->leader, 0) != 0;   /* proc_exit wakes the parent (the leader) */
    }
}

/* Linux's wait status: the exit code << 8, or the signal that ended it. */
static int linux_status(const struct proc *c)
{
    int sig = sig_term_signal(c);

    return sig ? (sig & 0x7F) : (c->xstatus & 0xFF) << 8;
}

/* c's CPU time in microseconds (its PCB's instruction count, virtual time). */
static uint64_t cpu_us(const struct proc *c)
{
    uint32_t pcc;

    memcpy(&pcc, (uint8_t *)PA_TO_KVA(proc_pcb(c)) + PCB_PCC, sizeof(pcc));
    return time_ns(pcc) / 1000;
}

#define WAIT4_OPTIONS (VWNOHANG | VWUNTRACED | VWCONTINUED | VWNOTHREAD | VWALL | VWCLONE)

int64_t sys_wait4(const uint64_t a[6])
{
    int pid = (int)a[0], r, stopped = 0;
    struct proc *c;

    if (a[2] & ~(uint64_t)WAIT4_OPTIONS)
        return -VE_INVAL;
    if (pid == INT32_MIN)
        return -VE_SRCH;                /* Linux: -INT_MIN names no group */
    if ((r = wait_child(pid, a[2] & VWNOHANG, a[2], &c, &stopped)) <= 0)
        return r;
    if (r == 2)                         /* stopped or continued: reported, not reaped */
        return a[1] && copyout(curproc, a[1], &stopped, sizeof(stopped)) ? -VE_FAULT : c->pid;
    int status = linux_status(c), cpid = c->pid;
    uint64_t us = cpu_us(c);
    struct vlinux_rusage ru = { .utime = { (long)(us / 1000000), (long)(us % 1000000) } };
    proc_free(c);                       /* reaped, as Linux, even if a copy below faults */
    if ((a[1] && copyout(curproc, a[1], &status, sizeof(status))) ||
        (a[3] && copyout(curproc, a[3], &ru, sizeof(ru))))
        return -VE_FAULT;
    return cpid;
}

/* waitid's idtype and id as wait4's pid: 0 and the pid, or -VE_INVAL. */
static int waitid_pid(uint64_t type, uint64_t id, int *pid)
{
    if (type == VP_ALL)
        *pid = -1;
    else if (type == VP_PID && (int)id > 0)
        *pid = (int)id;
    else if (type == VP_PGID && (int)id >= 0)
        *pid = id ? -(int)id : 0;
    else
        return -VE_INVAL;
    return 0;
}

int64_t sys_waitid(const uint64_t a[6])
{
    struct vlinux_siginfo_chld si;
    struct proc *c = NULL;
    int pid, r, stopped = 0;

    if (a[3] & ~(uint64_t)(WAIT4_OPTIONS | VWEXITED | VWNOWAIT) ||
        !(a[3] & (VWEXITED | VWUNTRACED | VWCONTINUED)) || waitid_pid(a[0], a[1], &pid))
        return -VE_INVAL;
    /* WSTOPPED (WUNTRACED) reports a stopped child, WCONTINUED a continued
     * one.  Without WEXITED an ended child is not reported (and, as
     * WNOHANG, nothing waits). */
    r = wait_child(pid, (a[3] & VWNOHANG) || !(a[3] & VWEXITED), a[3], &c, &stopped);
    if (r == 1 && !(a[3] & VWEXITED))
        r = 0;
    if (r < 0)
        return r;
    memset(&si, 0, sizeof(si));
    if (r == 2) {
        si.signo = VSIGCHLD;
        si.code = stopped == 0xffff ? VCLD_CONTINUED : VCLD_STOPPED;
        si.pid = c->pid;
        si.status = stopped == 0xffff ? VSIGCONT : stopped >> 8;
    } else if (r == 1) {
        uint64_t us = cpu_us(c);
        int sig = sig_term_signal(c);
        si.signo = VSIGCHLD;
        si.code = sig ? VCLD_KILLED : VCLD_EXITED;
        si.pid = c->pid;
        si.status = sig ? sig : c->xstatus & 0xFF;
        si.utime = (long)(us / 10000);  /* clock ticks (VLINUX_CLKTCK) */
        if (!(a[3] & VWNOWAIT))
            proc_free(c);
    }
    return a[2] && copyout(curproc, a[2], &si, sizeof(si)) ? -VE_FAULT : 0;
}

/* ---- process groups and sessions ----------------------------------------- */

/* The process pid names (0: the caller), zombies too; NULL if none. */
static struct proc *proc_arg(uint64_t pid)
{
    if ((int64_t)pid < 0 || pid > INT32_MAX)
        return NULL;
    return pid ? proc_find((int)pid) : curproc;
}

int64_t sys_getpgid(const uint64_t a[6])
{
    struct proc *p = proc_arg(a[0]);

    return p ? p->pgid : -VE_SRCH;
}

int64_t sys_getsid(const uint64_t a[6])
{
    struct proc *p = proc_arg(a[0]);

    return p ? p->sid : -VE_SRCH;
}

/* setsid: a new session and group named by the caller's pid, refused to a
 * process whose pid already names a group (it leads one, or did). */
int64_t sys_setsid(const uint64_t a[6])
{
    (void)a;
    for (int i = 0; i < NPROC; i++)
        if (procs[i] && procs[i]->pgid == curproc->tgid)
            return -VE_PERM;
    curproc->sid = curproc->pgid = curproc->tgid;
    return curproc->tgid;
}
