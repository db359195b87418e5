/*
 * vlmos.h — the VLM/OS system-call ABI, shared by the kernel and user space.
 *
 * Calling convention (DESIGN.md section 7): `ecall` in user mode with the
 * call number in a7 and arguments in a0..a5; the result comes back in a0.
 * A negative result is -errno (values below).  Numbers follow Linux RISC-V
 * where Linux has the call, so small freestanding programs that end with
 * `li a7, 93; ecall` run unchanged; VLM/OS's own calls start at 1000.
 *
 * This header has no dependencies and no code: only numbers and layouts.
 */
#ifndef VLMOS_ABI_H
#define VLMOS_ABI_H

/* ---- Linux RISC-V numbers ------------------------------------------- */
#define SYS_getcwd         17    /* (buf, size) -> bytes stored with the NUL; -VE_RANGE if small */
#define SYS_dup            23    /* (fd) -> the lowest free descriptor, sharing fd's file */
#define SYS_dup3           24    /* (fd, newfd, flags 0 or O_CLOEXEC) -> newfd (closed first if open) */
#define SYS_ioctl          29    /* (fd, cmd, arg) */
#define SYS_unlinkat       35    /* (dirfd, path, 0): remove a file written since boot */
#define SYS_chdir          49    /* (path): the current directory, for relative paths */
#define SYS_openat         56    /* (dirfd, path, flags): dirfd is ignored; relative
                                     paths start at the current directory */
#define SYS_pipe2          59    /* (int fds[2], flags 0 or O_CLOEXEC): fds[0] reads, fds[1] writes */
#define SYS_close          57    /* (fd) */
#define SYS_lseek          62    /* (fd, offset, whence) -> new offset */
#define SYS_read           63    /* (fd, buf, len) -> bytes, 0 at end of file */
#define SYS_write          64    /* (fd, buf, len) -> bytes */
#define SYS_exit           93    /* (status): never returns */
#define SYS_exit_group     94    /* (status): every thread of the process ends (exit: only the caller) */
#define SYS_nanosleep     101    /* (const struct vtimespec *req, struct vtimespec *rem) */
#define SYS_clock_gettime 113    /* (clock, struct vtimespec *) */
#define SYS_sched_yield   124
#define SYS_kill          129    /* (pid, sig) */
#define SYS_setpgid       154    /* (pid or 0, pgid or 0): the caller or a child; Ctrl-C
                                     interrupts only pid 1's children in pid 1's group */
#define SYS_getpid        172
#define SYS_getppid       173
#define SYS_brk           214    /* (addr) -> new break; brk(0) returns the break */

/* ---- VLM/OS's own calls --------------------------------------------- */
#define SYS_spawn        1000    /* (path, argv) -> pid of a new process running path */
#define SYS_wait         1001    /* (pid or -1, int *status, char *why, len) -> pid that ended;
                                     why gets the kernel's kill report ("" if it exited) */
#define SYS_valloc       1002    /* (addr, size, VA_* flags) -> addr */
#define SYS_vfree        1003    /* (addr, size, VF_* flags) -> 0 */
#define SYS_meminfo      1004    /* (struct vmeminfo *) -> 0 */
#define SYS_procinfo     1005    /* (slot, struct vprocinfo *) -> next slot, or 0 at the end */
#define SYS_initrd_list  1006    /* (slot, char *name, len) -> next slot, or 0 at the end:
                                     initrd members, then RAM files */
#define SYS_memaudit     1007    /* (struct vmemaudit *) -> 0: figures for a checker */
#define SYS_trace        1020    /* (nr) -> 0: the kernel prints each call nr (-1: every call,
                                     0: none) this process and its later children make */
#define SYS_vmprint      1021    /* () -> 0: the kernel prints the caller's page tables */

