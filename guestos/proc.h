/*
 * proc.h — processes, the scheduler, sleep/wakeup and kill.
 *
 * Every process has one 8 KiB kernel stack frame; its PCB (the OSF/1 layout
 * PAL's swpctx reads, axp64.h PCB_*) sits at the bottom of that frame, a
 * canary above it, and the stack grows down from the top.  The PAL pushes a
 * trap frame at the top of the stack on every entry from user mode.
 *
 * Scheduling is round-robin over a FIFO run queue.  The clock interrupt
 * preempts a process running in user mode; code in the kernel is never
 * preempted (an interrupt that arrives in kernel mode only sets
 * need_resched, acted on at the next return to user mode).  Context switches
 * happen at IPL 7 and swap FP registers (the kernel itself never uses FP).
 *
 * Process 0 is the idle loop (main.c); it runs when nothing else can.
 */
#ifndef GUESTOS_PROC_H
#define GUESTOS_PROC_H

#include "guestos/kernel.h"
#include "guestos/signal.h"
#include "guestos/vm.h"

#define NPROC      64
#define NOFILE     16
#define KSTACK_CANARY 0xC0FFEE11DEADBEEFUL

/* A process's state is the ABI's enum vproc_state (abi/vlmos.h), so that
 * procinfo and the debuggers read it as is; these are the kernel's short
 * names for its values. */
#define P_UNUSED   VPS_UNUSED
#define P_RUNNABLE VPS_RUNNABLE
#define P_RUNNING  VPS_RUNNING
#define P_SLEEPING VPS_SLEEPING
#define P_ZOMBIE   VPS_ZOMBIE

struct file;

/*
 * A struct proc is one thread: the scheduler runs it, it has its own kernel
 * stack and PCB.  A process is a thread group (thread.h): its first thread,
 * the leader, has pid == tgid; the others (clone with CLONE_THREAD) point
 * at it.  They share the address space by pointer (vm, refcounted, one
 * ASN) and the leader's descriptor table and current directory (ofile and
 * cwd point into the leader, which stays a zombie until the group's last
 * thread is gone).
 */
struct proc {
    int pid;                      /* the thread's id (gettid) */
    enum vproc_state state;
    char name[VPROC_NAME];
    struct proc *parent;          /* NULL: detached (reaped by the kernel) */
    uint64_t kstack_pa;           /* the kernel-stack frame; the PCB is at its start */
    struct vmspace *vm;           /* shared by the group's threads; NULL once exited */
    struct file **ofile;          /* the leader's files[] (CLONE_FILES) */
    char *cwd;                    /* the leader's cwd_buf (CLONE_FS) */
    int pgid;                     /* process group (setpgid), inherited by spawn and fork */
    int sid;                      /* session (setsid), inherited by spawn and fork */
    char exe[VPATH_MAX];          /* the program's path, for /proc/self/exe */
    int term_sig;                 /* leader: the signal that ended the group, 0 if it exited (wait4) */
    struct proc *vfork_parent;    /* a vfork child's parent, waiting until it execs or exits */

    /* Threads (thread.c). */
    int tgid;                     /* the group's id (getpid): the leader's pid */
    struct proc *leader;          /* the group's first thread (itself for the leader) */
    int nthreads;                 /* leader: threads of the group not yet exited */
    bool group_exit;              /* leader: exit_group or a kill ends every thread */
    int group_status;             /* leader: the status exit_group gave */
    uint64_t clear_child_tid;     /* user int to zero and futex-wake at exit, 0 none */
    uint64_t robust_list;         /* set_robust_list's head, walked at exit (futex.h), 0 none */
    const struct vmspace *robust_vm;  /* the space it was set in: an execve leaves it behind */
    struct file *files[NOFILE];   /* leader: the group's descriptors */
    char cwd_buf[VPATH_MAX];      /* leader: the group's current directory, canonical */
    unsigned umask;               /* leader: file-creation mask (umask; CLONE_FS), copied at fork */
    uint32_t cloexec;             /* leader: FD_CLOEXEC, a bit per descriptor of files[], closed at execve */

