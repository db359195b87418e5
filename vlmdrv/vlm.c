/*
 * vlm.c — the VLM driver: the patent "System for Extending an Addressable
 * Range of Memory" (../shared/seeds/000_ae34a485f10c4d0f.txt) on VLM/OS.
 *
 * Each step of FIG. 6-10 is a function named after its figure and step.
 * A consumer's VLM_ALLOC becomes a *request*: the driver starts hidden donor
 * processes (vlmdonor), commands each to allocate at most one per-process
 * limit, takes ownership of the frames they register, allocates the direct
 * part, and builds a handle in the HAT/PAT table (hatpat.h) from them.  The
 * consumer then maps buffers of the handle into its 64-bit window, or reads
 * and writes through the driver; VLM_FREE returns every frame and sends the
 * donors their terminate notification.
 *
 * Ownership and accounting:
 *   - donated frames leave the donor's page tables at once (vm_donate): the
 *     donor cannot reach them; they stay charged to the donor's limit until it
 *     deallocates (FIG. 8 808), and the driver holds their global commit;
 *   - the direct part is the driver's too, charged to the global commit and
 *     to the consumer's direct allowance (at most one limit);
 *   - every frame a consumer gets is zero: the driver clears donated frames
 *     when they are registered, and direct frames come zeroed;
 *   - a handle's frames go back to the frame database when it is freed, by
 *     VLM_FREE, the consumer's exit, or a driver shutdown.
 * Only the consumer that allocated a handle may use it; only processes the
 * driver started may use the donor interface.
 *
 * The kernel is not preemptive, so each ioctl runs to completion unless it
 * sleeps (FIG. 7 720, FIG. 8 800/814, FIG. 10 1010).
 */
#include "guestos/file.h"
#include "guestos/frames.h"
#include "guestos/kalloc.h"
#include "guestos/kdriver.h"
#include "guestos/palcall.h"
#include "guestos/proc.h"
#include "vlmdrv/hatpat.h"
#include "vlmdrv/vlm.h"
#include "vlmdrv/vlm_abi.h"
#include "vlmdrv/vlmstate.h"
#include "guestos/abi/vlmos_boot.h"

_Static_assert(sizeof(uint32_t) == VBOOT_PAT_ENTRY, "the host sizes the PAT (vlmos_boot.h)");

#define NREQ       64                    /* allocations at once */
#define NDONORS    32                    /* donors per allocation */
#define NBUFS      256
#define NMAPS      256
#define NHANDLES   VBOOT_PAT_HANDLES     /* HAT entries, as the EMM's 256 handles */
#define CHUNK      (256UL << 20)         /* largest piece a donor allocates at once */
#define BATCH      (PAGE_SIZE / sizeof(uint32_t))   /* PFNs in one kernel page */
#define GH3_BYTES  (GH_PAGES(3) << PAGE_SHIFT)
#define VLM_TEST_FLAGS (VLM_TEST_DONOR_TOUCH | VLM_TEST_DONOR_SLOW | VLM_TEST_DONATE_NOMEM)

/* The live view reads a process's role through its drvdata (abi/vlmos_view.h). */
_Static_assert(offsetof(struct vlm_proc, role) == offsetof(struct vview_drvproc, role) &&
               sizeof(((struct vlm_proc *)0)->role) == sizeof(((struct vview_drvproc *)0)->role),
               "struct vlm_proc begins with the view's role");

struct donor {
    int pid;
    int state;
    uint32_t cmd;                        /* the command WAIT_CMD hands out next, 0 if none */
    uint64_t bytes;                      /* 714: what to allocate in all */
    uint64_t pages;                      /* registered so far */
    uint64_t piece_va, piece_len;        /* 804: the piece reported allocated */
    bool terminate;                      /* 1002: its pending request completes */
    bool cancel;                         /* abnormal: its requests are cancelled */
};

struct request {
    int state;
    int error;
    int consumer;                        /* pid, 0 once orphaned */
    int handle;                          /* -1 until the handle exists */
    bool verbose;
    uint32_t test_flags;                 /* VLM_TEST_DONOR_*: passed to the donors */
    uint64_t pages, direct;              /* the request, and its direct part */
    uint64_t registered;                 /* frames in the pool for it (donated and direct) */
    uint64_t direct_reserved;            /* direct commit charged, frames not yet allocated */
    int ndonors, live;                   /* donors started, donors not yet gone */
    struct donor d[NDONORS];
    uint64_t t0, t_ready, ptes;
};

struct vbuf {
    bool used;
    int owner, req, maps;
    uint64_t first, npages;              /* the handle's pages [first, first + npages) */
};

struct vmap {
    bool used;
    int owner, buf;
    uint64_t va, npages;
};

static struct hatpat table;
static uint32_t hat_store[NHANDLES];
static struct request reqs[NREQ];
static struct vbuf bufs[NBUFS];
static struct vmap maps[NMAPS];
static struct vlm_proc vprocs[NPROC];          /* one per process at most: never runs out */
/* A page of PFNs for the steps that move frames in batches.  It is static,
 * not a kernel page, so that releasing frames (pool_release: VLM_FREE, exit,
 * kill) never needs memory; none of its users sleeps while it holds it. */
static uint32_t pfn_batch[BATCH];

/* ---- helpers ------------------------------------------------------------- */

/* Move request r to state `to` (the lifecycles: vlmstate.h); anything they
 * do not allow is a driver bug (user input never reaches here unchecked). */
static void req_to(struct request *r, int to)
{
    if (!req_may(r->state, to))
        panic("req_to: request %d: %s -> %s is no transition", (int)(r - reqs),
              req_state_name(r->state), req_state_name(to));
    r->state = to;
}

/* The same for donor d; the ioctls check what a donor asks first. */
static void donor_to(struct donor *d, int to)
{
    if (!donor_may(d->state, to))
        panic("donor_to: donor pid %d: %s -> %s is no transition", d->pid,
              donor_state_name(d->state), donor_state_name(to));
    d->state = to;
}

