/*
 * futex.c — futex(2) (see futex.h).
 */
#include "guestos/futex.h"
#include "guestos/linux_sys.h"
#include "guestos/palcall.h"
#include "guestos/proc.h"

/* What a waiter sleeps on: a private word of one space, or (space NULL) a
 * physical address. */
struct fkey {
    const void *space;
    uint64_t addr;
};

/* One sleeping thread, on its own kernel stack while it waits. */
struct fwaiter {
    struct fkey key;
    uint32_t bitset;
    bool woken;                   /* set by the waker, who also dequeues it */
    bool pi;                      /* LOCK_PI: woken means the lock was handed over */
    int tid;                      /* the sleeper's, for a PI hand-over */
    struct fwaiter *next;
};

static struct fwaiter *queue, **queue_tail = &queue;   /* FIFO */

static void enqueue(struct fwaiter *w)
{
    w->next = NULL;
    *queue_tail = w;
    queue_tail = &w->next;
}

static void dequeue(struct fwaiter *w)
{
    struct fwaiter **pp = &queue;

    while (*pp && *pp != w)
        pp = &(*pp)->next;
    if (!*pp)
        return;
    *pp = w->next;
    if (queue_tail == &w->next)
        queue_tail = pp;
}

static bool key_eq(const struct fkey *a, const struct fkey *b)
{
    return a->space == b->space && a->addr == b->addr;
}

/* The key of the word at uaddr: -VE_INVAL if misaligned, -VE_FAULT outside
 * user space.  A shared futex in a VLM window is keyed by its frame. */
static int futex_key(struct proc *p, uint64_t uaddr, bool shared, struct fkey *k)
{
    if (uaddr & 3)
        return -VE_INVAL;
    if (!user_va_ok(uaddr))
        return -VE_FAULT;
    k->space = p->vm;
    k->addr = uaddr;
    if (shared) {
        pte_t *e = vm_pte(p, uaddr, false);
        if (e && (*e & PTE_V) && (*e & PTE_VLMMAP)) {
            k->space = NULL;
            k->addr = PTE_PFN(*e) << PAGE_SHIFT | (uaddr & PAGE_MASK);
        }
    }
    return 0;
}

/* Wake up to nr (at least one, as Linux) waiters on k whose bitset meets
 * bitset.  Returns how many. */
static int wake_key(const struct fkey *k, int nr, uint32_t bitset)
{
    int n = 0;

    for (struct fwaiter *w = queue, *next; w; w = next) {
        next = w->next;
        if (!key_eq(&w->key, k) || !(w->bitset & bitset) || w->pi)
            continue;
        dequeue(w);
        w->woken = true;
        wakeup(w);
        if (++n >= nr)
            break;
    }
    return n;
}

/* Queue w and sleep until a waker sets w->woken (0), the deadline (rpcc, 0:
 * none) passes or a kill or signal comes: then w leaves the queue.  A wake
 * that came with the signal wins: a PI waiter then owns the lock. */
static int sleep_queued(struct fwaiter *w, uint64_t deadline)
{
    enqueue(w);
    while (!w->woken) {
        if (deadline && pal_rpcc() >= deadline) {
            dequeue(w);
            return -VE_TIMEDOUT;
        }
        if (sleep_on(w, deadline) && !w->woken) {
            dequeue(w);
            return -VE_INTR;
        }
    }
    return 0;
}

/* Sleep on the word at uaddr while it holds val, until a wake, the
 * deadline (rpcc, 0: none) or a kill. */
static int64_t futex_wait(struct proc *p, uint64_t uaddr, bool shared, uint32_t val,
                          uint32_t bitset, uint64_t deadline)
{
    struct fwaiter w = { .bitset = bitset };
    uint32_t cur;
    int r;

    if (!bitset)
        return -VE_INVAL;
    if ((r = futex_key(p, uaddr, shared, &w.key)) != 0)
        return r;
    if (copyin(p, &cur, uaddr, sizeof(cur)))
        return -VE_FAULT;
    if (cur != val)
        return -VE_AGAIN;
    return sleep_queued(&w, deadline);
}

/* FUTEX_(CMP_)REQUEUE: wake nr_wake waiters of uaddr, move up to nr_requeue
 * more to uaddr2; with cmp the word must still be cmpval.  Returns both
 * counts together, as Linux. */