    /* Sleeping and dying. */
    const void *chan;             /* what it sleeps on, NULL if not sleeping */
    const void *const *pollset;   /* ppoll/pselect6: more channels that wake it (poll.h) */
    int npollset;
    uint64_t wake_at;             /* rpcc deadline of a timed sleep, 0 if none */
    bool killed;                  /* exit at the next return to user mode */
    int kill_sig;                 /* VSIG_* that killed it */
    int xstatus;                  /* wait status once a zombie */
    char why[VWHY_MAX];           /* the kill report, "" if it exited by itself */
    struct proc *rq_next;         /* run queue link */
    uint64_t run_since;           /* rpcc when it last started running */
    uint64_t faults;              /* page faults resolved for it (meminfo) */
    int trace_nr;                 /* trace(nr): calls to print (-1 all, 0 none) */

    /* A driver's record of this process (kdriver.h), NULL if none: opaque to
     * the core; the live view reads its role (abi/vlmos_view.h). */
    void *drvdata;

    struct sigproc sig;           /* signals (signal.h) */

    /* User FP registers f0..f31 and fcsr, saved while switched out. */
    uint64_t fp[33];
};

extern struct proc *curproc;      /* the process running now (never NULL after boot) */
extern struct proc *procs[NPROC];
extern volatile bool need_resched;

/* PA of p's PCB (inside its kernel-stack frame). */
static inline uint64_t proc_pcb(const struct proc *p) { return p->kstack_pa; }

/* ---- creation and exit (proc.c) -------------------------------------- */
/*
 * proc_spawn — create a process running the initrd program `path` with
 * argument vector argv (argc strings, kernel copies).  parent NULL makes it
 * detached (the kernel reaps it; the VLM driver's donors are spawned so).
 * The child inherits the parent's descriptors 0..2 (the console if none;
 * the others stay the parent's, as if close-on-exec) and its current
 * directory ("/" if none) and process group (its own pid if none).
 * Returns the new pid, or -VE_NOENT / -VE_NOEXEC / -VE_NOMEM / -VE_AGAIN
 * (process table full) / -VE_2BIG; nothing is left allocated on failure.
 */
int proc_spawn(const char *path, int argc, char *const argv[], struct proc *parent);

/* The pieces spawn, fork and clone_thread share (proc.c).  proc_alloc: a
 * struct proc with a kernel stack (PCB + canary) in a free slot, a new pid;
 * tgid, leader, ofile and cwd made its own (a new process: the caller joins
 * it to a group for a thread); its address space shares share's (vm_share)
 * or is a new empty one (share NULL).  NULL with *err -VE_AGAIN (table
 * full) or -VE_NOMEM; nothing left allocated then.  proc_free: give them
 * back (the address space must be freed already).  proc_frame: p's
 * user-mode trap frame, at the top of its kernel stack.  kstack_setup: a
 * new process's stack, entering user mode at entry with usp (the frame
 * zeroed but for PS and PC); the caller may then fill the frame.  None of
 * the last three can fail. */
struct proc *proc_alloc(int *err, struct proc *share);
void proc_free(struct proc *p);
static inline struct trapframe *proc_frame(const struct proc *p)
{
    return (struct trapframe *)((uint8_t *)PA_TO_KVA(p->kstack_pa) + PAGE_SIZE - FRAME_SIZE);
}
void kstack_setup(struct proc *p, uint64_t entry, uint64_t usp);
/* First code of a new process or thread, reached from swtch (entry.S): the
 * trap frame at the top of its kernel stack is popped by rti. */
extern void proc_trampoline(void);

/* Exit because signal sig ended the process (a fault or a kill): the wait
 * status is 128 + sig for VLM/OS's wait, the signal for wait4.  Never returns. */
_Noreturn void proc_exit_signal(int sig);