/* The driver's record of p's process, NULL if it has none (it never used
 * the driver).  The record is the process's, not a thread's: it hangs on
 * the group leader (which outlives the other threads), and requests,
 * buffers and window maps are keyed by the tgid, so any thread of a
 * consumer may use its handles and the record goes only when the last
 * thread exits (kdrivers_proc_exit is called once, for the group). */
static struct vlm_proc *vproc_of(const struct proc *p)
{
    return p ? p->leader->drvdata : NULL;
}

/* p's process's record, made with `role` if it has none.  A process holds
 * at most one record and there are NPROC of them, so one is always free. */
static struct vlm_proc *vproc_attach(struct proc *p, int role)
{
    struct proc *l = p->leader;

    if (l->drvdata)
        return l->drvdata;
    for (int i = 0; i < NPROC; i++)
        if (!vprocs[i].role) {
            vprocs[i] = (struct vlm_proc){ .role = role };
            l->drvdata = &vprocs[i];
            return &vprocs[i];
        }
    panic("vproc_attach: no record for pid %d", l->pid);
}

/* The direct allowance consumer pid used, given back (it may be gone). */
static void direct_return(int pid, uint64_t pages)
{
    struct vlm_proc *v = vproc_of(proc_find(pid));

    if (v)
        v->direct -= pages;
}

/* A step of the flow: a trace event always, and a line on the console when
 * the consumer asked for VLM_VERBOSE. */
static void step(const struct request *r, int fig, int no, const char *fmt, ...)
    __attribute__((format(printf, 4, 5), noinline));   /* its caller is the step (ktrace_at) */
static void step(const struct request *r, int fig, int no, const char *fmt, ...)
{
    char msg[160];
    va_list ap;

    ktrace_at(KTRACE_CALLER(), TRACE_OS_VLM, (uint64_t)(fig * 10000 + no), (uint64_t)r->consumer,
              (uint64_t)r->pages, 0, 0);
    if (!r->verbose)
        return;
    va_start(ap, fmt);
    kvsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    kprintf("vlm: [FIG. %d step %d] %s\n", fig, no, msg);
}

static uint64_t mib(uint64_t pages)
{
    return pages >> (20 - PAGE_SHIFT);
}

static struct request *req_new(void)
{
    for (int i = 0; i < NREQ; i++)
        if (reqs[i].state == R_FREE) {
            memset(&reqs[i], 0, sizeof(reqs[i]));
            reqs[i].handle = -1;
            return &reqs[i];
        }
    return NULL;
}

/* The READY request behind handle h of the calling consumer, or NULL. */
static struct request *req_of_handle(int64_t h)
{
    for (int i = 0; i < NREQ; i++)
        if (reqs[i].state == R_READY && reqs[i].handle == h && reqs[i].consumer == curproc->tgid)
            return &reqs[i];
    return NULL;
}

/* The error for a handle h that is not the caller's: -VE_PERM when another
 * process owns it (the caller learns no more than that), else -VE_INVAL. */
static int64_t handle_error(int64_t h)
{
    for (int i = 0; i < NREQ; i++)
        if (reqs[i].state == R_READY && reqs[i].handle == h)
            return -VE_PERM;
    return -VE_INVAL;
}

/* The calling donor's record, or NULL (and *r) if the caller is no donor. */
static struct donor *caller_donor(struct request **r)
{
    struct vlm_proc *v = vproc_of(curproc);

    if (!v || v->role != VLM_ROLE_DONOR)
        return NULL;
    *r = &reqs[v->req];
    return &(*r)->d[v->donor - 1];
}

/* Give n frames back to the frame database, with their global commit. */
static void frames_release(const uint32_t *pfns, uint64_t n)
{
    for (uint64_t i = 0; i < n; i++)
        frame_free(pfns[i]);
    commit_uncharge(n);
}

/* Take n frames off the unallocated list and release them, a page of PFNs at a time. */
static void pool_release(uint64_t n)
{
    uint32_t *batch = pfn_batch;

    while (n) {
        uint32_t k = (uint32_t)MIN(n, BATCH);
        if (hp_take_unallocated(&table, batch, k))
            panic("pool_release: %u frames are not on the unallocated list", k);
        frames_release(batch, k);
        n -= k;
    }
}

/* Zero frames with one PAL call per run of consecutive PFNs. */
static void zero_frames(const uint32_t *pfns, uint64_t n)
{
    for (uint64_t i = 0; i < n; ) {
        uint64_t k = 1;
        while (i + k < n && pfns[i + k] == pfns[i] + k)
            k++;
        pal_zero((uint64_t)pfns[i] << PAGE_SHIFT, k << PAGE_SHIFT);
        i += k;
    }
}

static void wake_donors(struct request *r, bool cancel)
{
    for (int i = 0; i < r->ndonors; i++) {
        struct donor *d = &r->d[i];
        if (d->state == D_NONE || d->state == D_GONE)
            continue;
        if (cancel)
            d->cancel = true;
        else
            d->terminate = true;
        wakeup(d);
    }
}

/* A request nobody waits for is freed once its last donor has gone. */
static void req_maybe_free(struct request *r)
{
    if (r->live == 0) {
        wakeup(r);
        if (r->state == R_ORPHAN)
            req_to(r, R_FREE);
    }
}

/* ---- FIG. 7: the driver allocates memory for a consumer ----------------- */

/* Abnormal end of an allocation: cancel the donors (their pending requests
 * complete with -VE_CANCELED), give the frames already registered and the
 * direct reservation back.  The request lives on until its donors are gone. */
static void fig7_fail(struct request *r, int err)
{
    if (r->state != R_ALLOCATING)
        return;
    step(r, 7, 720, "allocation failed (error %d): cancelling %d donor(s)", -err, r->live);
    req_to(r, R_FAILING);
    r->error = err;
    wake_donors(r, true);
    pool_release(r->registered);
    r->registered = 0;
    commit_uncharge(r->direct_reserved);
    r->direct_reserved = 0;
    direct_return(r->consumer, r->direct);
    wakeup(r);
}

