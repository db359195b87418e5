/*
 * fork.h — the Unix process calls of issue 21: clone without CLONE_VM
 * (fork, and vfork through it), execve, wait4, waitid, and sessions and
 * process groups (getpgid, setsid, getsid; setpgid is sysfile.h's).
 * Numbers and layouts are Linux's (abi/vlmos_linux.h); each call takes the
 * six argument registers and returns a result or the -VE_* Linux gives.
 * docs/vlmos.md, "Processes: fork, exec, wait", tells the whole story.
 */
#ifndef GUESTOS_FORK_H
#define GUESTOS_FORK_H

#include "guestos/kernel.h"

struct proc;

/*
 * clone_fork — clone without CLONE_VM, or with CLONE_VM|CLONE_VFORK (thread.h's
 * sys_clone dispatches here): a new process, a copy-on-write copy of the caller
 * (vm.h vm_fork; only the calling thread is copied) with copies of its
 * descriptors, directory, group, session, umask, close-on-exec bits and
 * signal actions (signal.h sig_fork), and none of its VLM handles or windows.
 * CLONE_VFORK makes the parent wait until the child execs or exits.
 * Returns the child's pid in the parent and 0 in the child, or -VE_INVAL
 * (flags a process cannot have), -VE_AGAIN (process table full),
 * -VE_NOMEM (the commit limit or RAM cannot cover the copy), or what a
 * driver refuses with (-VE_PERM: a VLM donor is never forked); nothing is
 * left allocated on failure.
 */
int64_t clone_fork(uint64_t flags, uint64_t newsp, uint64_t ptid, uint64_t tls, uint64_t ctid);

/*
 * execve(path, argv, envp): replace the caller's image by the program path
 * names (an initrd member: one the host added too; "/proc/self/exe" is the
 * caller's own program).  The new image is built beside the old one and
 * replaces it only when complete, so a failure leaves the caller as it
 * was: -VE_NOENT, -VE_NOEXEC, -VE_2BIG (more than VARGC_MAX strings or
 * VARG_MAX bytes in argv or envp), -VE_FAULT, -VE_NOMEM.  On success the
 * descriptors marked close-on-exec are closed, the VLM driver lets go of
 * the caller's handles and windows, the old image is freed, and a vfork
 * parent runs again.
 */
int64_t sys_execve(const uint64_t a[6]);

/*
 * wait4(pid, status, options, rusage): reap a child that ended: pid > 0
 * that child, -1 any, 0 any in the caller's group, < -1 any in group -pid.
 * The status is Linux's: exit code << 8, or the signal that killed it.
 * WNOHANG returns 0 if a child matches but none has ended; WUNTRACED is
 * accepted (stopped children are the signals' part).  rusage gets the
 * child's CPU time.  -VE_CHILD (no such child), -VE_INVAL (options),
 * -VE_FAULT, -VE_INTR (the caller was killed while waiting).
 */
int64_t sys_wait4(const uint64_t a[6]);

/* waitid(idtype, id, infop, options, rusage): the same through a siginfo
 * (P_ALL, P_PID, P_PGID; WEXITED required; WNOWAIT leaves the child a
 * zombie).  0, or wait4's errors. */
int64_t sys_waitid(const uint64_t a[6]);

int64_t sys_getpgid(const uint64_t a[6]);   /* (pid or 0) -> group, -VE_SRCH */
int64_t sys_getsid(const uint64_t a[6]);    /* (pid or 0) -> session, -VE_SRCH */
int64_t sys_setsid(const uint64_t a[6]);    /* () -> new session = pid; -VE_PERM for a group leader */

/* Strings from user space for spawn and execve: a NULL-terminated vector
 * of pointers, copied with its strings into one kernel page. */
struct kargv {
    char *argv[VARGC_MAX + 1];
    char strings[VARG_MAX];
};
/* copy_strv: 0 with *argc set, -VE_2BIG (too many or too long) or -VE_FAULT. */
int copy_strv(uint64_t uv, struct kargv *k, int *argc);

/* proc_exit's hook: a vfork parent waiting for p runs again.  Can't fail. */
void vfork_release(struct proc *p);

#endif /* GUESTOS_FORK_H */
