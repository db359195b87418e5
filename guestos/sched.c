/*
 * sched.c — round-robin scheduler, ASNs, sleep/wakeup (see proc.h).
 */
#include "guestos/palcall.h"
#include "guestos/proc.h"

struct proc *curproc;
volatile bool need_resched;
volatile uint64_t ticks;

static struct proc *rq_head, *rq_tail;   /* FIFO of RUNNABLE processes */
static struct proc *idle;
static uint32_t asn_gen = 1;             /* generation of the ASNs handed out */
static unsigned asn_next = 1;            /* ASN 0 belongs to the idle process */

/* Kernel-stack switch through PAL swpctx (entry.S); FP save/restore (fpu.S). */
void swtch(uint64_t new_pcb_pa);
void fpu_save(uint64_t *fp);
void fpu_restore(const uint64_t *fp);

void sched_init(struct proc *idle_proc)
{
    idle = idle_proc;
    curproc = idle_proc;
    idle_proc->state = P_RUNNING;
}

void sched_ready(struct proc *p)
{
    p->state = P_RUNNABLE;
    p->rq_next = NULL;
    if (rq_tail)
        rq_tail->rq_next = p;
    else
        rq_head = p;
    rq_tail = p;
}

bool sched_has_runnable(void)
{
    return rq_head != NULL;
}

static struct proc *pick_next(void)
{
    struct proc *p = rq_head;

    if (!p)
        return idle;
    rq_head = p->rq_next;
    if (!rq_head)
        rq_tail = NULL;
    p->rq_next = NULL;
    return p;
}

/* Give p's address space an ASN of the current generation.  When the 8-bit
 * ASNs run out, start a new generation: tbiap drops every process entry,
 * and each space gets a fresh ASN the next time one of its threads runs. */
static void asn_assign(struct proc *p)
{
    struct vmspace *vm = p->vm;        /* threads share the space and its ASN */

    /* LAB(tlb): BEGIN SOLUTION */
    /* LAB(tlb): STUB: if (p == idle) */
    /* LAB(tlb): STUB:     return; */
    /* LAB(tlb): STUB: pal_tbi(TBI_IAP, 0); */
    /* LAB(tlb): STUB: vm->asn = 1; */
    /* LAB(tlb): STUB: vm->asn_gen = 0; */
    /* LAB(tlb): STUB: (void)asn_next, (void)asn_gen; */
    if (p == idle || vm->asn_gen == asn_gen)
        return;
    if (asn_next >= (1u << ASN_BITS)) {
        pal_tbi(TBI_IAP, 0);
        asn_gen++;
        asn_next = 1;
    }
    vm->asn = asn_next++;
    vm->asn_gen = asn_gen;
    /* LAB(tlb): END SOLUTION */
}

/* Load p's address space registers into its PCB for swpctx. */
static void pcb_prepare(struct proc *p)
{
    uint8_t *pcb = PA_TO_KVA(proc_pcb(p));
    uint32_t asn = p->vm->asn;

    *(uint64_t *)(pcb + PCB_PTBR) = p->vm->l1_pfn;
    memcpy(pcb + PCB_ASN, &asn, 4);
    if (*(uint64_t *)(pcb + PCB_SIZE) != KSTACK_CANARY)
        panic("sched_switch: kernel stack of pid %d overflowed", p->pid);
}

void sched_switch(void)
{
    unsigned s = pal_swpipl(IPL_MAX);
    struct proc *old = curproc, *new = pick_next();

    if (*(uint64_t *)((uint8_t *)PA_TO_KVA(proc_pcb(old)) + PCB_SIZE) != KSTACK_CANARY)
        panic("sched_switch: kernel stack of pid %d overflowed", old->pid);
    if (new != old) {
        asn_assign(new);
        pcb_prepare(new);
        fpu_save(old->fp);
        fpu_restore(new->fp);
        curproc = new;
        new->state = P_RUNNING;
        new->run_since = pal_rpcc();        /* a new process starts in the trampoline */
        swtch(proc_pcb(new));
        /* Back on old's stack: somebody switched to us. */
    }
    curproc->state = P_RUNNING;
    pal_swpipl(s);
}

void sched_reload_space(void)
{
    unsigned s = pal_swpipl(IPL_MAX);
    struct proc *p = curproc;

    p->vm->asn_gen = 0;                    /* the old image's TLB entries cannot match */
    asn_assign(p);
    pcb_prepare(p);
    swtch(proc_pcb(p));                 /* swpctx to itself: loads PTBR and ASN */
    pal_swpipl(s);
}

void sched_yield(void)
{
    if (!rq_head || curproc == idle)
        return;
    sched_ready(curproc);
    sched_switch();
}

/* ---- sleep and wakeup --------------------------------------------------- */

int sleep_on(const void *chan, uint64_t deadline)
{
    struct proc *p = curproc;

    if (p->killed || sig_interrupting(p))
        return -VE_INTR;
    p->chan = chan;
    p->wake_at = deadline;
    p->state = P_SLEEPING;
    sched_switch();
    p->chan = NULL;
    p->wake_at = 0;
    return p->killed || sig_interrupting(p) ? -VE_INTR : 0;
}

static void wake(struct proc *p)
{
    p->chan = NULL;
    p->wake_at = 0;
    sched_ready(p);
}

/* True if chan is one of a poller's channels (Linux's poll wait queues). */
static bool in_pollset(const struct proc *p, const void *chan)
{
    for (int i = 0; i < p->npollset; i++)
        if (p->pollset[i] == chan)
            return true;
    return false;
}

void wakeup(const void *chan)
{
    for (int i = 0; i < NPROC; i++) {
        struct proc *p = procs[i];
        if (p && p->state == P_SLEEPING && (p->chan == chan || in_pollset(p, chan)))
            wake(p);
    }
}

void sched_wake_timers(uint64_t now)
{
    sig_timers(now);                     /* SIGALRM wakes its sleeper too */
    for (int i = 0; i < NPROC; i++) {
        struct proc *p = procs[i];
        if (p && p->state == P_SLEEPING && p->wake_at && p->wake_at <= now)
            wake(p);
    }
}

uint64_t sched_next_deadline(void)
{
    uint64_t best = sig_next_deadline();

    for (int i = 0; i < NPROC; i++) {
        struct proc *p = procs[i];
        if (p && p->state == P_SLEEPING && p->wake_at && (!best || p->wake_at < best))
            best = p->wake_at;
    }
    return best;
}

/* Wake p if it sleeps, so that a kill takes effect. */
void sched_interrupt(struct proc *p)
{
    if (p->state == P_SLEEPING)
        wake(p);
}
