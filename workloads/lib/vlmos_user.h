/*
 * vlmos.h — the VLM/OS user API beyond POSIX: process creation, memory
 * reservation and commit, system figures.  POSIX-named calls (read, write,
 * open, close, lseek, _exit, getpid, getppid, kill, sched_yield, nanosleep,
 * clock_gettime, sbrk, brk) come from picolibc's headers and are implemented
 * in syscalls.c.  On failure every call returns -1 and sets errno (the
 * kernel's -VE_* code), unless it says otherwise.
 */
#ifndef VLMOS_USER_H
#define VLMOS_USER_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include "guestos/abi/vlmos.h"

/* picolibc's time.h hides these without _POSIX_TIMERS; syscalls.c has them. */
#ifndef CLOCK_MONOTONIC
#define CLOCK_MONOTONIC ((clockid_t)4)     /* picolibc's number */
#endif
int clock_gettime(clockid_t clk, struct timespec *ts);
int sched_yield(void);
/* ioctl(2) on a device (picolibc has no sys/ioctl.h). */
int ioctl(int fd, unsigned long cmd, ...);
int nanosleep(const struct timespec *req, struct timespec *rem);

/* The raw system call: the kernel's result (negative -VE_* on failure), errno untouched. */
long vsyscall(long n, long a0, long a1, long a2, long a3, long a4, long a5);

/* Start the initrd program `path` with NULL-terminated argv (NULL: just the
 * path).  Returns the child's pid. */
int   vspawn(const char *path, char *const argv[]);
/* Wait for child pid (-1: any); *status gets its wait status (abi/vlmos.h:
 * exit status 0..255, or 128 + VSIG_* if the kernel killed it), and why[]
 * (if not NULL) the kernel's kill report, "" if it exited.  Returns its pid. */
int   vwait(int pid, int *status, char *why, size_t len);
/* Reserve and/or commit (VA_* flags).  Returns the address, or NULL. */
void *vmem_alloc(void *addr, size_t size, int flags);
/* Decommit (VF_DECOMMIT) or release (VF_RELEASE, size 0).  0 or -1. */
int   vmem_free(void *addr, size_t size, int flags);
int   meminfo(struct vmeminfo *mi);
/* The kernel's memory and process-slot figures, for checkers (vlmfuzz). */
int   memaudit(struct vmemaudit *au);
/* Fill *pi for the first process at or after slot; returns the next slot, 0 at the end. */
int   procinfo(int slot, struct vprocinfo *pi);
/* The name of initrd member number slot; returns the next slot, 0 at the end. */
int   initrd_list(int slot, char *name, size_t len);
/* Remove every RAM file whose name starts with prefix (test programs'
 * leftovers: RAM files outlive their writers).  Returns how many went;
 * files that cannot be removed (initrd members) are left. */
int   unlink_prefixed(const char *prefix);
/* From now on the kernel prints a line for each call nr (-1: every call,
 * 0: none) this process and the children it spawns later make.  0 or -1. */
int   trace(int nr);
/* The kernel prints the caller's page tables on the console.  0 or -1. */
int   vmprint(void);

/* Spawn and wait in one: the child's wait status, or -1 (why as for vwait). */
int   vrun(const char *path, char *const argv[], char *why, size_t len);
/* A readable reason for a wait status ("exit 3", "killed: segmentation fault"). */
const char *vstatus_str(int status, char *buf, size_t n);

/* Threads (issue 21): a raw clone with the flags glibc's pthread_create
 * uses, less CLONE_SETTLS (the thread shares the caller's tp, so picolibc's
 * errno too: threads should call vsyscall, not the errno stubs).
 * vthread_start runs fn(arg) in a new thread of the caller whose stack is
 * [stack, stack + size) (the caller's memory, committed, at least 4 KiB);
 * when fn returns the thread ends with SYS_exit(0).  *tid is the thread's id
 * before vthread_start returns (CLONE_PARENT_SETTID) and 0 once it has ended
 * (CLONE_CHILD_CLEARTID, with a futex wake).  Returns the thread id, or the
 * kernel's negative -VE_* result (no thread started, *tid untouched). */
#define VTHREAD_FLAGS (VCLONE_VM | VCLONE_FS | VCLONE_FILES | VCLONE_SIGHAND | VCLONE_THREAD | \
                       VCLONE_SYSVSEM | VCLONE_PARENT_SETTID | VCLONE_CHILD_CLEARTID)
long  vthread_start(void (*fn)(void *), void *arg, void *stack, size_t size, int *tid);
/* Wait until the thread whose tid word is *tid has ended (FUTEX_WAIT on the
 * word).  0, or -1 if it still runs after about bound_ms milliseconds. */
int   vthread_join(int *tid, long bound_ms);

#endif /* VLMOS_USER_H */