/* 702: above the limit?  Plan the direct part and the donors. */
static int fig7_702_plan(struct request *r)
{
    struct vlm_proc *v = vproc_of(curproc);          /* the consumer's: 700 made it */
    uint64_t limit = proc_limit_pages(), allowance = limit - MIN(limit, v->direct);

    if (r->pages <= allowance) {
        r->direct = r->pages;                        /* 718: served directly */
        r->ndonors = 0;
    } else {
        r->direct = allowance;
        r->ndonors = (int)((r->pages - r->direct + limit - 1) / limit);
    }
    if (r->ndonors > NDONORS)
        return -VE_NOMEM;
    if (commit_charge(r->direct))
        return -VE_NOMEM;
    r->direct_reserved = r->direct;
    v->direct += r->direct;
    step(r, 7, 702, "%lu MiB at a %lu MiB limit: %lu MiB direct, %d donor(s)",
         (unsigned long)mib(r->pages), (unsigned long)mib(limit),
         (unsigned long)mib(r->direct), r->ndonors);
    return 0;
}

/* 704-706 and 714: start each donor and command it to allocate (<= the limit). */
static int fig7_704_create_donors(struct request *r)
{
    uint64_t left = r->pages - r->direct, limit = proc_limit_pages();

    for (int i = 0; i < r->ndonors; i++) {
        char idx[8], test[16];
        char *argv[] = { "vlmdonor", idx, test, NULL };
        ksnprintf(idx, sizeof(idx), "%d", i + 1);
        ksnprintf(test, sizeof(test), "%s%s%s", r->test_flags & VLM_TEST_DONOR_TOUCH ? "touch" : "",
                  r->test_flags & VLM_TEST_DONOR_SLOW ? "slow" : "",
                  r->test_flags & VLM_TEST_DONATE_NOMEM ? "lazy" : "");
        int pid = proc_spawn("vlmdonor", test[0] ? 3 : 2, argv, NULL);
        if (pid < 0)
            return pid;
        struct vlm_proc *dv = vproc_attach(proc_find(pid), VLM_ROLE_DONOR);
        struct donor *d = &r->d[i];
        dv->req = (int)(r - reqs);
        dv->donor = i + 1;
        d->pid = pid;
        donor_to(d, D_STARTED);
        d->bytes = MIN(left, limit) << PAGE_SHIFT;
        d->cmd = VLM_CMD_ALLOCATE;                    /* 714 */
        left -= d->bytes >> PAGE_SHIFT;
        r->live++;
        step(r, 7, 704, "donor %d started: pid %d", i + 1, pid);
        step(r, 7, 714, "donor %d commanded to allocate %lu MiB", i + 1,
             (unsigned long)(d->bytes >> 20));
    }
    step(r, 7, 706, "all %d donor(s) created", r->ndonors);
    return 0;
}

static bool all_registered(const struct request *r)
{
    for (int i = 0; i < r->ndonors; i++)
        if (r->d[i].pages << PAGE_SHIFT != r->d[i].bytes)
            return false;
    return true;
}

/* 720: wait until every donor has registered its memory. */
static int fig7_720_wait(struct request *r)
{
    while (r->state == R_ALLOCATING && !all_registered(r))
        if (sleep_on(r, 0))
            return -VE_INTR;
    if (r->state != R_ALLOCATING)
        return r->error;
    if (r->ndonors)
        step(r, 7, 720, "all donors registered: %lu MiB", (unsigned long)mib(r->registered));
    return 0;
}

/* 718: allocate the direct part (its commit was reserved at 702). */
static int fig7_718_direct(struct request *r)
{
    uint32_t *batch = pfn_batch;
    uint64_t left = r->direct;

    while (left) {
        uint32_t k = (uint32_t)MIN(left, BATCH), i;
        for (i = 0; i < k; i++)
            if (!(batch[i] = (uint32_t)frame_alloc(FR_VLM, 0)))
                break;
        if (i < k || hp_add_unallocated(&table, batch, k)) {
            for (uint32_t j = 0; j < i; j++)
                frame_free(batch[j]);
            return -VE_NOMEM;
        }
        r->registered += k;                           /* the commit is now a pooled frame's */
        r->direct_reserved -= k;
        left -= k;
    }
    step(r, 7, 718, "direct part allocated: %lu MiB", (unsigned long)mib(r->direct));
    return 0;
}

/* 710: answer the consumer. */
static int fig7_710_answer(struct request *r, struct vlm_alloc *a)
{
    a->handle = r->handle;
    a->donors = (uint32_t)r->ndonors;
    a->direct = r->direct << PAGE_SHIFT;
    r->t_ready = pal_rpcc();
    step(r, 7, 710, "answered: handle %d, %lu MiB ready", r->handle,
         (unsigned long)mib(r->pages));
    return 0;
}

/* Build the handle from the pool (the HAT/PAT table). */
static int make_handle(struct request *r)
{
    int h = hp_alloc(&table, (uint32_t)r->pages);

    if (h < 0)
        return -VE_NOMEM;
    r->handle = h;
    r->registered -= r->pages;                        /* the frames are the handle's now */
    req_to(r, R_READY);
    return 0;
}

/* Wait for a failed request's donors to go, then hand back its slot. */
static int fig7_fail_wait(struct request *r, int err)
{
    fig7_fail(r, err);
    while (r->live > 0)
        if (sleep_on(r, 0)) {
            req_to(r, R_ORPHAN);                      /* freed when its last donor goes */
            r->consumer = 0;
            return -VE_INTR;
        }
    req_to(r, R_FREE);
    return r->error;
}

