/*
 * linux_sys.h — the Linux RISC-V calls static glibc, musl and busybox
 * programs make at start-up and for stdio, files, time and identity
 * (issue 20; numbers and layouts: abi/vlmos_linux.h; the memory calls are
 * mman.h).  syscall.c's dispatch table holds them; each takes the six
 * argument registers and returns a result or the -VE_* Linux gives for the
 * same bad argument.  docs/vlmos.md's syscall table lists what each does.
 * The signal calls are signal.h's.
 */
#ifndef GUESTOS_LINUX_SYS_H
#define GUESTOS_LINUX_SYS_H

#include "guestos/kernel.h"

int64_t sys_writev(const uint64_t a[6]);
int64_t sys_readv(const uint64_t a[6]);
int64_t sys_pread64(const uint64_t a[6]);           /* the file's offset stays */
int64_t sys_pwrite64(const uint64_t a[6]);
int64_t sys_fstat(const uint64_t a[6]);
int64_t sys_statx(const uint64_t a[6]);             /* newfstatat in statx's layout */
int64_t sys_clock_nanosleep(const uint64_t a[6]);   /* relative or TIMER_ABSTIME */
int64_t sys_sched_getaffinity(const uint64_t a[6]); /* one CPU */
int64_t sys_newfstatat(const uint64_t a[6]);
int64_t sys_faccessat(const uint64_t a[6]);
int64_t sys_readlinkat(const uint64_t a[6]);
int64_t sys_linux_openat(const uint64_t a[6]);      /* replaces VLM/OS's openat */
int64_t sys_linux_ioctl(const uint64_t a[6]);       /* TCGETS, TCSETS(W,F), TIOCGWINSZ, TIOCGPGRP, then the device's */
int64_t sys_fcntl(const uint64_t a[6]);
int64_t sys_getdents64(const uint64_t a[6]);
int64_t sys_set_tid_address(const uint64_t a[6]);
int64_t sys_linux_clock_gettime(const uint64_t a[6]);  /* every POSIX clock */
int64_t sys_clock_getres(const uint64_t a[6]);
int64_t sys_gettimeofday(const uint64_t a[6]);
int64_t sys_uname(const uint64_t a[6]);
int64_t sys_umask(const uint64_t a[6]);
int64_t sys_prctl(const uint64_t a[6]);
int64_t sys_getid(const uint64_t a[6]);             /* getuid, geteuid, getgid, getegid: 0 */
int64_t sys_gettid(const uint64_t a[6]);
int64_t sys_sysinfo(const uint64_t a[6]);
int64_t sys_prlimit64(const uint64_t a[6]);
int64_t sys_getrandom(const uint64_t a[6]);
/* An interrupted relative sleep (nanosleep, clock_nanosleep): the time left
 * until rpcc deadline into the user timespec at urem (if urem != 0), as
 * Linux does.  -VE_INTR, or -VE_FAULT if urem cannot be written. */
int64_t sleep_rem(uint64_t urem, uint64_t deadline);

/* CLOCK_REALTIME at boot, in ns (the host's time under --clock host, else
 * VLINUX_EPOCH): the other clocks start at 0.  Can't fail. */
uint64_t boot_wallclock(void);

#endif /* GUESTOS_LINUX_SYS_H */
