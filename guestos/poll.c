/*
 * poll.c — ppoll and pselect6 (see sysfile.h).
 *
 * A scan asks each descriptor's file what it is ready for (file_ops.poll;
 * none: always ready) and collects the channels a change would be announced
 * on.  With nothing ready the caller sleeps once with those channels as its
 * pollset (wakeup reaches a sleeper through any of them, as Linux's poll
 * wait queues), then scans again: until something is ready, the timeout
 * passes, or a signal or kill interrupts (-VE_INTR, restarted by signal.c
 * when no handler runs).  The console announces input on its own channel:
 * a poller waiting for it sleeps through console_poll_in, as a reader.
 */
#include "guestos/file.h"
#include "guestos/palcall.h"
#include "guestos/proc.h"
#include "guestos/sysfile.h"

#define POLL_MAX_NFDS (NOFILE * 4)   /* as past RLIMIT_NOFILE: -VE_INVAL */
#define SELECT_MAX_FD 64             /* select looks at one long of each set, as Linux's 64 fds */

/* What a scan gathered: the channels to sleep on, and whether the console
 * is waited for. */
struct pollwait {
    const void *chans[NOFILE];
    int n;
    bool console;
};

/* What f is ready for now; its channel goes in w (once). */
static int file_ready(struct file *f, int want, struct pollwait *w)
{
    const void *chan = NULL;
    int m = f->ops->poll ? f->ops->poll(f, &chan)
                         : VPOLLIN | VPOLLOUT | VPOLLRDNORM | VPOLLWRNORM;

    for (int i = 0; chan && i < w->n; i++)
        if (w->chans[i] == chan)
            chan = NULL;
    if (chan && w->n < NOFILE)
        w->chans[w->n++] = chan;
    if (file_is_console(f) && (want & (VPOLLIN | VPOLLRDNORM)) && !(m & VPOLLIN))
        w->console = true;
    return m;
}

/* Sleep until a channel of w changes, console input (if waited for), the
 * deadline (rpcc, 0: none) or a signal.  0 or -VE_INTR. */
static int poll_sleep(const struct pollwait *w, uint64_t deadline)
{
    struct proc *p = curproc;
    int r;

    p->pollset = w->chans;
    p->npollset = w->n;
    r = w->console ? console_poll_in(true, deadline) : sleep_on(&p->pollset, deadline);
    p->pollset = NULL;
    p->npollset = 0;
    return r;
}

/* The timeout at uts as an rpcc deadline; *forever if uts is NULL.  0,
 * -VE_FAULT or -VE_INVAL. */
static int poll_deadline(uint64_t uts, uint64_t *deadline, bool *forever)
{
    struct vtimespec ts;
    uint64_t now = pal_rpcc(), ns;

    *forever = !uts;
    *deadline = now;
    if (!uts)
        return 0;
    if (copyin(curproc, &ts, uts, sizeof(ts)))
        return -VE_FAULT;
    if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000L)
        return -VE_INVAL;
    ns = MIN((uint64_t)ts.tv_sec, 1UL << 33) * 1000000000UL + (uint64_t)ts.tv_nsec;
    *deadline = now + ns_cycles(ns);
    return 0;
}

/* Linux writes the time left back into a non-zero timeout (glibc's select
 * shows it in the timeval); a fault there is ignored, as Linux. */
static void poll_time_left(uint64_t uts, uint64_t deadline)
{
    struct vtimespec ts;
    uint64_t now = pal_rpcc(), ns = deadline > now ? time_ns(deadline - now) : 0;

    if (!uts || copyin(curproc, &ts, uts, sizeof(ts)) || (!ts.tv_sec && !ts.tv_nsec))
        return;
    ts.tv_sec = (long)(ns / 1000000000UL);
    ts.tv_nsec = (long)(ns % 1000000000UL);
    (void)copyout(curproc, uts, &ts, sizeof(ts));
}

/* The caller's signal mask while it waits (ppoll's and pselect6's sigmask,
 * as rt_sigsuspend): 0, -VE_INVAL (size) or -VE_FAULT.  On -VE_INTR the
 * saved mask returns when the signal is acted on (signal.c), else here. */
static int mask_set(uint64_t umask, uint64_t size)
{
    return umask ? sig_swap_mask(umask, size) : 0;
}

static int64_t mask_done(uint64_t umask, int64_t r)
{
    struct sigproc *s = &curproc->sig;

    if (umask && r != -VE_INTR && s->has_saved) {
        s->blocked = s->saved_mask;
        s->has_saved = false;
    }
    return r;
}

/* A scan: the number of ready entries (or -VE_*); each result written back. */
typedef int64_t (*poll_scan_fn)(const uint64_t a[6], struct pollwait *w);