static int64_t futex_requeue(struct proc *p, const uint64_t a[6], bool shared, bool cmp)
{
    int nr_wake = (int)a[2], nr_requeue = (int)a[3], n = 0;
    struct fkey k1, k2;
    uint32_t cur;
    int r;

    if (nr_wake < 0 || nr_requeue < 0)
        return -VE_INVAL;
    if ((r = futex_key(p, a[0], shared, &k1)) != 0 || (r = futex_key(p, a[4], shared, &k2)) != 0)
        return r;
    if (cmp && copyin(p, &cur, a[0], sizeof(cur)))
        return -VE_FAULT;
    if (cmp && cur != (uint32_t)a[5])
        return -VE_AGAIN;
    for (struct fwaiter *w = queue, *next; w && n - nr_wake < nr_requeue; w = next) {
        next = w->next;
        if (!key_eq(&w->key, &k1) || w->pi)
            continue;
        if (++n <= nr_wake) {
            dequeue(w);
            w->woken = true;
            wakeup(w);
        } else {
            w->key = k2;              /* it sleeps on, now on uaddr2 */
        }
    }
    return n;
}

static int get_word(struct proc *p, uint64_t uaddr, uint32_t *v)
{
    return copyin(p, v, uaddr, sizeof(*v)) ? -VE_FAULT : 0;
}

static int put_word(struct proc *p, uint64_t uaddr, uint32_t v)
{
    return copyout(p, uaddr, &v, sizeof(v)) ? -VE_FAULT : 0;
}

/* A 12-bit field of WAKE_OP's encoding, sign-extended as Linux. */
static int32_t op_field(uint32_t enc, int shift)
{
    int32_t v = (int32_t)((enc >> shift) & 0xfff);

    return v & 0x800 ? v - 0x1000 : v;
}

/* WAKE_OP's change to the word: old's new value, or -VE_NOSYS (unknown op). */
static int64_t op_apply(unsigned op, int32_t oparg, uint32_t old)
{
    switch (op) {
    case VFUTEX_OP_SET:  return (uint32_t)oparg;
    case VFUTEX_OP_ADD:  return (uint32_t)((int32_t)old + oparg);
    case VFUTEX_OP_OR:   return old | (uint32_t)oparg;
    case VFUTEX_OP_ANDN: return old & ~(uint32_t)oparg;
    case VFUTEX_OP_XOR:  return old ^ (uint32_t)oparg;
    }
    return -VE_NOSYS;
}

/* WAKE_OP's test of the old value: 1 / 0, or -VE_NOSYS (unknown cmp). */
static int op_compare(unsigned cmp, int32_t old, int32_t cmparg)
{
    switch (cmp) {
    case 0: return old == cmparg;         /* FUTEX_OP_CMP_EQ */
    case 1: return old != cmparg;         /* NE */
    case 2: return old < cmparg;          /* LT */
    case 3: return old <= cmparg;         /* LE */
    case 4: return old > cmparg;          /* GT */
    case 5: return old >= cmparg;         /* GE */
    }
    return -VE_NOSYS;
}

/* FUTEX_WAKE_OP(uaddr, nr_wake, nr_wake2, uaddr2, encoded op): change the
 * word at uaddr2 by op, wake nr_wake waiters of uaddr and, if the word's
 * old value passes cmp, nr_wake2 of uaddr2 (Linux's futex_wake_op: an
 * unknown op leaves the word alone; an unknown cmp is found after it
 * changed).  The number woken in all. */
static int64_t futex_wake_op(struct proc *p, const uint64_t a[6], bool shared)
{
    uint32_t enc = (uint32_t)a[5], old;
    unsigned op = enc >> 28 & 0xf, cmp = enc >> 24 & 0xf;
    int32_t oparg = op_field(enc, 12);
    struct fkey k1, k2;
    int64_t nv;
    int r, n;

    if ((r = futex_key(p, a[0], shared, &k1)) != 0 || (r = futex_key(p, a[4], shared, &k2)) != 0)
        return r;
    if (op & VFUTEX_OP_OPARG_SHIFT)
        oparg = (int32_t)(1u << (oparg & 31));    /* Linux masks a shift out of 0..31 */
    if (get_word(p, a[4], &old))
        return -VE_FAULT;
    if ((nv = op_apply(op & 7, oparg, old)) < 0)
        return nv;
    if (put_word(p, a[4], (uint32_t)nv))
        return -VE_FAULT;
    if ((r = op_compare(cmp, (int32_t)old, op_field(enc, 0))) < 0)
        return r;
    n = wake_key(&k1, (int)a[2], VFUTEX_BITSET_MATCH_ANY);
    if (r)
        n += wake_key(&k2, (int)a[3], VFUTEX_BITSET_MATCH_ANY);
    return n;
}