/* FIG. 7 step 700 (FIG. 6 step 600): a consumer requests memory. */
static int64_t fig7_700_alloc(uint64_t uarg)
{
    struct vlm_alloc a;
    struct request *r;
    int err;

    if (copyin(curproc, &a, uarg, sizeof(a)))
        return -VE_FAULT;
    if (vproc_of(curproc) && vproc_of(curproc)->role == VLM_ROLE_DONOR)
        return -VE_PERM;
    uint64_t pages = ROUNDUP(a.size, PAGE_SIZE) >> PAGE_SHIFT;
    if (!a.size || a.size > (1UL << 42) ||
        a.flags & ~(uint32_t)(VLM_VERBOSE | VLM_TEST_FLAGS))
        return -VE_INVAL;
    if (pages > commit_limit() || !(r = req_new()))
        return pages > commit_limit() ? -VE_NOMEM : -VE_AGAIN;
    req_to(r, R_ALLOCATING);
    r->consumer = curproc->tgid;
    r->verbose = a.flags & VLM_VERBOSE;
    r->test_flags = a.flags & VLM_TEST_FLAGS;
    r->pages = pages;
    r->t0 = pal_rpcc();
    vproc_attach(curproc, VLM_ROLE_CONSUMER);
    step(r, 6, 600, "consumer pid %d requests %lu MiB", curproc->tgid, (unsigned long)mib(pages));
    step(r, 7, 700, "the command is a consumer allocation request");
    err = fig7_702_plan(r);
    if (err) {
        req_to(r, R_FREE);
        return err;
    }
    if ((err = fig7_704_create_donors(r)) || (err = fig7_720_wait(r)) ||
        (err = fig7_718_direct(r)) || (err = make_handle(r)))
        return err == -VE_INTR && r->state == R_ALLOCATING ? -VE_INTR : fig7_fail_wait(r, err);
    fig7_710_answer(r, &a);
    return copyout(curproc, uarg, &a, sizeof(a)) ? -VE_FAULT : 0;
}

/* ---- FIG. 8: the donor side ----------------------------------------------- */

/* 800 / 812: wait for the driver's next command. */
static int64_t fig8_800_wait_command(uint64_t uarg)
{
    struct request *r;
    struct donor *d = caller_donor(&r);
    struct vlm_donor_cmd c = { 0 };

    if (!d)
        return -VE_PERM;
    while (!d->cmd && !d->cancel)
        if (sleep_on(d, 0))
            return -VE_INTR;
    c.cmd = d->cancel ? VLM_CMD_CANCEL : d->cmd;
    c.index = (uint32_t)vproc_of(curproc)->donor;
    c.bytes = d->bytes;
    c.chunk = MIN(CHUNK, proc_limit_pages() << PAGE_SHIFT);
    d->cmd = 0;
    if (c.cmd == VLM_CMD_ALLOCATE)
        step(r, 8, 800, "donor %u received the command to allocate %lu MiB",
             c.index, (unsigned long)(c.bytes >> 20));
    return copyout(curproc, uarg, &c, sizeof(c)) ? -VE_FAULT : 0;
}

/* A donor's report of its piece (804, 812), read while its request is still
 * allocating: sets *r, *d and *g; 0, or -VE_PERM (the caller is no donor),
 * -VE_FAULT (uarg unreadable), -VE_CANCELED (the request has ended). */
static int64_t donor_report(uint64_t uarg, struct request **r, struct donor **d,
                            struct vlm_donor_range *g)
{
    if (!(*d = caller_donor(r)))
        return -VE_PERM;
    if (copyin(curproc, g, uarg, sizeof(*g)))
        return -VE_FAULT;
    if ((*r)->state != R_ALLOCATING || (*d)->cancel)
        return -VE_CANCELED;
    return 0;
}

/* 804, then FIG. 7 716 and 708: the donor reports a piece allocated; the
 * driver notices and commands it to register the piece. */
static int64_t fig8_804_allocated(uint64_t uarg)
{
    struct request *r;
    struct donor *d;
    struct vlm_donor_range g;
    int64_t err;

    if ((err = donor_report(uarg, &r, &d, &g)))
        return err;
    if (g.error || !g.length) {
        step(r, 8, 802, "donor %d could not allocate (error %ld)", vproc_of(curproc)->donor,
             (long)-g.error);
        fig7_fail(r, -VE_NOMEM);                      /* memory ran out at this donor */
        return 0;
    }
    if ((g.va | g.length) & PAGE_MASK || (d->pages << PAGE_SHIFT) + g.length > d->bytes)
        return -VE_INVAL;
    d->piece_va = g.va;
    d->piece_len = g.length;
    step(r, 8, 804, "donor %d allocated %lu MiB", vproc_of(curproc)->donor,
         (unsigned long)(g.length >> 20));
    step(r, 7, 716, "driver detects donor %d's allocation", vproc_of(curproc)->donor);
    d->cmd = VLM_CMD_REGISTER;                        /* 708 */
    step(r, 7, 708, "donor %d commanded to register it", vproc_of(curproc)->donor);
    return 0;
}

/* The test aid VLM_TEST_DONATE_NOMEM: how many of the n pages at va come
 * before the first one that still needs a frame (not materialized), where
 * the donation is made to fail as if RAM had run out there. */
static uint64_t test_nomem_at(uint64_t va, uint64_t n)
{
    for (uint64_t i = 0; i < n; i++) {
        pte_t *e = vm_pte(curproc, va + i * PAGE_SIZE, false);
        if (!e || !(*e & PTE_V))
            return i;
    }
    return n;
}

/* Donate n pages at va into the pool: the frames leave the donor, are
 * zeroed, and join the unallocated list.  0, or -VE_* (pages already moved
 * stay moved and counted). */
