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
 * WAIT_BITSET, WAKE, WAKE_BITSET, REQUEUE, CMP_REQUEUE, WAKE_OP, and the
 * PI locks LOCK_PI, LOCK_PI2, TRYLOCK_PI, UNLOCK_PI, each with or without
 * FUTEX_PRIVATE_FLAG; FUTEX_CLOCK_REALTIME with WAIT_BITSET and LOCK_PI2
 * only (-VE_NOSYS otherwise, as Linux).  WAIT's timeout is relative, WAIT_BITSET's
 * absolute (CLOCK_MONOTONIC, or CLOCK_REALTIME with the flag), LOCK_PI's
 * absolute on CLOCK_REALTIME; NULL waits for ever.  The PI locks keep
 * Linux's word protocol (owner tid, FUTEX_WAITERS, FUTEX_OWNER_DIED; an
 * unlock hands the lock to the first waiter) but boost no priority: the
 * scheduler has none.  Returns 0 (woken, locked) / the number woken (+
 * requeued), or as Linux: -VE_INVAL (misaligned word, bitset 0, negative
 * counts, a bad timespec), -VE_FAULT (the word or timespec unreadable),
 * -VE_AGAIN (the word is not val / val3; TRYLOCK_PI of a held lock),
 * -VE_TIMEDOUT, -VE_INTR (killed or signalled while waiting: Linux
 * restarts LOCK_PI instead, a gap), -VE_DEADLK (LOCK_PI by the owner),
 * -VE_PERM (UNLOCK_PI by another), -VE_SRCH (LOCK_PI of a word whose
 * owner has exited), -VE_NOSYS (another op, or WAKE_OP's unknown op or
 * cmp).  Nothing is queued on an error.
 */
int64_t sys_futex(const uint64_t a[6]);

/* Wake one waiter of the word at uaddr in p's space, as FUTEX_WAKE: a
 * thread's exit does this at its clear_child_tid.  Returns how many woke
 * (0 or 1); a bad address wakes nobody.  Can't fail. */
int futex_wake_one(struct proc *p, uint64_t uaddr);

/*
 * set_robust_list(head, len): the calling thread's list of robust locks
 * (struct robust_list_head, len VROBUST_HEAD_SIZE, else -VE_INVAL); an
 * execve forgets it (the list belongs to the old image).
 * get_robust_list(tid, &head, &len): a thread's (0: the caller's); 0,
 * -VE_SRCH or -VE_FAULT.
 */
int64_t sys_set_robust_list(const uint64_t a[6]);
int64_t sys_get_robust_list(const uint64_t a[6]);

/*
 * futex_thread_exit — p, the running thread, is exiting: walk its robust
 * list as Linux's exit_robust_list (at most VROBUST_LIST_LIMIT entries and
 * the op-pending one): each lock word holding p's tid gets
 * FUTEX_OWNER_DIED, keeps FUTEX_WAITERS, and one waiter wakes.  Then, as
 * Linux's exit_pi_state_list, each PI lock p still owns (robust or not)
 * goes to its first waiter.  A list set before an execve is not walked;
 * an unreadable entry ends the walk.  Can't fail.
 */
void futex_thread_exit(struct proc *p);

#endif /* GUESTOS_FUTEX_H */
