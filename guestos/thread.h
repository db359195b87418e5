/*
 * thread.h — threads: clone with CLONE_THREAD, thread exit and exit_group,
 * set_tid_address, and the ids (issue 21; the model is proc.h's).
 *
 * A thread group is a process: getpid() is its tgid, the leader's pid;
 * gettid() is the calling thread's own id (pid and tid share one number
 * space, as on Linux).  Its threads share the address space (vm.h: one
 * refcounted struct vmspace, one ASN), the leader's descriptors and
 * current directory, and the VLM driver's record (kept with the leader).
 * A thread's exit ends only it; the leader, if it ends first, stays a
 * zombie until the last thread is gone, and only then does the parent see
 * the process end, with the status of exit_group if one was called (or of
 * a kill), else the leader's own.  A fault or a kill ends every thread.
 */
#ifndef GUESTOS_THREAD_H
#define GUESTOS_THREAD_H

#include "guestos/kernel.h"

struct proc;

/*
 * clone(flags, newsp, ptid, tls, ctid), riscv's argument order: with
 * CLONE_THREAD (or CLONE_VM without CLONE_VFORK) clone_thread, else
 * clone_fork.  Linux's checks first: -VE_INVAL for CLONE_THREAD without
 * CLONE_SIGHAND, CLONE_SIGHAND without CLONE_VM, CLONE_FS with CLONE_NEWNS.
 * (clone_fork is fork.h's.)
 */
int64_t sys_clone(const uint64_t a[6]);

/*
 * clone_thread — a new thread of the caller's group, starting where the
 * caller returns from clone with a0 = 0, sp = newsp (the caller's sp if 0),
 * tp = tls with CLONE_SETTLS, the caller's other registers and FP state.
 * CLONE_PARENT_SETTID / CLONE_CHILD_SETTID store its tid at ptid / ctid,
 * CLONE_CHILD_CLEARTID makes ctid its clear_child_tid.  flags must hold
 * CLONE_VM|FS|FILES|SIGHAND|THREAD (VCLONE_THREAD_SET; a thread sharing
 * less is not supported: -VE_INVAL).  Returns the tid, or -VE_AGAIN (the
 * process table is full) / -VE_NOMEM; nothing is left allocated then.
 */
int64_t clone_thread(uint64_t flags, uint64_t newsp, uint64_t ptid, uint64_t tls, uint64_t ctid);

/* exit(status) ends the calling thread, exit_group(status) every thread
 * of its group.  (getpid answers the tgid, gettid the thread's id and
 * set_tid_address sets clear_child_tid: syscall.c, linux_sys.c.) */
int64_t sys_exit_thread(const uint64_t a[6]);
int64_t sys_exit_group(const uint64_t a[6]);

/* The group of p ends with status (the first caller's status and why win;
 * why NULL leaves the report empty): every other live thread is marked
 * killed and woken, so it exits at its next return to user mode.  The
 * caller then exits itself (proc_exit).  Can't fail. */
void thread_group_exit(struct proc *p, int status, const char *why);

/* At p's exit, while its space is still there: zero the user int at
 * clear_child_tid and wake one futex waiter on it (pthread_join), if other
 * threads share the space.  Faults are ignored, as Linux.  Can't fail. */
void thread_exit_notify(struct proc *p);

/* execve in a threaded process (Linux's de_thread): every other thread of
 * p's group ends (at its next return to user mode, without ending the
 * group) and p waits until they are gone; a caller that is not the leader
 * then takes the (exited) leader's place: its pid, parent, files, cwd and
 * driver record, and the old leader's slot is freed.  Only a kill
 * interrupts the wait (other signals stay pending).  0, or -VE_INTR if p
 * itself was killed meanwhile (it exits on its way out). */
int thread_exec_single(struct proc *p);

/* Threads of the group of p that have not exited (1 for a process). */
int thread_count(const struct proc *p);

#endif /* GUESTOS_THREAD_H */