static int donate_batch(struct request *r, struct donor *d, uint64_t va, uint64_t n, uint32_t *batch)
{
    uint64_t done, k = r->test_flags & VLM_TEST_DONATE_NOMEM ? test_nomem_at(va, n) : n;
    int err = vm_donate(curproc, va, k, batch, &done);

    if (!err && k < n)
        err = -VE_NOMEM;                              /* the test aid's failure */

    zero_frames(batch, done);
    if (hp_add_unallocated(&table, batch, (uint32_t)done))
        panic("donate_batch: the PAT has no room for %lu frames", (unsigned long)done);
    d->pages += done;
    r->registered += done;
    return err;
}

/* 812-814: ownership transfer of the piece; the PFNs go into the table. */
static int64_t fig8_812_register(uint64_t uarg)
{
    struct request *r;
    struct donor *d;
    struct vlm_donor_range g;
    uint32_t *batch = pfn_batch;
    int64_t err;

    if ((err = donor_report(uarg, &r, &d, &g)))
        return err;
    if (!d->piece_len || g.va != d->piece_va || g.length != d->piece_len)
        return -VE_INVAL;                             /* register what 804 reported */
    for (uint64_t off = 0; off < g.length && !err; off += BATCH << PAGE_SHIFT)
        err = donate_batch(r, d, g.va + off, MIN(BATCH, (g.length - off) >> PAGE_SHIFT), batch);
    d->piece_len = 0;
    if (err) {
        fig7_fail(r, err);
        return err;
    }
    step(r, 8, 812, "donor %d transferred ownership of %lu MiB; its PFNs are recorded",
         vproc_of(curproc)->donor, (unsigned long)(g.length >> 20));
    if (all_registered(r))
        wakeup(r);                                    /* FIG. 7 720 */
    return 0;
}

/* 814: the pending request: sleep holding the memory until the terminate
 * notification (0) or a cancellation (-VE_CANCELED).  A signal ends the
 * sleep with -VE_INTR (a stop and continue: the donor has no handlers); the
 * donor then issues the request again, and it sleeps on as D_HOLDING. */
static int64_t fig8_814_pending(void)
{
    struct request *r;
    struct donor *d = caller_donor(&r);

    if (!d)
        return -VE_PERM;
    if (d->state == D_STARTED) {
        if (d->pages << PAGE_SHIFT != d->bytes && !d->cancel)
            return -VE_INVAL;                         /* not everything registered yet */
        donor_to(d, D_HOLDING);
        step(r, 8, 814, "donor %d holds %lu MiB and sleeps on its pending request",
             vproc_of(curproc)->donor, (unsigned long)(d->bytes >> 20));
    } else if (d->state != D_HOLDING) {
        return -VE_INVAL;                             /* deallocated already */
    }
    while (!d->terminate && !d->cancel)
        if (sleep_on(d, 0))
            return -VE_INTR;
    return d->cancel ? -VE_CANCELED : 0;
}

/* 806-810 (and FIG. 10 1006): the donor deallocates and responds. */
static int64_t fig8_808_deallocate(void)
{
    struct request *r;
    struct donor *d = caller_donor(&r);

    if (!d)
        return -VE_PERM;
    if (d->state != D_STARTED && d->state != D_HOLDING)
        return -VE_INVAL;                             /* deallocated already */
    vm_undonate(curproc, d->pages);
    donor_to(d, D_DEALLOCATED);
    step(r, 8, 808, "donor %d deallocated %lu MiB (%s)", vproc_of(curproc)->donor,
         (unsigned long)mib(d->pages), d->cancel ? "request cancelled" : "terminate notification");
    step(r, 10, 1006, "driver received donor %d's response", vproc_of(curproc)->donor);
    d->pages = 0;
    return 0;
}

/* ---- FIG. 6 604-612: buffers and the 64-bit window ---------------------- */

/* 604: a buffer is a page range of one of the caller's handles. */
static int64_t fig6_604_buf_create(uint64_t uarg)
{
    struct vlm_buf b;
    struct request *r;

    if (copyin(curproc, &b, uarg, sizeof(b)))
        return -VE_FAULT;
    if (!(r = req_of_handle(b.handle)))
        return handle_error(b.handle);                /* not a handle of this process */
    if ((b.offset | b.length) & PAGE_MASK || !b.length || b.offset > r->pages << PAGE_SHIFT ||
        b.length > (r->pages << PAGE_SHIFT) - b.offset)
        return -VE_INVAL;
    for (int i = 0; i < NBUFS; i++) {
        if (bufs[i].used)
            continue;
        bufs[i] = (struct vbuf){ true, curproc->tgid, (int)(r - reqs), 0, b.offset >> PAGE_SHIFT,
                                 b.length >> PAGE_SHIFT };
        b.buf = i;
        step(r, 6, 604, "buffer %d: %lu MiB of handle %d", i,
             (unsigned long)(b.length >> 20), r->handle);
        return copyout(curproc, uarg, &b, sizeof(b)) ? -VE_FAULT : 0;
    }
    return -VE_AGAIN;
}

static struct vbuf *buf_of(int64_t i)
{
    if (i < 0 || i >= NBUFS || !bufs[i].used || bufs[i].owner != curproc->tgid)
        return NULL;
    return &bufs[i];
}

/* Remove mapping m from process p (its PTEs; the frames stay the driver's). */
static void unmap_one(struct proc *p, struct vmap *m)
{
    if (p)
        vm_unmap_window(p, m->va, m->npages);
    bufs[m->buf].maps--;
    m->used = false;
}

/* One of process pid's mappings overlapping [va, va + len), or NULL. */
static struct vmap *map_overlapping(int pid, uint64_t va, uint64_t len)
{
    for (int i = 0; i < NMAPS; i++) {
        struct vmap *m = &maps[i];
        if (m->used && m->owner == pid && m->va < va + len && va < m->va + (m->npages << PAGE_SHIFT))
            return m;
    }
    return NULL;
}