/* ---- priority-inheritance futexes ---------------------------------------- */
/* The word holds the owner's tid, FUTEX_WAITERS while someone sleeps in the
 * kernel for it, and FUTEX_OWNER_DIED after a robust owner's death.  The
 * protocol is Linux's (the owner's unlock comes here when WAITERS is set
 * and hands the lock to the first waiter); the priority boost is not done:
 * the scheduler is round-robin without priorities. */

/* The first LOCK_PI waiter on k, or NULL. */
static struct fwaiter *pi_first(const struct fkey *k)
{
    for (struct fwaiter *w = queue; w; w = w->next)
        if (w->pi && key_eq(&w->key, k))
            return w;
    return NULL;
}

/* Give the lock at uaddr to k's first PI waiter (its tid, WAITERS and the
 * died flag in the word) or, with none, leave the word `died`. */
static int pi_hand_over(struct proc *p, uint64_t uaddr, const struct fkey *k, uint32_t died)
{
    struct fwaiter *w = pi_first(k);

    if (put_word(p, uaddr, w ? (uint32_t)w->tid | VFUTEX_WAITERS | died : died))
        return -VE_FAULT;
    if (w) {
        dequeue(w);
        w->woken = true;
        wakeup(w);
    }
    return 0;
}

/* True if tid names a thread that has not exited. */
static bool tid_alive(uint32_t tid)
{
    struct proc *o = proc_find((int)tid);

    return o && o->state != P_ZOMBIE;
}

/* FUTEX_LOCK_PI / LOCK_PI2 / TRYLOCK_PI: take the word at uaddr if no tid
 * is in it (keeping OWNER_DIED), else (not try) set WAITERS and sleep until
 * an unlock hands it over.  0 (owned), -VE_DEADLK (the caller owns it),
 * -VE_AGAIN (try: taken), -VE_SRCH (the owner is gone), -VE_TIMEDOUT,
 * -VE_INTR, -VE_FAULT, -VE_INVAL. */
static int64_t futex_lock_pi(struct proc *p, uint64_t uaddr, bool shared, uint64_t deadline,
                             bool try)
{
    struct fwaiter w = { .bitset = VFUTEX_BITSET_MATCH_ANY, .pi = true, .tid = p->pid };
    uint32_t cur;
    int r;

    if ((r = futex_key(p, uaddr, shared, &w.key)) != 0 || (r = get_word(p, uaddr, &cur)) != 0)
        return r;
    if ((cur & VFUTEX_TID_MASK) == (uint32_t)p->pid)
        return -VE_DEADLK;
    if (!(cur & VFUTEX_TID_MASK))
        return put_word(p, uaddr, (uint32_t)p->pid | (cur & VFUTEX_OWNER_DIED) |
                                  (pi_first(&w.key) ? VFUTEX_WAITERS : 0));
    if (try)
        return -VE_AGAIN;
    if (!tid_alive(cur & VFUTEX_TID_MASK))
        return -VE_SRCH;
    if (!(cur & VFUTEX_WAITERS) && put_word(p, uaddr, cur | VFUTEX_WAITERS))
        return -VE_FAULT;
    return sleep_queued(&w, deadline);
}

/* FUTEX_UNLOCK_PI: the owner gives the word at uaddr to its first waiter,
 * or frees it (0).  0, -VE_PERM (not the owner), -VE_FAULT, -VE_INVAL. */
static int64_t futex_unlock_pi(struct proc *p, uint64_t uaddr, bool shared)
{
    struct fkey k;
    uint32_t cur;
    int r;

    if ((r = futex_key(p, uaddr, shared, &k)) != 0 || (r = get_word(p, uaddr, &cur)) != 0)
        return r;
    if ((cur & VFUTEX_TID_MASK) != (uint32_t)p->pid)
        return -VE_PERM;
    return pi_hand_over(p, uaddr, &k, 0);
}

