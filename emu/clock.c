/*
 * clock.c — see clock.h.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "emu/clock.h"
#include "emu/console.h"
#include "emu/cpu.h"
#include "emu/gvm.h"
#include "emu/ucx.h"

#define NS_PER_INSN  10                 /* host mode: nominal 100 MIPS */
#define BLOCK_CACHE  (1u << 16)
#define BLOCK_READ_MAX 4096             /* bytes of a block read at once (QEMU's TBs are smaller) */

/* Instruction count of a translated block, keyed by its VA, size, mode and ASN. */
struct block_count {
    uint64_t addr;
    uint32_t size;
    uint16_t tag;                       /* mode << 8 | asn, + 1 so 0 means empty */
    uint16_t insns;
    uint8_t  ctr_rd;                    /* its last instruction reads a user counter into x[rd] */
    uint32_t gen;                       /* valid while it equals the cache's generation */
};

/* The user counters a program can read (Zicntr): cycle, time, instret. */
#define CSR_CYCLE    0xC00u
#define CSR_INSTRET  0xC02u

/* x[rd] if insn only reads cycle, time or instret (csrrs/csrrc with rs1 = 0,
 * csrrsi/csrrci with uimm = 0: rdcycle and its kin), else 0. */
static unsigned counter_read_rd(uint32_t insn)
{
    unsigned f3 = (insn >> 12) & 7, csr = insn >> 20;

    if ((insn & 0x7F) != 0x73 || (f3 & 3) < 2 || ((insn >> 15) & 31) != 0 ||
        csr < CSR_CYCLE || csr > CSR_INSTRET)
        return 0;
    return (insn >> 7) & 31;
}

static uint64_t host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Instructions in the block [addr, addr + size) (RVC: 2 or 4 bytes each),
 * counting those whose first half-word could be read, and in *last the
 * block's last instruction (0 if unreadable).  The block is read with one
 * walk, not one per instruction: a new block's count was most of icount's
 * start-up cost (docs/design.md, "Start-up").  QEMU's blocks hold at most
 * 512 instructions, so BLOCK_READ_MAX bytes always hold one. */
static uint16_t count_insns(struct machine *m, uint64_t addr, uint32_t size, uint32_t *last)
{
    uint8_t buf[BLOCK_READ_MAX];
    size_t got = 0;
    uint16_t n = 0;

    gvm_copy(m, &m->space, m->mode, 0, addr, buf, size < sizeof(buf) ? size : sizeof(buf), &got);
    *last = 0;
    for (size_t off = 0; off + 2 <= got; n++) {
        uint32_t insn = (uint32_t)buf[off] | (uint32_t)buf[off + 1] << 8;
        size_t len = (insn & 3) == 3 ? 4 : 2;
        if (len == 4 && off + 4 <= got)
            insn |= (uint32_t)buf[off + 2] << 16 | (uint32_t)buf[off + 3] << 24;
        *last = insn;
        off += len;
    }
    return n;
}

static const struct block_count *block_lookup(struct machine *m, uint64_t addr, uint32_t size)
{
    struct block_count *bc = m->blockcache;
    uint16_t tag = (uint16_t)(((unsigned)m->mode << 8 | m->asn) + 1);
    struct block_count *e = &bc[((addr >> 1) ^ (addr >> 17)) & (BLOCK_CACHE - 1)];
    uint32_t last;

    if (e->addr != addr || e->size != size || e->tag != tag || e->gen != m->block_gen) {
        e->addr = addr;
        e->size = size;
        e->tag = tag;
        e->gen = m->block_gen;
        e->insns = count_insns(m, addr, size, &last);
        e->ctr_rd = (uint8_t)counter_read_rd(last);
    }
    return e;
}

/*
 * --clock icount: a user read of cycle, time or instret gives the
 * instructions retired before it, so runs stay repeatable (Unicorn 2.1.4
 * reads host ticks for cycle and instret, and traps time).  QEMU ends a
 * block after every CSR instruction, so such a read is its block's last:
 * its value is known at the block's start, and stored into x[rd] at the
 * start of the next block, at the pc after it, in the same address space
 * (an interrupt in between delays the store, not the value).
 */