/* Remove the caller's mappings that overlap [va, va + len). */
static void unmap_range(uint64_t va, uint64_t len)
{
    struct vmap *m;

    /* LAB(vlmwin): BEGIN SOLUTION */
    /* LAB(vlmwin): STUB: (void)va, (void)len; */
    /* LAB(vlmwin): STUB: while ((m = map_overlapping(curproc->tgid, VLM_WINDOW, VLM_WINDOW_END - VLM_WINDOW))) */
    /* LAB(vlmwin): STUB:     unmap_one(curproc, m); */
    while ((m = map_overlapping(curproc->tgid, va, len)))
        unmap_one(curproc, m);
    /* LAB(vlmwin): END SOLUTION */
}

/* A window address for a mapping whose first frame is pfn0: the lowest one
 * clear of the caller's mappings, with the same offset in a 4 MiB block as
 * the frame, so aligned runs of frames can use granularity hints.  An
 * unmapped range is found again (the window is reused, never used up by
 * map/unmap cycles).  0 if no gap that large is left below VLM_WINDOW_END.
 * Each step moves past one mapping, so at most NMAPS steps. */
static uint64_t window_va(uint32_t pfn0, uint64_t len)
{
    struct vmap *m;

    /* LAB(vlmwin): BEGIN SOLUTION */
    /* LAB(vlmwin): STUB: uint64_t va = VLM_WINDOW; */
    /* LAB(vlmwin): STUB: (void)pfn0; */
    /* LAB(vlmwin): STUB: while (va < VLM_WINDOW_END && len <= VLM_WINDOW_END - va) { */
    /* LAB(vlmwin): STUB:     if (!(m = map_overlapping(curproc->tgid, va, len))) */
    /* LAB(vlmwin): STUB:         return va; */
    /* LAB(vlmwin): STUB:     va = m->va + (m->npages << PAGE_SHIFT); */
    /* LAB(vlmwin): STUB: } */
    uint64_t off = ((uint64_t)pfn0 << PAGE_SHIFT) & (GH3_BYTES - 1), va = VLM_WINDOW + off;

    while (va < VLM_WINDOW_END && len <= VLM_WINDOW_END - va) {
        if (!(m = map_overlapping(curproc->tgid, va, len)))
            return va;
        va = ROUNDUP(m->va + (m->npages << PAGE_SHIFT) - off, GH3_BYTES) + off;
    }
    /* LAB(vlmwin): END SOLUTION */
    return 0;
}

/* 606: map buffer pages into the caller's VLM window (PTEs built here). */
static int64_t fig6_606_map(uint64_t uarg)
{
    struct vlm_map mp;
    struct vbuf *b;
    int slot = -1;

    if (copyin(curproc, &mp, uarg, sizeof(mp)))
        return -VE_FAULT;
    if (!(b = buf_of(mp.buf)) || (mp.offset | mp.length | mp.va) & PAGE_MASK || !mp.length ||
        mp.offset > b->npages << PAGE_SHIFT || mp.length > (b->npages << PAGE_SHIFT) - mp.offset ||
        mp.flags & ~(uint32_t)(VLM_MAP_READONLY | VLM_MAP_REPLACE))
        return -VE_INVAL;
    for (int i = 0; i < NMAPS && slot < 0; i++)
        if (!maps[i].used)
            slot = i;
    if (slot < 0)
        return -VE_AGAIN;
    struct request *r = &reqs[b->req];
    const uint32_t *pfns = hp_pages(&table, (uint32_t)r->handle) + b->first + (mp.offset >> PAGE_SHIFT);
    uint64_t n = mp.length >> PAGE_SHIFT;
    if (!mp.va && !(mp.va = window_va(pfns[0], mp.length)))
        return -VE_NOMEM;                             /* no gap that large left in the window */
    if (!vm_window_range_ok(mp.va, n))
        return -VE_INVAL;                             /* only inside the window */
    if (mp.flags & VLM_MAP_REPLACE)
        unmap_range(mp.va, mp.length);                /* windowed remapping */
    int64_t built = vm_map_window(curproc, mp.va, pfns, n, !(mp.flags & VLM_MAP_READONLY), &mp.gh_ptes);
    if (built < 0)
        return built;
    maps[slot] = (struct vmap){ true, curproc->tgid, mp.buf, mp.va, n };
    b->maps++;
    r->ptes += (uint64_t)built;
    mp.ptes = (uint64_t)built;
    step(r, 6, 606, "mapped %lu MiB of buffer %d at %#lx: %ld PTEs, %lu in GH blocks",
         (unsigned long)(mp.length >> 20), mp.buf, (unsigned long)mp.va, (long)built,
         (unsigned long)mp.gh_ptes);
    return copyout(curproc, uarg, &mp, sizeof(mp)) ? -VE_FAULT : 0;
}

/* 610: unmap the mapping that starts at va. */
static int64_t fig6_610_unmap(uint64_t va)
{
    for (int i = 0; i < NMAPS; i++) {
        struct vmap *m = &maps[i];
        if (m->used && m->owner == curproc->tgid && m->va == va) {
            step(&reqs[bufs[m->buf].req], 6, 610, "unmapped %lu MiB at %#lx",
                 (unsigned long)mib(m->npages), (unsigned long)va);
            unmap_one(curproc, m);
            return 0;
        }
    }
    return -VE_INVAL;
}

/* 612: release a buffer (its mappings must be gone: 610 comes first). */
static int64_t fig6_612_buf_release(int64_t i)
{
    struct vbuf *b = buf_of(i);

    if (!b)
        return -VE_INVAL;
    if (b->maps)
        return -VE_BUSY;
    step(&reqs[b->req], 6, 612, "buffer %ld released", (long)i);
    b->used = false;
    return 0;
}

/* Drop every mapping and buffer of request r (VLM_FREE, exit, shutdown). */
static void release_views(struct request *r)
{
    struct proc *p = proc_with_space(r->consumer);   /* its leader may have exited first */
    int ri = (int)(r - reqs);

    for (int i = 0; i < NMAPS; i++)
        if (maps[i].used && bufs[maps[i].buf].req == ri)
            unmap_one(p, &maps[i]);
    for (int i = 0; i < NBUFS; i++)
        if (bufs[i].used && bufs[i].req == ri)
            bufs[i].used = false;
}