/* ---- errno values (returned negated) -------------------------------- */
#define VE_PERM      1
#define VE_NOENT     2
#define VE_SRCH      3
#define VE_INTR      4
#define VE_IO        5
#define VE_NXIO      6    /* open("/dev/tty") with no terminal */
#define VE_2BIG      7
#define VE_NOEXEC    8
#define VE_BADF      9
#define VE_CHILD    10
#define VE_AGAIN    11
#define VE_NOMEM    12
#define VE_ACCES    13
#define VE_FAULT    14
#define VE_BUSY     16
#define VE_EXIST    17
#define VE_NODEV    19
#define VE_NOTDIR   20
#define VE_ISDIR    21
#define VE_INVAL    22
#define VE_NFILE    23
#define VE_MFILE    24
#define VE_NOTTY    25
#define VE_FBIG     27
#define VE_NOSPC    28
#define VE_SPIPE    29
#define VE_ROFS     30
#define VE_PIPE     32    /* write to a pipe nobody can read */
#define VE_RANGE    34
#define VE_NOSYS    38    /* Linux's number; the user runtime maps it to picolibc's */
#define VE_NAMETOOLONG 36
#define VE_OVERFLOW 75    /* Linux's number; mapped the same way (lseek past INT64_MAX) */
#define VE_CANCELED 125   /* Linux's number; mapped the same way */
#define VE_OPNOTSUPP 95   /* Linux's number: clock_nanosleep on a clock that cannot sleep */
#define VE_TIMEDOUT 110   /* Linux's number: a futex wait whose timeout passed */
#define VE_DEADLK   35    /* Linux's number: FUTEX_LOCK_PI by the lock's owner */
/* Every errno above, for checkers of errno discipline (workloads/vlmfuzz.c):
 * a new VE_ goes here too. */
#define VE_ALL  VE_PERM, VE_NOENT, VE_SRCH, VE_INTR, VE_IO, VE_NXIO, VE_2BIG, VE_NOEXEC, VE_BADF, \
                VE_CHILD, VE_AGAIN, VE_NOMEM, VE_ACCES, VE_FAULT, VE_BUSY, VE_EXIST, VE_NODEV, \
                VE_NOTDIR, VE_ISDIR, VE_INVAL, VE_NFILE, VE_MFILE, VE_NOTTY, VE_FBIG, VE_NOSPC, \
                VE_SPIPE, VE_ROFS, VE_PIPE, VE_RANGE, VE_NOSYS, VE_NAMETOOLONG, VE_OVERFLOW, \
                VE_CANCELED, VE_OPNOTSUPP, VE_TIMEDOUT, VE_DEADLK

/* ---- openat flags (Linux values) and lseek whence ------------------- */
#define VO_RDONLY    0
#define VO_WRONLY    1
#define VO_RDWR      2
#define VO_ACCMODE   3
#define VO_CREAT     0100     /* create a RAM file if there is none */
#define VO_EXCL      0200     /* with VO_CREAT: fail with -VE_EXIST if it exists */
#define VO_TRUNC     01000    /* empty a RAM file opened for writing */
#define VO_APPEND    02000    /* every write goes to the end */
#define VSEEK_SET    0
#define VSEEK_CUR    1
#define VSEEK_END    2

/* ---- valloc / vfree (reserve, then commit; as VirtualAlloc/VirtualFree)
 * valloc(0, size, VA_RESERVE[|VA_COMMIT]) picks a free range in the user
 * space; valloc(addr, size, VA_COMMIT) commits pages of a range already
 * reserved.  Commit charges the per-process limit (--proc-limit) and
 * guarantees the frames: pages are zero-filled on first touch, or at once
 * with VA_POPULATE.  vfree(addr, size, VF_DECOMMIT) gives pages back but
 * keeps the reservation; vfree(addr, 0, VF_RELEASE) releases the whole
 * reservation that starts at addr. */
#define VA_RESERVE   1
#define VA_COMMIT    2
#define VA_POPULATE  4    /* allocate the frames now instead of on first touch */
#define VF_DECOMMIT  1
#define VF_RELEASE   2

