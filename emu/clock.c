/*
 * clock.c — see clock.h.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "clock.h"
#include "pal.h"
#include "ucx.h"

#define NS_PER_INSN  10                 /* host mode: nominal 100 MIPS */
#define BLOCK_CACHE  (1u << 16)

/* Instruction count of a translated block, keyed by its VA, size, mode and ASN. */
struct block_count {
    uint64_t addr;
    uint32_t size;
    uint16_t tag;                       /* mode << 8 | asn, + 1 so 0 means empty */
    uint16_t insns;
};

struct host_timer {
    pthread_t thread;
    atomic_bool quit;
    struct machine *m;
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
}

/* The one place the CPU is stopped during a run: the start of a block. */
static void block_hook(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
    struct machine *m = user;

    if (m->counting)
        count_block(m, addr, size);
    if (atomic_load_explicit(&m->stop, memory_order_relaxed))
        uc_emu_stop(uc);       /* not UC_CHECK'd: it cannot fail while running */
}

static void *host_timer_main(void *arg)
{
    struct host_timer *t = arg;
    uint64_t period = t->m->cfg.quantum * NS_PER_INSN;
    struct timespec ts = { (time_t)(period / 1000000000u), (long)(period % 1000000000u) };

    while (!atomic_load(&t->quit)) {
        nanosleep(&ts, NULL);
        atomic_store(&t->m->tick_due, true);
        machine_request_stop(t->m, STOP_TICK);
    }
    return NULL;
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
    if (UC_CHECK(uc_hook_add(m->uc, &h, UC_HOOK_BLOCK, (void *)block_hook, m, 1, 0)))
        return -1;
    if (m->cfg.clock == CLOCK_HOST) {
        struct host_timer *t = calloc(1, sizeof(*t));
        if (!t) {
            fprintf(stderr, "clock: out of memory\n");
            return -1;
        }
        t->m = m;
        if (pthread_create(&t->thread, NULL, host_timer_main, t) != 0) {
            fprintf(stderr, "clock: cannot start the host timer thread\n");
            free(t);
            return -1;
        }
        m->host_timer = t;
    }
    return 0;
}

void clock_stop(struct machine *m)
{
    struct host_timer *t = m->host_timer;

    if (t) {
        atomic_store(&t->quit, true);
        pthread_join(t->thread, NULL);
        free(t);
        m->host_timer = NULL;
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

uint64_t clock_wait_tick(struct machine *m, uint64_t max_ticks)
{
    if (atomic_load(&m->tick_due))
        return 0;
    if (max_ticks < 1)
        max_ticks = 1;
    if (m->cfg.clock == CLOCK_ICOUNT) {
        /* Nothing runs while the CPU waits: jump virtual time to the tick. */
        uint64_t skip = max_ticks - 1;
        if (skip > (UINT64_MAX - m->next_tick) / m->cfg.quantum)
            skip = 0;
        m->icount = m->next_tick + skip * m->cfg.quantum;
        m->next_tick = m->icount + m->cfg.quantum;
        atomic_store(&m->tick_due, true);
        if (m->cfg.max_insns && m->icount >= m->cfg.max_insns)
            machine_request_stop(m, STOP_MAXINSN);
        return max_ticks;
    }
    while (!atomic_load(&m->tick_due)) {
        struct timespec ts = { 0, 100000 };
        nanosleep(&ts, NULL);
    }
    return 1;
}

void clock_forget_blocks(struct machine *m)
{
    if (m->blockcache)
        memset(m->blockcache, 0, BLOCK_CACHE * sizeof(struct block_count));
}
