/*
 * sysfile.h — the descriptor and directory system calls (sysfile.c):
 * pipe2, dup, dup3, chdir, getcwd, unlinkat, ppoll, and setpgid (which decides
 * what Ctrl-C interrupts).  syscall.c's dispatch table
 * holds them; each takes the six argument registers and returns a result
 * or -VE_* (abi/vlmos.h documents each call).
 */
#ifndef GUESTOS_SYSFILE_H
#define GUESTOS_SYSFILE_H

#include "guestos/kernel.h"

int64_t sys_pipe2(const uint64_t a[6]);
int64_t sys_dup(const uint64_t a[6]);
int64_t sys_dup3(const uint64_t a[6]);
int64_t sys_chdir(const uint64_t a[6]);
int64_t sys_getcwd(const uint64_t a[6]);
int64_t sys_unlinkat(const uint64_t a[6]);
int64_t sys_setpgid(const uint64_t a[6]);
int64_t ppoll_fds(const uint64_t a[6]);        /* ppoll with descriptors: every one ready */

#endif /* GUESTOS_SYSFILE_H */