/* ---- user address space ---------------------------------------------- */
#define USER_BASE      0x10000UL       /* programs are linked here */
#define USER_END       0x80000000UL    /* exclusive: 2 GiB of user space */
#define USER_STACK_TOP 0x7FFFE000UL    /* the page above is a guard page too */
#define USER_STACK_MAX (8UL << 20)     /* stack reservation; a guard page below */
#define VLM_WINDOW     0x0000010000000000UL  /* 64-bit VLM window (vlmdrv) */
#define VLM_WINDOW_END (1UL << 42)     /* exclusive: the user half of the 43-bit space */

/* ---- wait status: exit(n) gives n & 0xFF; a process the kernel killed
 * gives 128 + the signal number (as a shell shows it). */
#define VSIG_INT     2     /* Ctrl-C at the console */
#define VSIG_ILL     4     /* illegal instruction */
#define VSIG_TRAP    5     /* breakpoint */
#define VSIG_BUS     7     /* misaligned access */
#define VSIG_KILL    9     /* kill() */
#define VSIG_SEGV   11     /* bad address: null, kernel, unmapped, write to text, execute data */
#define VSIG_XCPU   24     /* out of memory: the commit limit was hit while growing the stack */
#define WSTATUS_KILLED(st)  ((st) > 128)
#define WSTATUS_SIG(st)     ((st) - 128)

/* ---- time ------------------------------------------------------------ */
#define VCLOCK_REALTIME   0
#define VCLOCK_MONOTONIC  1
struct vtimespec {
    long tv_sec;
    long tv_nsec;
};

/* ---- meminfo: frame and per-process memory figures (in pages of 8 KiB) */
struct vmeminfo {
    unsigned long page_size;
    unsigned long total;        /* frames of RAM */
    unsigned long free;         /* free + zeroed: what an allocation can get */
    unsigned long zeroed;       /* of those, already zero */
    unsigned long kernel;       /* kernel image, tables, heap, stacks */
    unsigned long pagetable;    /* page-table frames */
    unsigned long process;      /* frames mapped by processes */
    unsigned long vlm;          /* frames owned by the VLM driver */
    unsigned long commit_limit; /* pages all processes together may commit */
    unsigned long committed;    /* pages committed now */
    unsigned long proc_limit;   /* per-process commit limit, in pages */
    unsigned long self_committed; /* the caller's commit charge */
    unsigned long self_resident;  /* the caller's resident pages */
    unsigned long self_faults;    /* page faults the kernel resolved for the caller
                                     (demand-zero pages, stack growth) */
};

/* ---- console ioctls (fd of /dev/console).  -VE_NOTTY when the host's
 * input is not a terminal (a pipe or a file: no line discipline at all). */
#define VCONS_SETRAW 0x5601   /* arg 1: raw (no echo, bytes at once, Ctrl-C is a
                                 byte); arg 0: the kernel's line discipline */

/* ---- memaudit: every figure the kernel keeps about frames, commit and
 * process slots, each counted from its own source (docs/vlmos.md).  A
 * consistent snapshot: the kernel is not preemptive.  Frame states are
 * those of the frame database: 0 free, 1 zeroed, 2 boot, 3 kernel,
 * 4 page table, 5 process, 6 VLM driver, 7 shared copy-on-write (fork). */
#define VAUDIT_STATES 8
/* The kernel's frame budgets (guestos/budget.h, docs/vlmos.md "Who pays for
 * what"): every frame the kernel hands out is charged to one of them before
 * it is taken.  Indices of vmemaudit.budget[]. */