/* ---- FIG. 9: read and write requests through the driver ----------------- */

/* 900-902: copy between the caller and a handle at a 64-bit offset, one
 * frame at a time through the table (PAT[HAT[h] + 1 + page]). */
static int64_t fig9_900_rw(uint64_t uarg, bool write)
{
    struct vlm_rw rw;
    struct request *r;

    if (copyin(curproc, &rw, uarg, sizeof(rw)))
        return -VE_FAULT;
    if (!(r = req_of_handle(rw.handle)))
        return handle_error(rw.handle);
    uint64_t size = r->pages << PAGE_SHIFT, done = 0;
    if (rw.offset > size || rw.length > size - rw.offset)
        return -VE_INVAL;
    while (done < rw.length) {
        uint64_t off = rw.offset + done, chunk = MIN(rw.length - done, PAGE_SIZE - (off & PAGE_MASK));
        uint8_t *k = (uint8_t *)PFN_TO_KVA(hp_page(&table, (uint32_t)r->handle, off >> PAGE_SHIFT)) +
                     (off & PAGE_MASK);
        if (write ? copyin(curproc, k, rw.buf + done, chunk) : copyout(curproc, rw.buf + done, k, chunk))
            return -VE_FAULT;
        done += chunk;
    }
    return (int64_t)done;
}

/* ---- FIG. 10: deallocation ----------------------------------------------- */

/* Give the handle's frames back and tell its donors to go (1002-1004). */
static void fig10_1002_terminate(struct request *r)
{
    /* LAB(vlm): BEGIN SOLUTION */
    /* LAB(vlm): STUB: release_views(r); */
    /* LAB(vlm): STUB: wake_donors(r, false); */
    uint64_t n = hp_count(&table, (uint32_t)r->handle);

    release_views(r);
    hp_free(&table, (uint32_t)r->handle);
    pool_release(n);
    direct_return(r->consumer, r->direct);
    r->handle = -1;
    for (int i = 0; i < r->ndonors; i++)
        if (r->d[i].state != D_GONE)
            step(r, 10, 1002, "terminate notification to donor %d", i + 1);
    wake_donors(r, false);
    step(r, 10, 1004, "every donor notified; %lu MiB returned", (unsigned long)mib(n));
    /* LAB(vlm): END SOLUTION */
}

/* 1000-1012: the consumer frees a handle; answered when every donor is gone. */
static int64_t fig10_1000_free(int64_t h)
{
    struct request *r = req_of_handle(h);

    if (!r)
        return handle_error(h);
    step(r, 10, 1000, "consumer pid %d frees handle %ld", curproc->tgid, (long)h);
    req_to(r, R_FREEING);
    fig10_1002_terminate(r);
    while (r->live > 0)
        if (sleep_on(r, 0)) {
            req_to(r, R_ORPHAN);
            r->consumer = 0;
            return -VE_INTR;
        }
    step(r, 10, 1012, "all donors gone: the consumer is answered");
    req_to(r, R_FREE);
    return 0;
}

/* ---- abnormal shutdown, and processes that end -------------------------- */

/* End request r whatever its state: its consumer no longer owns it. */
static void req_abandon(struct request *r, int err, bool cancel)
{
    /* LAB(vlm): BEGIN SOLUTION */
    /* LAB(vlm): STUB: (void)err; (void)cancel; */
    if (r->state == R_ALLOCATING) {
        fig7_fail(r, err);
    } else if (r->state == R_READY) {
        req_to(r, R_FREEING);
        fig10_1002_terminate(r);
        if (cancel)
            wake_donors(r, true);                     /* the cancellation is the notification */
    }
    /* LAB(vlm): END SOLUTION */
    if (r->state != R_FREE) {
        req_to(r, R_ORPHAN);
        r->consumer = 0;
        req_maybe_free(r);
    }
}

/* VLM_SHUTDOWN: the abnormal shutdown of the driver.  Every pending donor
 * request is cancelled, and that cancellation is the donors' terminate
 * notification; every handle is freed and its consumer loses it.  That is
 * pid 1's privilege (it speaks for the whole machine); any other caller
 * shuts down only its own requests, so no process can take another's
 * handles away. */
static int64_t vlm_shutdown(void)
{
    bool all = curproc->tgid == 1;

    if (all)
        kprintf("vlm: driver shutdown: cancelling every pending request\n");
    for (int i = 0; i < NREQ; i++) {
        struct request *r = &reqs[i];
        if (!all && r->consumer != curproc->tgid)
            continue;                        /* another's, or orphaned: not the caller's */
        switch (r->state) {
        case R_ALLOCATING:                       /* its consumer wakes with -VE_CANCELED */
            fig7_fail(r, -VE_CANCELED);
            break;
        case R_READY:
            req_abandon(r, -VE_CANCELED, true);
            break;
        case R_FAILING: case R_FREEING: case R_ORPHAN:
            wake_donors(r, true);                /* donors still holding: cancel them */
            break;
        default:
            break;
        }
    }
    return 0;
}

/* FIG. 10 1008-1010 for a donor that ended, normally or not. */
static void donor_exit(struct proc *p, const struct vlm_proc *v)
{
    struct request *r = &reqs[v->req];
    struct donor *d = &r->d[v->donor - 1];

    if (r->state == R_ALLOCATING && d->pages << PAGE_SHIFT != d->bytes)
        fig7_fail(r, -VE_CANCELED);                   /* it ended before registering */
    donor_to(d, D_GONE);
    r->live--;
    step(r, 10, 1008, "donor %d (pid %d) terminated", v->donor, p->tgid);
    if (r->live == 0 && r->ndonors)
        step(r, 10, 1010, "every donor has terminated");
    req_maybe_free(r);
}