/* The rpcc deadline of a wait's timeout at utime: relative (FUTEX_WAIT) or
 * absolute on CLOCK_MONOTONIC / CLOCK_REALTIME.  *deadline 0: none (NULL,
 * or too far to count).  0, -VE_FAULT or -VE_INVAL. */
static int futex_deadline(uint64_t utime, bool relative, bool realtime, uint64_t *deadline)
{
    struct vtimespec ts;
    uint64_t now = pal_rpcc(), ns;

    *deadline = 0;
    if (!utime)
        return 0;
    if (copyin(curproc, &ts, utime, sizeof(ts)))
        return -VE_FAULT;
    if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000L)
        return -VE_INVAL;
    if ((uint64_t)ts.tv_sec > (1UL << 33))
        return 0;                     /* beyond 272 years: for ever */
    ns = (uint64_t)ts.tv_sec * 1000000000UL + (uint64_t)ts.tv_nsec;
    if (!relative) {
        uint64_t base = time_ns(now) + (realtime ? boot_wallclock() : 0);
        ns = ns > base ? ns - base : 0;
    }
    *deadline = now + ns_cycles(ns);
    if (*deadline == now)
        *deadline = now ? now : 1;    /* already passed, but a deadline all the same */
    return 0;
}

/* The PI commands: LOCK_PI's timeout is absolute on CLOCK_REALTIME,
 * LOCK_PI2's on CLOCK_MONOTONIC unless the flag says REALTIME. */
static int64_t futex_pi(int cmd, const uint64_t a[6], bool shared, bool rt)
{
    uint64_t deadline = 0;
    int r;

    if (cmd == VFUTEX_UNLOCK_PI)
        return futex_unlock_pi(curproc, a[0], shared);
    if (cmd != VFUTEX_TRYLOCK_PI &&
        (r = futex_deadline(a[3], false, cmd == VFUTEX_LOCK_PI || rt, &deadline)) != 0)
        return r;
    return futex_lock_pi(curproc, a[0], shared, deadline, cmd == VFUTEX_TRYLOCK_PI);
}

int64_t sys_futex(const uint64_t a[6])
{
    int op = (int)a[1], cmd = op & VFUTEX_CMD_MASK;
    bool shared = !(op & VFUTEX_PRIVATE_FLAG), rt = op & VFUTEX_CLOCK_REALTIME;
    uint64_t deadline;
    int r;

    if (rt && cmd != VFUTEX_WAIT_BITSET && cmd != VFUTEX_LOCK_PI2)
        return -VE_NOSYS;
    switch (cmd) {
    case VFUTEX_WAIT: case VFUTEX_WAIT_BITSET:
        if ((r = futex_deadline(a[3], cmd == VFUTEX_WAIT, rt, &deadline)) != 0)
            return r;
        return futex_wait(curproc, a[0], shared, (uint32_t)a[2],
                          cmd == VFUTEX_WAIT ? VFUTEX_BITSET_MATCH_ANY : (uint32_t)a[5], deadline);
    case VFUTEX_WAKE: case VFUTEX_WAKE_BITSET: {
        uint32_t bitset = cmd == VFUTEX_WAKE ? VFUTEX_BITSET_MATCH_ANY : (uint32_t)a[5];
        struct fkey k;
        if (!bitset)
            return -VE_INVAL;
        if ((r = futex_key(curproc, a[0], shared, &k)) != 0)
            return r;
        return wake_key(&k, (int)a[2], bitset);
    }
    case VFUTEX_REQUEUE: case VFUTEX_CMP_REQUEUE:
        return futex_requeue(curproc, a, shared, cmd == VFUTEX_CMP_REQUEUE);
    case VFUTEX_WAKE_OP:
        return futex_wake_op(curproc, a, shared);
    case VFUTEX_LOCK_PI: case VFUTEX_LOCK_PI2: case VFUTEX_UNLOCK_PI: case VFUTEX_TRYLOCK_PI:
        return futex_pi(cmd, a, shared, rt);
    }
    return -VE_NOSYS;
}

int futex_wake_one(struct proc *p, uint64_t uaddr)
{
    struct fkey k;

    if (futex_key(p, uaddr, true, &k))
        return 0;
    return wake_key(&k, 1, VFUTEX_BITSET_MATCH_ANY);
}