enum vbudget {
    VB_COMMIT = 0,    /* committed process pages and the VLM driver's frames */
    VB_PTABLE,        /* page tables (each also counted by its process) */
    VB_KSTACK,        /* kernel stacks, one per process slot in use */
    VB_HEAP,          /* kernel heap slabs and transient kernel pages */
    VB_PIPE,          /* pipe rings */
    VB_RAMFS,         /* RAM-file pages */
    VB_NKINDS
};
#define VAUDIT_BUDGETS 8
struct vmemaudit {
    unsigned long page_size;
    unsigned long total;              /* frames of RAM */
    unsigned long state[VAUDIT_STATES];  /* frames per state, by walking the database */
    unsigned long counted[VAUDIT_STATES];/* the same, from the allocator's running counts */
    unsigned long proc_resident;      /* sum of the processes' resident pages */
    unsigned long proc_ptables;       /* sum of their page-table frames */
    unsigned long proc_committed;     /* sum of their committed pages */
    unsigned long committed;          /* the global commit charge */
    unsigned long vlm_pool;           /* frames the VLM driver accounts for (handles + pool) */
    unsigned long vlm_reserved;       /* direct-part commit it holds without frames yet */
    unsigned long max_charge;         /* largest per-process charge (charged + donated) */
    unsigned long max_direct;         /* largest consumer direct VLM allowance used */
    unsigned long proc_limit;         /* the per-process limit, in pages */
    unsigned long slots;              /* process slots in use */
    unsigned long zombies;            /* zombies among them */
    unsigned long detached_zombies;   /* zombies nobody waits for and not yet reaped */
    unsigned long budget_limit;       /* frames the budgets may charge in all */
    unsigned long budget[VAUDIT_BUDGETS]; /* each budget's charge (enum vbudget) */
    unsigned long unbalanced;         /* 0 when the kernel's own check of the books holds,
                                         else a bit per broken equation (VAUDIT_BAD_*) */
    unsigned long proc_shared;        /* sum of their PTEs mapping a copy-on-write frame */
    unsigned long cow_refs;           /* sum of the copy-on-write frames' reference counts */
};
/* The kernel's check (docs/vlmos.md, "Who pays for what"): */
#define VAUDIT_BAD_SUM    1   /* frames in use + committed pages without a frame !=
                                 the sum of the charges */
#define VAUDIT_BAD_PTABLE 2   /* page-table frames != the page-table charge */
#define VAUDIT_BAD_KERNEL 4   /* kernel frames != stacks + heap + pipes + RAM files */
#define VAUDIT_BAD_LIMIT  8   /* the charges exceed the limit */
#define VAUDIT_BAD_COW   16   /* PTEs mapping copy-on-write frames != their reference counts */

/* ---- procinfo: one process, for ps ----------------------------------- */
#define VPROC_NAME 16
struct vprocinfo {
    int  pid, ppid;             /* pid: the thread's id (tid) */
    int  state;                 /* VPS_* */
    int  asn;                   /* its address space's (0 once exited) */
    unsigned long committed;    /* pages, of the whole address space */
    unsigned long resident;     /* pages */
    unsigned long cpu;          /* instructions retired (PCB PCC, 32 bits) */
    char name[VPROC_NAME];
    int  tgid;                  /* the process (thread group) it belongs to */
    int  nthreads;              /* threads of that group not yet exited */
};
/* Process states: the kernel's own (struct proc's state, guestos/proc.h), so
 * procinfo, the gdb stub and the live view (reading the process table the
 * kernel publishes, abi/vlmos_view.h) all see the same values. */
enum vproc_state { VPS_UNUSED = 0, VPS_RUNNABLE, VPS_RUNNING, VPS_SLEEPING, VPS_ZOMBIE,
                   VPS_STOPPED, VPS_NSTATES };
/* Their names in VPS_* order, as an initializer: ps, the gdb stub and the
 * view print these words (`static const char *const n[VPS_NSTATES] = { VPS_NAMES };`).
 * VPS_STOPPED is procinfo's only: a sleeping thread whose process a stop
 * signal stopped (Linux's 'T'); the kernel's state is sleeping. */
#define VPS_NAMES "unused", "runnable", "running", "sleeping", "zombie", "stopped"

/* ---- limits ---------------------------------------------------------- */
#define VARG_MAX     4096      /* bytes of argv strings for spawn */
#define VARGC_MAX    32
#define VPATH_MAX    64
#define VWHY_MAX     128       /* kill reports */

/* The rest of the Linux RISC-V ABI VLM/OS speaks: calls, auxv, layouts. */
#include "guestos/abi/vlmos_linux.h"

#endif /* VLMOS_ABI_H */