static void user_counters(struct machine *m, uint64_t addr, const struct block_count *b)
{
    __typeof__(m->ctr_pending[0]) *p = &m->ctr_pending[m->asn & ((1u << ASN_BITS) - 1)];

    if (m->cfg.clock != CLOCK_ICOUNT || m->mode != MODE_USER)
        return;
    if (p->pc == addr && p->rd) {
        if (UC_CHECK(uc_reg_write(m->uc, UC_RISCV_REG_X0 + (int)p->rd, &p->value)))
            machine_panic(__func__, "cannot write x%u", p->rd);
        p->pc = 0;
    }
    if (b->ctr_rd) {
        p->pc = addr + b->size;
        p->value = m->icount + b->insns - 1u;
        p->rd = b->ctr_rd;
    }
}

bool clock_counter_trap(struct machine *m, uint64_t pc)
{
    uint32_t insn = 0;
    unsigned rd;

    if (m->cfg.clock != CLOCK_ICOUNT || m->mode != MODE_USER ||
        gvm_read(m, pc, &insn, 4, m->mode) || !(rd = counter_read_rd(insn)))
        return false;
    uint32_t last;
    cpu_x(m)[rd] = m->block_icount + count_insns(m, m->block_pc, (uint32_t)(pc - m->block_pc), &last);
    *cpu_pc(m) = pc + 4;
    return true;
}

/* Instruction counting (icount mode, --max-insns). */
static void count_block(struct machine *m, uint64_t addr, uint32_t size)
{
    const struct block_count *b = block_lookup(m, addr, size);

    user_counters(m, addr, b);
    m->block_icount = m->icount;
    m->icount += b->insns;
    if (m->cfg.clock == CLOCK_ICOUNT && m->icount >= m->next_tick) {
        while (m->next_tick <= m->icount)
            m->next_tick += m->cfg.quantum;
        atomic_store(&m->tick_due, true);
        if (m->ipl < IPL_CLOCK)
            machine_request_stop(m, STOP_TICK);
    }
    if (m->cfg.max_insns && m->icount >= m->cfg.max_insns)
        machine_request_stop(m, STOP_MAXINSN);
    if (m->view_at && m->icount >= m->view_at)
        machine_request_stop(m, STOP_VIEW);         /* a --screenshot-at is due */
}

/* Host clock, nothing counted, and Unicorn's exit checks after loads and
 * stores still on (cpu.c block_exits_only failed): only stop here, at a
 * block start.  A stop that lands mid-block after the store of an atomic
 * (amo*, sc) resumes at that same instruction on Unicorn 2.1.4, which then
 * runs twice: an amoadd adds twice, an lr/sc increment loop counts twice
 * (glibc's locks and futex words went wrong: user-space deadlocks). */
static void stop_hook(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
    struct machine *m = user;

    (void)addr, (void)size;
    if (atomic_load_explicit(&m->stop, memory_order_relaxed))
        uc_emu_stop(uc);       /* not UC_CHECK'd: it cannot fail while running */
}

/* Counting modes (icount, --max-insns, --trace): count the block before it
 * runs, and stop here, at a block start, so that a stop never splits a block
 * whose instructions were already counted. */
static void block_hook(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
    struct machine *m = user;

    m->block_pc = addr;                 /* the trace's pc for fill records */
    count_block(m, addr, size);
    stop_hook(uc, addr, size, user);
}

/* Host clock: mark a tick due and wake whoever waits for it (wtint). */
static void host_tick(struct machine *m)
{
    pthread_mutex_lock(&m->tick_lock);
    atomic_store(&m->tick_due, true);
    pthread_cond_broadcast(&m->tick_cond);
    pthread_mutex_unlock(&m->tick_lock);
    machine_request_stop(m, STOP_TICK);
}

/* The host-clock timer thread: a tick every quantum x 10 ns of host time, on
 * absolute deadlines (a late tick does not delay the next ones; ticks missed
 * while the host was busy are dropped, not bunched).  It requests a stop
 * (taken at the next block start) even while IPL >= 5: the tick then stays
 * pending and the run loop resumes at once, which costs one restart. */
static void *host_timer(void *arg)
{
    struct machine *m = arg;
    uint64_t period = m->cfg.quantum * NS_PER_INSN, next = host_ns() + period;

    while (!atomic_load(&m->timer_quit)) {
        struct timespec ts = { (time_t)(next / 1000000000u), (long)(next % 1000000000u) };
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
        if (atomic_load(&m->timer_quit))
            break;
        uint64_t now = host_ns();
        next += period;
        if (next <= now)
            next = now + period;
        host_tick(m);
    }
    return NULL;
}