/* Scan until something is ready, the deadline passes (0 ready) or -VE_INTR. */
static int64_t poll_loop(poll_scan_fn scan, const uint64_t a[6], uint64_t deadline, bool forever)
{
    for (;;) {
        struct pollwait w = { .n = 0 };
        int64_t n = scan(a, &w);
        if (n || (!forever && pal_rpcc() >= deadline))
            return n;
        int r = poll_sleep(&w, forever ? 0 : deadline);
        if (r)
            return r;
    }
}

/* ---- ppoll -------------------------------------------------------------- */

/* One pass over ppoll's array: revents is what the file is ready for among
 * events, POLLERR and POLLHUP; POLLNVAL for a closed descriptor, nothing for
 * a negative one. */
static int64_t ppoll_scan(const uint64_t a[6], struct pollwait *w)
{
    struct vpollfd pf;
    int64_t n = 0;

    for (uint64_t i = 0; i < a[1]; i++) {
        uint64_t at = a[0] + i * sizeof(pf);
        if (copyin(curproc, &pf, at, sizeof(pf)))
            return -VE_FAULT;
        struct file *f = pf.fd < 0 ? NULL : fd_file((uint64_t)pf.fd);
        int want = pf.events | VPOLLERR | VPOLLHUP;
        pf.revents = (short)(pf.fd < 0 ? 0 : !f ? VPOLLNVAL : file_ready(f, pf.events, w) & want);
        n += pf.revents != 0;
        if (copyout(curproc, at, &pf, sizeof(pf)))
            return -VE_FAULT;
    }
    return n;
}

int64_t ppoll_fds(const uint64_t a[6])
{
    uint64_t deadline;
    bool forever;
    int64_t r;

    if (a[1] > POLL_MAX_NFDS)
        return -VE_INVAL;
    if ((r = poll_deadline(a[2], &deadline, &forever)) != 0 || (r = mask_set(a[3], a[4])) != 0)
        return r;
    r = poll_loop(ppoll_scan, a, deadline, forever);
    if (!forever)
        poll_time_left(a[2], deadline);
    return mask_done(a[3], r);
}

/* ---- pselect6 ----------------------------------------------------------- */

/* Linux's POLLIN_SET, POLLOUT_SET and POLLEX_SET: what makes a descriptor
 * readable, writable or exceptional for select. */
static const int select_set[3] = {
    VPOLLIN | VPOLLRDNORM | VPOLLHUP | VPOLLERR,
    VPOLLOUT | VPOLLWRNORM | VPOLLERR,
    VPOLLPRI,
};

/* One pass: the three sets (a[1..3], NULL ones skipped) over fds below
 * a[0], rewritten to the ready ones.  The count of ready bits, or
 * -VE_BADF (a set names a closed descriptor), -VE_FAULT. */
static int64_t pselect_scan(const uint64_t a[6], struct pollwait *w)
{
    uint64_t in[3] = { 0 }, out[3] = { 0 }, all;
    int64_t n = 0;

    for (int s = 0; s < 3; s++)
        if (a[1 + s] && copyin(curproc, &in[s], a[1 + s], sizeof(in[s])))
            return -VE_FAULT;
    all = in[0] | in[1] | in[2];
    for (uint64_t fd = 0; fd < a[0]; fd++) {
        if (!(all >> fd & 1))
            continue;
        struct file *f = fd_file(fd);
        if (!f)
            return -VE_BADF;
        int want = (in[0] >> fd & 1 ? select_set[0] : 0) | (in[1] >> fd & 1 ? select_set[1] : 0) |
                   (in[2] >> fd & 1 ? select_set[2] : 0);
        int m = file_ready(f, want, w);
        for (int s = 0; s < 3; s++)
            if ((in[s] >> fd & 1) && (m & select_set[s])) {
                out[s] |= 1UL << fd;
                n++;
            }
    }
    for (int s = 0; n && s < 3; s++)
        if (a[1 + s] && copyout(curproc, a[1 + s], &out[s], sizeof(out[s])))
            return -VE_FAULT;
    return n;
}

int64_t sys_pselect6(const uint64_t a[6])
{
    uint64_t sig[2] = { 0, 0 }, args[6], deadline;
    bool forever;
    int64_t r;

    if ((int64_t)a[0] < 0)
        return -VE_INVAL;
    memcpy(args, a, sizeof(args));
    args[0] = MIN(a[0], SELECT_MAX_FD);
    if ((r = poll_deadline(a[4], &deadline, &forever)) != 0)
        return r;
    if (a[5] && copyin(curproc, sig, a[5], sizeof(sig)))
        return -VE_FAULT;
    if ((r = mask_set(sig[0], sig[1])) != 0)
        return r;
    r = poll_loop(pselect_scan, args, deadline, forever);
    for (int s = 0; r == 0 && s < 3; s++)         /* nothing ready: the sets come back empty */
        if (a[1 + s] && copyout(curproc, a[1 + s], &(uint64_t){ 0 }, sizeof(uint64_t)))
            r = -VE_FAULT;
    if (!forever)
        poll_time_left(a[4], deadline);
    return mask_done(sig[0], r);
}