/* The kdriver_ops proc_exit (vlm.h): p's requests end, its record goes. */
static void vlm_proc_exit(struct proc *p)
{
    struct vlm_proc *v = vproc_of(p);

    if (!v)
        return;                                       /* it never used the driver */
    if (v->role == VLM_ROLE_DONOR) {
        donor_exit(p, v);
    } else {
        for (int i = 0; i < NREQ; i++)
            if (reqs[i].consumer == p->tgid && reqs[i].state != R_FREE)
                req_abandon(&reqs[i], -VE_INTR, false);
    }
    *v = (struct vlm_proc){ 0 };
    p->leader->drvdata = NULL;
}

/* The kdriver_ops proc_fork: a donor is never forked (its pages are the
 * pool's to take; a copy of it would be a donor nobody accounts for).  A
 * consumer's child starts with no handles and an empty window: a handle
 * has one consumer (the patent's model), and the window is not copied. */
static int vlm_proc_fork(struct proc *parent, struct proc *child)
{
    const struct vlm_proc *v = vproc_of(parent);

    (void)child;
    return v && v->role == VLM_ROLE_DONOR ? -VE_PERM : 0;
}

/* ---- the device ---------------------------------------------------------- */

static int64_t vlm_stat(uint64_t uarg)
{
    struct vlm_stat st;
    struct request *r;

    if (copyin(curproc, &st, uarg, sizeof(st)))
        return -VE_FAULT;
    int h = st.handle;
    memset(&st, 0, sizeof(st));
    st.handle = h;
    if (h >= 0) {
        if (!(r = req_of_handle(h)))
            return handle_error(h);
        st.donors = (uint32_t)r->ndonors;
        st.pages = r->pages;
        st.direct_pages = r->direct;
        st.ptes_built = r->ptes;
        st.us_alloc = time_ns(r->t_ready - r->t0) / 1000;
        for (int i = 0; i < NBUFS; i++)
            st.buffers += bufs[i].used && bufs[i].req == r - reqs;
        for (int i = 0; i < NMAPS; i++)
            if (maps[i].used && bufs[maps[i].buf].req == r - reqs)
                st.mapped_pages += maps[i].npages;
    }
    for (int i = 0; i < NREQ; i++) {
        st.drv_handles += reqs[i].handle >= 0 && reqs[i].state == R_READY;
        for (int k = 0; k < reqs[i].ndonors && reqs[i].state != R_FREE; k++)
            st.drv_donors += reqs[i].d[k].state != D_GONE && reqs[i].d[k].state != D_NONE;
    }
    st.drv_frames = frames_in_state(FR_VLM);
    st.drv_unallocated = hp_unallocated(&table);
    st.drv_pat_entries = table.size;
    return copyout(curproc, uarg, &st, sizeof(st)) ? -VE_FAULT : 0;
}

/* The kdriver_ops audit (vlm.h): the driver's share of the global commit
 * (vlm_pool + vlm_reserved) and the largest direct allowance in use. */
static void vlm_audit(struct vmemaudit *au)
{
    au->vlm_pool += hp_unallocated(&table);
    for (int i = 0; i < NREQ; i++) {
        if (reqs[i].state == R_FREE)
            continue;
        au->vlm_reserved += reqs[i].direct_reserved;
        if (reqs[i].handle >= 0)
            au->vlm_pool += hp_count(&table, (uint32_t)reqs[i].handle);
    }
    for (int i = 0; i < NPROC; i++)
        au->max_direct = MAX(au->max_direct, vprocs[i].direct);
}

/* The receiving routine of FIG. 4's command processing module. */
static int64_t vlm_ioctl(struct file *f, uint64_t cmd, uint64_t arg)
{
    (void)f;
    switch (cmd) {
    case VLM_ALLOC:            return fig7_700_alloc(arg);
    case VLM_BUF_CREATE:       return fig6_604_buf_create(arg);
    case VLM_MAP:              return fig6_606_map(arg);
    case VLM_UNMAP:            return fig6_610_unmap(arg);
    case VLM_BUF_RELEASE:      return fig6_612_buf_release((int64_t)arg);
    case VLM_FREE:             return fig10_1000_free((int64_t)arg);
    case VLM_READ:             return fig9_900_rw(arg, false);
    case VLM_WRITE:            return fig9_900_rw(arg, true);
    case VLM_STAT:             return vlm_stat(arg);
    case VLM_SHUTDOWN:         return vlm_shutdown();
    case VLM_DONOR_WAIT_CMD:   return fig8_800_wait_command(arg);
    case VLM_DONOR_ALLOCATED:  return fig8_804_allocated(arg);
    case VLM_DONOR_REGISTER:   return fig8_812_register(arg);
    case VLM_DONOR_PENDING:    return fig8_814_pending();
    case VLM_DONOR_DEALLOCATE: return fig8_808_deallocate();
    default:                   return -VE_NOTTY;
    }
}

static const struct file_ops vlm_ops = { .ioctl = vlm_ioctl };
static const struct device vlm_dev = { VLM_DEVICE, &vlm_ops, NULL };

/* The PAT: one entry per frame of RAM plus headers, contiguous, so carved
 * with boot_alloc before frames_init. */
static void vlm_boot_reserve(void)
{
    uint64_t n = (boot.ram_size >> PAGE_SHIFT) + NHANDLES + 1;

    if (n > 0xFFFFFFFFu)
        panic("vlm_boot_reserve: %lu frames do not fit 32-bit PAT entries", (unsigned long)n);
    hp_init(&table, hat_store, NHANDLES, boot_alloc(n * sizeof(uint32_t)), (uint32_t)n);
}

static void vlm_init(void)
{
    dev_register(&vlm_dev);
}

static const struct kdriver_ops vlm_driver = {
    .name = "vlm", .boot_reserve = vlm_boot_reserve, .init = vlm_init,
    .proc_exit = vlm_proc_exit, .proc_fork = vlm_proc_fork, .audit = vlm_audit,
};
KDRIVER(vlm_driver);
