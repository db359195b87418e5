/*
 * futex.h — Linux's futex(2) for the threads of a group (thread.h) and for
 * memory two processes share (a VLM window).
 *
 * A futex is a 32-bit user word; waiters sleep on its key, not on the word:
 * private memory is keyed by (address space, virtual address) — with or
 * without FUTEX_PRIVATE_FLAG, as on Linux, where a private mapping's
 * shared key is the same — and a shared futex in a VLM window by the
 * physical address, so the processes mapping that frame meet on it.
 * Waiters queue in FIFO order (wake order is deterministic).  The kernel
 * is not preempted, so checking the word and queueing are one step against
 * every other thread.
 */
#ifndef GUESTOS_FUTEX_H
#define GUESTOS_FUTEX_H

#include "guestos/kernel.h"

struct proc;

/*
 * futex(uaddr, op, val, timeout or val2, uaddr2, val3): FUTEX_WAIT,
 * WAIT_BITSET, WAKE, WAKE_BITSET, REQUEUE and CMP_REQUEUE, each with or
 * without FUTEX_PRIVATE_FLAG; FUTEX_CLOCK_REALTIME with WAIT_BITSET only
 * (-VE_NOSYS otherwise, as Linux).  WAIT's timeout is relative, WAIT_BITSET's
 * absolute (CLOCK_MONOTONIC, or CLOCK_REALTIME with the flag); NULL waits
 * for ever.  Returns 0 (woken) / the number woken (+ requeued), or as
 * Linux: -VE_INVAL (misaligned word, bitset 0, negative counts, a bad
 * timespec), -VE_FAULT (the word or timespec unreadable), -VE_AGAIN (the
 * word is not val / val3), -VE_TIMEDOUT, -VE_INTR (killed while waiting),
 * -VE_NOSYS (another op: WAKE_OP and the PI ops).  Nothing is queued on
 * an error.
 */
int64_t sys_futex(const uint64_t a[6]);

/* Wake one waiter of the word at uaddr in p's space, as FUTEX_WAKE: a
 * thread's exit does this at its clear_child_tid.  Returns how many woke
 * (0 or 1); a bad address wakes nobody.  Can't fail. */
int futex_wake_one(struct proc *p, uint64_t uaddr);

#endif /* GUESTOS_FUTEX_H */
