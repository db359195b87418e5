/*
 * sysfile.h — the descriptor and directory system calls (sysfile.c):
 * pipe2, dup, dup3, chdir, getcwd, unlinkat, and setpgid (which decides
 * what Ctrl-C interrupts); and ppoll and pselect6 (poll.c).  syscall.c's dispatch table
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

/*
 * ppoll(fds, nfds, timeout, sigmask, sigsetsize) with nfds > 0 (signal.c's
 * sys_ppoll waits for signals alone when nfds is 0), and pselect6(nfds,
 * readfds, writefds, exceptfds, timeout, {sigmask, size}): wait, with the
 * mask in place, until a descriptor is ready for what is asked, the timeout
 * (relative; NULL for ever; zero: look once) passes, or a signal or kill
 * comes.  Readiness is Linux's: a pipe's read end POLLIN with bytes and
 * POLLHUP with no writer left, its write end POLLOUT with room and POLLERR
 * with no reader left; the console POLLIN with a line (raw: a byte) or at
 * the end of input, POLLOUT always; regular and RAM files and /dev/null
 * always both.  ppoll writes each revents (POLLNVAL: closed; a negative
 * fd: 0) and returns the entries with any; pselect6 rewrites the sets
 * (descriptors below min(nfds, 64)) and returns the ready bits.  Both
 * write the time left into a non-zero timeout.  -VE_INVAL (nfds over
 * NOFILE * 4 for ppoll or negative for pselect6, a bad timespec or mask
 * size), -VE_FAULT, -VE_BADF (pselect6: a set names a closed descriptor),
 * -VE_INTR.
 */
int64_t ppoll_fds(const uint64_t a[6]);
int64_t sys_pselect6(const uint64_t a[6]);

#endif /* GUESTOS_SYSFILE_H */