int clock_init(struct machine *m)
{
    uc_hook h;

    m->next_tick = m->cfg.quantum;
    m->counting = m->cfg.clock == CLOCK_ICOUNT || m->cfg.max_insns || m->cfg.trace_path;
    if (m->counting) {
        m->blockcache = calloc(BLOCK_CACHE, sizeof(struct block_count));
        if (!m->blockcache) {
            fprintf(stderr, "clock: out of memory\n");
            return -1;
        }
        if (UC_CHECK(uc_hook_add(m->uc, &h, UC_HOOK_BLOCK, (void *)block_hook, m, 1, 0)))
            return -1;
    }
    if (m->cfg.clock != CLOCK_HOST)
        return 0;
    /* Host clock.  Stops must land at block starts, never inside an atomic
     * instruction (docs/design.md, "Stopping the CPU"): Unicorn does that by
     * itself once its per-access exit checks are off; else, unless a block
     * hook counts, a hook that only stops. */
    if (!m->counting && !m->block_exits_only &&
        UC_CHECK(uc_hook_add(m->uc, &h, UC_HOOK_BLOCK, (void *)stop_hook, m, 1, 0)))
        return -1;
    pthread_mutex_init(&m->tick_lock, NULL);
    pthread_cond_init(&m->tick_cond, NULL);
    if (pthread_create(&m->timer, NULL, host_timer, m) != 0) {
        fprintf(stderr, "clock: cannot start the host timer thread\n");
        return -1;
    }
    m->timer_running = true;
    return 0;
}

void clock_stop(struct machine *m)
{
    if (m->timer_running) {
        atomic_store(&m->timer_quit, true);
        pthread_join(m->timer, NULL);
        pthread_cond_destroy(&m->tick_cond);
        pthread_mutex_destroy(&m->tick_lock);
        m->timer_running = false;
    }
    free(m->blockcache);
    m->blockcache = NULL;
}

uint64_t clock_now(struct machine *m)
{
    static uint64_t boot_ns;

    if (m->cfg.clock == CLOCK_ICOUNT)
        return m->icount;
    if (!boot_ns)
        boot_ns = host_ns();
    return (host_ns() - boot_ns) / NS_PER_INSN;
}

/* Interactive icount: let up to `skip` ticks pass in real time, one at a
 * time, stopping early when input arrives (a key must not wait out a sleep).
 * Returns the ticks that passed.  Only wall-clock time changes: the ticks
 * still land on the same virtual times. */
static uint64_t pace(struct machine *m, uint64_t skip)
{
    uint64_t ns = m->cfg.quantum * NS_PER_INSN, n = 0;
    struct timespec ts = { (time_t)(ns / 1000000000u), (long)(ns % 1000000000u) };

    while (n < skip && !console_ready()) {
        nanosleep(&ts, NULL);
        n++;
    }
    return n;
}

uint64_t clock_wait_tick(struct machine *m, uint64_t max_ticks)
{
    if (atomic_load(&m->tick_due))
        return 0;
    if (max_ticks < 1)
        max_ticks = 1;
    if (m->cfg.clock == CLOCK_ICOUNT) {
        /* Nothing runs while the CPU waits: jump virtual time to the tick. */
        uint64_t skip = max_ticks - 1;
        if (m->pace_idle)
            skip = pace(m, skip);
        if (skip > (UINT64_MAX - m->next_tick) / m->cfg.quantum)
            skip = 0;
        m->icount = m->next_tick + skip * m->cfg.quantum;
        m->next_tick = m->icount + m->cfg.quantum;
        atomic_store(&m->tick_due, true);
        if (m->cfg.max_insns && m->icount >= m->cfg.max_insns)
            machine_request_stop(m, STOP_MAXINSN);
        return skip + 1;
    }
    /* Host clock: sleep until the timer thread's next tick. */
    pthread_mutex_lock(&m->tick_lock);
    while (!atomic_load(&m->tick_due))
        pthread_cond_wait(&m->tick_cond, &m->tick_lock);
    pthread_mutex_unlock(&m->tick_lock);
    return 1;
}

/* A new generation rather than a memset of the 1.5 MiB cache: tbiap comes
 * at every exec and exit, and most of the cache was never touched. */
void clock_forget_blocks(struct machine *m)
{
    if (++m->block_gen == 0 && m->blockcache) {   /* wrapped: old entries could match again */
        memset(m->blockcache, 0, BLOCK_CACHE * sizeof(struct block_count));
        m->block_gen = 1;
    }
}
