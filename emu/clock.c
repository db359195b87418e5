/*
 * clock.c — see clock.h.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "clock.h"
#include "console.h"
#include "pal.h"
#include "ucx.h"

#define NS_PER_INSN  10                 /* host mode: nominal 100 MIPS */
#define BLOCK_CACHE  (1u << 16)
#define HOST_POLL    4096               /* host mode: blocks between clock reads */

/* Instruction count of a translated block, keyed by its VA, size, mode and ASN. */
struct block_count {
    uint64_t addr;
    uint32_t size;
    uint16_t tag;                       /* mode << 8 | asn, + 1 so 0 means empty */
    uint16_t insns;
};

static uint64_t host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Count instructions in [addr, addr+size) by their length bits. */
static uint16_t count_insns(struct machine *m, uint64_t addr, uint32_t size)
{
    uint16_t n = 0;
    uint64_t end = addr + size;

    while (addr < end) {
        uint16_t lo;
        if (guest_copy(m, addr, &lo, 2, m->mode, false))
            break;
        addr += (lo & 3) == 3 ? 4 : 2;
        n++;
    }
    return n;
}

static uint16_t block_insns(struct machine *m, uint64_t addr, uint32_t size)
{
    struct block_count *bc = m->blockcache;
    uint16_t tag = (uint16_t)(((unsigned)m->mode << 8 | m->asn) + 1);
    struct block_count *e = &bc[((addr >> 1) ^ (addr >> 17)) & (BLOCK_CACHE - 1)];

    if (e->addr != addr || e->size != size || e->tag != tag) {
        e->addr = addr;
        e->size = size;
        e->tag = tag;
        e->insns = count_insns(m, addr, size);
    }
    return e->insns;
}

/* Instruction counting (icount mode, --max-insns). */
static void count_block(struct machine *m, uint64_t addr, uint32_t size)
{
    m->icount += block_insns(m, addr, size);
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

/* Host mode: every HOST_POLL blocks, read the host clock (vDSO, ~20 ns) and
 * mark a tick due when its time has come.  Polling from the CPU thread, not a
 * timer thread, keeps the emulator on one core (a 1 ms timer thread made
 * the random-access benchmark swing between 1.7 and 2.9 s). */
static void host_tick_poll(struct machine *m)
{
    if (--m->host_poll)
        return;
    m->host_poll = HOST_POLL;
    uint64_t now = host_ns();
    if (now < m->next_tick_ns)
        return;
    m->next_tick_ns = now + m->cfg.quantum * NS_PER_INSN;
    atomic_store(&m->tick_due, true);
    if (m->ipl < IPL_CLOCK)
        machine_request_stop(m, STOP_TICK);
}

/* The one place the CPU is stopped during a run: the start of a block. */
static void block_hook(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
    struct machine *m = user;

    m->block_pc = addr;                 /* the trace's pc for fill records */
    if (m->counting)
        count_block(m, addr, size);
    else
        host_tick_poll(m);
    if (atomic_load_explicit(&m->stop, memory_order_relaxed))
        uc_emu_stop(uc);       /* not UC_CHECK'd: it cannot fail while running */
}

int clock_init(struct machine *m)
{
    uc_hook h;

    m->next_tick = m->cfg.quantum;
    m->blockcache = calloc(BLOCK_CACHE, sizeof(struct block_count));
    if (!m->blockcache) {
        fprintf(stderr, "clock: out of memory\n");
        return -1;
    }
    m->counting = m->cfg.clock == CLOCK_ICOUNT || m->cfg.max_insns;
    m->host_poll = HOST_POLL;
    m->next_tick_ns = host_ns() + m->cfg.quantum * NS_PER_INSN;
    return UC_CHECK(uc_hook_add(m->uc, &h, UC_HOOK_BLOCK, (void *)block_hook, m, 1, 0));
}

void clock_stop(struct machine *m)
{
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
    /* Host clock: sleep until the tick's host time. */
    uint64_t now = host_ns();
    if (now < m->next_tick_ns) {
        uint64_t ns = m->next_tick_ns - now;
        struct timespec ts = { (time_t)(ns / 1000000000u), (long)(ns % 1000000000u) };
        nanosleep(&ts, NULL);
    }
    m->next_tick_ns = host_ns() + m->cfg.quantum * NS_PER_INSN;
    atomic_store(&m->tick_due, true);
    return 1;
}

void clock_forget_blocks(struct machine *m)
{
    if (m->blockcache)
        memset(m->blockcache, 0, BLOCK_CACHE * sizeof(struct block_count));
}
