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
        if (!key_eq(&w->key, k) || !(w->bitset & bitset))
            continue;
        dequeue(w);
        w->woken = true;
        wakeup(w);
        if (++n >= nr)
            break;
    }
    return n;
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
    enqueue(&w);
    while (!w.woken) {
        if (deadline && pal_rpcc() >= deadline) {
            dequeue(&w);
            return -VE_TIMEDOUT;
        }
        if (sleep_on(&w, deadline)) {
            dequeue(&w);
            return -VE_INTR;
        }
    }
    return 0;
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
        if (!key_eq(&w->key, &k1))
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
    *deadline = now + ns / NS_PER_CYCLE + (ns % NS_PER_CYCLE != 0);
    if (*deadline == now)
        *deadline = now ? now : 1;    /* already passed, but a deadline all the same */
    return 0;
}

int64_t sys_futex(const uint64_t a[6])
{
    int op = (int)a[1], cmd = op & VFUTEX_CMD_MASK;
    bool shared = !(op & VFUTEX_PRIVATE_FLAG), rt = op & VFUTEX_CLOCK_REALTIME;
    uint64_t deadline;
    int r;

    if (rt && cmd != VFUTEX_WAIT_BITSET)
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