/* ---- robust lists ------------------------------------------------------- */

int64_t sys_set_robust_list(const uint64_t a[6])
{
    if (a[1] != VROBUST_HEAD_SIZE)
        return -VE_INVAL;
    curproc->robust_list = a[0];
    curproc->robust_vm = curproc->vm;
    return 0;
}

/* get_robust_list(tid, head_ptr, len_ptr): tid 0 is the caller; another
 * thread of any process (VLM/OS has no ptrace permissions to check). */
int64_t sys_get_robust_list(const uint64_t a[6])
{
    struct proc *t = a[0] ? proc_find((int)a[0]) : curproc;
    uint64_t head, len = VROBUST_HEAD_SIZE;

    if (!t || t->state == P_ZOMBIE)
        return -VE_SRCH;
    head = t->robust_vm == t->vm ? t->robust_list : 0;
    if (copyout(curproc, a[1], &head, sizeof(head)) || copyout(curproc, a[2], &len, sizeof(len)))
        return -VE_FAULT;
    return 0;
}

/* One lock of p's robust list, p dying (Linux's handle_futex_death): a word
 * p owns gets OWNER_DIED, keeps WAITERS and loses the tid, and one waiter
 * of a plain lock wakes to find it so (a PI lock's waiters are
 * pi_exit_owner's).  The pending entry with a free word still wakes one
 * (p may have unlocked it without waking). */
static void robust_death(struct proc *p, uint64_t uaddr, bool pi, bool pending)
{
    struct fkey k;
    uint32_t cur;

    if (futex_key(p, uaddr, true, &k) || get_word(p, uaddr, &cur))
        return;
    if (pending && !pi && !cur) {
        wake_key(&k, 1, VFUTEX_BITSET_MATCH_ANY);
        return;
    }
    if ((cur & VFUTEX_TID_MASK) != (uint32_t)p->pid)
        return;
    if (!put_word(p, uaddr, (cur & VFUTEX_WAITERS) | VFUTEX_OWNER_DIED) &&
        !pi && (cur & VFUTEX_WAITERS))
        wake_key(&k, 1, VFUTEX_BITSET_MATCH_ANY);
}

/* Linux's exit_robust_list: at most VROBUST_LIST_LIMIT entries, then the
 * op-pending one; bit 0 of an entry marks a PI lock. */
static void robust_walk(struct proc *p)
{
    uint64_t head = p->robust_list, h[3], entry, next;

    p->robust_list = 0;
    if (!head || p->robust_vm != p->vm || copyin(p, h, head, sizeof(h)))
        return;                       /* none, or set by the image an execve replaced */
    entry = h[0];
    for (int n = 0; (entry & ~1UL) != head && n < VROBUST_LIST_LIMIT; n++) {
        if (copyin(p, &next, entry & ~1UL, sizeof(next)))
            return;                   /* a broken list ends the walk, as Linux */
        if ((entry & ~1UL) != (h[2] & ~1UL))
            robust_death(p, (entry & ~1UL) + h[1], entry & 1, false);
        entry = next;
    }
    if (h[2])
        robust_death(p, (h[2] & ~1UL) + h[1], h[2] & 1, true);
}

/* Linux's exit_pi_state_list: each PI lock of p's space that p still owns
 * (or that the walk just left ownerless with OWNER_DIED) goes to its first
 * waiter, OWNER_DIED kept; the queue changes, so the scan starts over. */
static void pi_exit_owner(struct proc *p)
{
    for (struct fwaiter *w = queue; w; ) {
        uint32_t cur, tid;
        if (!w->pi || w->key.space != p->vm || get_word(p, w->key.addr, &cur)) {
            w = w->next;
            continue;
        }
        tid = cur & VFUTEX_TID_MASK;
        if (tid != (uint32_t)p->pid && (tid || !(cur & VFUTEX_OWNER_DIED))) {
            w = w->next;
            continue;
        }
        struct fkey k = w->key;
        (void)pi_hand_over(p, k.addr, &k, cur & VFUTEX_OWNER_DIED);
        w = queue;
    }
}

void futex_thread_exit(struct proc *p)
{
    if (!p->vm)
        return;
    robust_walk(p);
    pi_exit_owner(p);
}