/* exit: release everything p holds, become a zombie, wake the parent, switch
 * away.  Never returns.  status is the wait status (see abi/vlmos.h). */
_Noreturn void proc_exit(int status);

/* Kill the calling process for a fault: print the one-line report
 * "vlmos: pid N (name) killed: why" and exit with 128 + sig. */
_Noreturn void proc_fault_exit(int sig, const char *why);
/* The same without the report (a shell's child that SIGINT ends): why
 * still reaches VLM/OS's wait. */
_Noreturn void proc_signal_exit(int sig, const char *why);

/* wait for child pid (or any child if pid == -1): returns its pid and stores
 * its status and kill report (why[VWHY_MAX], "" if it exited by itself),
 * -VE_CHILD if there is no such child, -VE_INTR if killed. */
int proc_wait(int pid, int *status, char *why);

/* Mark pid killed with sig and wake it if it sleeps.  0, -VE_SRCH, -VE_PERM (pid 0). */
int proc_kill(int pid, int sig);

/* The process with this pid (a zombie too, until it is reaped), or NULL.  Can't fail. */
struct proc *proc_find(int pid);

/* A thread of process tgid that still has the address space: the leader,
 * or (it may have exited first) another of its threads; NULL once the
 * space is gone.  For a driver that keys its records by tgid and must
 * change the process's page tables.  Can't fail. */
struct proc *proc_with_space(int tgid);

/* Free the zombies nobody will wait for (detached): called on every system
 * call, by proc_spawn and by the idle loop, so a dead donor never holds a
 * slot past the next entry into the kernel.  Cheap when none is due. */
void proc_reap_detached(void);

/* Count the used process slots, the zombies among them, and the detached
 * zombies (those not yet reaped).  Can't fail. */
void proc_census(int *slots, int *zombies, int *detached);

/* Number of processes other than idle (zombies included). */
int proc_count(void);

/* pid 1's wait status once it has exited (the machine then shuts down), else -1. */
int proc_init_status(void);

/* Bytes swtch keeps on the stack: ra and s0..s11, 16-byte aligned. */
#define SWTCH_FRAME 112

/* ---- scheduler (sched.c) ---------------------------------------------- */
void sched_init(struct proc *idle);
/* Make p runnable (append to the run queue).  Can't fail. */
void sched_ready(struct proc *p);
/* Give up the CPU: the caller must already have set its state (RUNNABLE and
 * queued, SLEEPING, or ZOMBIE).  Returns when the caller runs again. */
void sched_switch(void);
/* The running process's address space changed (execve): load its page
 * table base and a fresh ASN into the machine.  Can't fail. */
void sched_reload_space(void);
/* Yield the CPU to the next runnable process (no-op if there is none). */
void sched_yield(void);
/* Wake sleepers whose timed sleep has expired (rpcc now). */
void sched_wake_timers(uint64_t now);
/* Earliest timed-sleep deadline, or 0 if nobody sleeps with a deadline. */
uint64_t sched_next_deadline(void);
bool sched_has_runnable(void);
/* Wake p if it sleeps (a kill must interrupt it).  Can't fail. */
void sched_interrupt(struct proc *p);

/*
 * sleep_on — sleep until wakeup(chan), a kill, a signal to act on
 * (sig_interrupting), or (deadline != 0) until rpcc reaches deadline.
 * Returns 0 when woken, -VE_INTR when the process was killed or signalled
 * (it must then unwind to the return to user mode, which exits or acts on
 * the signal: signal.c restarts the calls Linux restarts).
 */
int sleep_on(const void *chan, uint64_t deadline);
/* Wake every process sleeping on chan, and every poller (poll.h) whose
 * pollset holds chan, whatever it sleeps on.  Can't fail. */
void wakeup(const void *chan);

/* Return-to-user checks: exit if killed, yield if a reschedule is due, act
 * on pending signals (sig_deliver). */
void proc_return_to_user(void);

#endif /* GUESTOS_PROC_H */
