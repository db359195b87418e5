/*
 * vlmdb — a database buffer cache in VLM memory (the patent's motivating use).
 *
 *     vlmdb [--data SIZE] [--vlm SIZE] [--ops N] [--skew S] [--disk-us US]
 *
 * A page-structured key-value store: 8 KiB pages of 64 records of 128
 * bytes (key, then a value derived from it).  Reading a page from "disk"
 * builds its records and, in the measured phase, waits US microseconds
 * (default 50, an SSD read; a busy wait: the kernel sleeps in ticks).  A
 * buffer cache with CLOCK replacement and a hash index serves lookups of
 * Zipf-distributed keys (exponent S, default 0.99), in steady state (each
 * cache is warmed by a scan of the table first).  The same load runs
 * twice, in one run:
 *   - with a cache of --vlm bytes in VLM memory (one handle, mapped into the
 *     64-bit window), which may be far more than one process's limit;
 *   - with a cache capped at the per-process limit (ordinary valloc memory,
 *     the limit less what the index and program need).
 * Every lookup checks its record.  Prints hit rate and throughput of both.
 * Defaults: 6 GiB of data, an 8 GiB VLM cache, 1000000 lookups.
 * Exit status 0 if every record read back right.
 */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "workloads/lib/vlmlib.h"
#include "workloads/lib/vlmos_user.h"

#define PAGE     8192UL
#define RECS     64                      /* records per page */
#define RECSZ    (PAGE / RECS)
#define MiB      (1UL << 20)

struct cache {
    const char *name;
    uint8_t *frames;                     /* nframes pages */
    uint64_t nframes;
    uint64_t *page_of;                   /* frame -> page + 1 (0 = empty) */
    uint8_t *ref;                        /* CLOCK reference bits */
    uint64_t *index;                     /* open addressing: page + 1 -> frame + 1 */
    uint64_t index_size, hand;
    uint64_t hits, misses, bad;
    double disk_s;                       /* latency of a disk read, 0 while warming */
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t mix(uint64_t x)
{
    x ^= x >> 33; x *= 0xFF51AFD7ED558CCDUL; x ^= x >> 33; x *= 0xC4CEB9FE1A85EC53UL;
    return x ^ (x >> 33);
}

/* "Disk": page p's records, built deterministically. */
static void disk_read(uint64_t p, uint8_t *dst)
{
    for (int r = 0; r < RECS; r++) {
        uint64_t *rec = (uint64_t *)(dst + r * RECSZ), key = p * RECS + (uint64_t)r;
        rec[0] = key;
        for (unsigned w = 1; w < RECSZ / 8; w++)
            rec[w] = mix(key * 16 + w);
    }
}

/* ---- the hash index ------------------------------------------------------ */

static uint64_t *slot_of(struct cache *c, uint64_t page)
{
    uint64_t i = mix(page) & (c->index_size - 1);
    while (c->index[2 * i] && c->index[2 * i] != page + 1)
        i = (i + 1) & (c->index_size - 1);
    return &c->index[2 * i];
}

/* Remove page from the index, keeping linear probing intact (backward shift). */
static void index_del(struct cache *c, uint64_t page)
{
    uint64_t mask = c->index_size - 1, i = (uint64_t)(slot_of(c, page) - c->index) / 2;
    c->index[2 * i] = 0;
    for (uint64_t j = (i + 1) & mask; c->index[2 * j]; j = (j + 1) & mask) {
        uint64_t k = mix(c->index[2 * j] - 1) & mask;
        if ((j > i && (k <= i || k > j)) || (j < i && k <= i && k > j)) {
            c->index[2 * i] = c->index[2 * j];
            c->index[2 * i + 1] = c->index[2 * j + 1];
            c->index[2 * j] = 0;
            i = j;
        }
    }
}

/* ---- the cache ------------------------------------------------------------ */

static uint64_t clock_victim(struct cache *c)
{
    for (;;) {
        uint64_t f = c->hand;
        c->hand = (c->hand + 1) % c->nframes;
        if (!c->page_of[f] || !c->ref[f])
            return f;
        c->ref[f] = 0;
    }
}

static const uint8_t *get_page(struct cache *c, uint64_t page)
{
    uint64_t *s = slot_of(c, page);
    if (s[0]) {
        c->hits++;
        c->ref[s[1] - 1] = 1;
        return c->frames + (s[1] - 1) * PAGE;
    }
    c->misses++;
    uint64_t f = clock_victim(c);
    if (c->page_of[f])
        index_del(c, c->page_of[f] - 1);
    if (c->disk_s > 0)
        for (double t = now() + c->disk_s; now() < t; )
            ;
    disk_read(page, c->frames + f * PAGE);
    c->page_of[f] = page + 1;
    c->ref[f] = 1;
    s = slot_of(c, page);
    s[0] = page + 1;
    s[1] = f + 1;
    return c->frames + f * PAGE;
}

static void lookup(struct cache *c, uint64_t key)
{
    const uint64_t *rec = (const uint64_t *)(get_page(c, key / RECS) + (key % RECS) * RECSZ);
    c->bad += rec[0] != key || rec[1] != mix(key * 16 + 1) || rec[RECSZ / 8 - 1] != mix(key * 16 + RECSZ / 8 - 1);
}

/* Index and bookkeeping for n frames, in ordinary memory.  0 or -1. */
static int cache_init(struct cache *c, const char *name, uint8_t *frames, uint64_t n)
{
    memset(c, 0, sizeof(*c));
    c->name = name;
    c->frames = frames;
    c->nframes = n;
    c->index_size = 1;
    while (c->index_size < 2 * n)
        c->index_size <<= 1;
    c->index = calloc(c->index_size, 16);
    c->page_of = calloc(n, 8);
    c->ref = calloc(n, 1);
    return c->index && c->page_of && c->ref ? 0 : -1;
}

static void cache_free(struct cache *c)
{
    free(c->index);
    free(c->page_of);
    free(c->ref);
}

/* ---- the load: Zipf-distributed pages (Gray et al., SIGMOD 1994) --------- */

struct zipf {
    uint64_t n;
    double theta, alpha, zetan, eta, half_pow;
};

static void zipf_init(struct zipf *z, uint64_t n, double theta)
{
    double zeta2 = 1.0 + pow(0.5, theta);

    z->n = n;
    z->theta = theta;
    z->alpha = 1.0 / (1.0 - theta);
    z->zetan = 0;
    for (uint64_t i = 1; i <= n; i++)
        z->zetan += 1.0 / pow((double)i, theta);
    z->eta = (1.0 - pow(2.0 / (double)n, 1.0 - theta)) / (1.0 - zeta2 / z->zetan);
    z->half_pow = zeta2;
}

static uint64_t zipf_next(const struct zipf *z, uint64_t *rng)
{
    *rng = mix(*rng + 0x9E3779B97F4A7C15UL);
    double u = (double)(*rng >> 11) / 9007199254740992.0, uz = u * z->zetan;
    uint64_t rank = uz < 1.0 ? 0 : uz < z->half_pow ? 1
                  : (uint64_t)((double)z->n * pow(z->eta * u - z->eta + 1.0, z->alpha));
    if (rank >= z->n)
        rank = z->n - 1;
    return (rank * 2654435761UL) % z->n;            /* scatter the hot pages */
}

/* Warm up as a database does at start (a scan of the whole table, then
 * ops/4 lookups), then time ops lookups.  Steady state: what is measured is
 * the cache's size, not its emptiness. */
static double disk_us = 50;

static double run(struct cache *c, const struct zipf *z, uint64_t ops, uint64_t seed)
{
    uint64_t rng = seed;

    for (uint64_t p = 0; p < z->n; p++)
        lookup(c, p * RECS);
    for (uint64_t i = 0; i < ops / 4; i++)
        lookup(c, zipf_next(z, &rng) * RECS + (rng >> 20) % RECS);
    c->hits = c->misses = 0;
    c->disk_s = disk_us / 1e6;
    double t0 = now();
    for (uint64_t i = 0; i < ops; i++)
        lookup(c, zipf_next(z, &rng) * RECS + (rng >> 20) % RECS);
    return now() - t0;
}

static void report(const struct cache *c, double secs)
{
    printf("  %-22s %7lu MiB  %7.2f %%  %10.0f  %9lu\n", c->name,
           (unsigned long)(c->nframes * PAGE / MiB),
           100.0 * (double)c->hits / (double)(c->hits + c->misses),
           (double)(c->hits + c->misses) / secs, (unsigned long)c->misses);
}

static uint64_t parse_size(const char *s)
{
    char *end;
    uint64_t v = strtoull(s, &end, 10);
    return *end == 'G' || *end == 'g' ? v << 30 : *end == 'M' || *end == 'm' ? v << 20 :
           *end == 'K' || *end == 'k' ? v << 10 : v;
}

/* The cache capped at the limit: frames and index within one process's
 * commit (less 8 MiB for the program) and within its 2 GiB user space. */
static int run_capped(const struct zipf *z, uint64_t ops, uint64_t pages)
{
    struct vmeminfo m;
    struct cache c;
    uint8_t *frames = NULL;
    meminfo(&m);
    uint64_t room = (m.proc_limit - m.self_committed) * PAGE;
    uint64_t n = room > 8 * MiB ? (room - 8 * MiB) / (PAGE + 33) : 16;
    if (n > pages)
        n = pages;
    while (!(frames = vmem_alloc(NULL, n * PAGE, VA_RESERVE | VA_COMMIT)) && n > 32 * MiB / PAGE)
        n -= 32 * MiB / PAGE;                      /* the address space is the other limit */
    if (!frames || cache_init(&c, "limit-capped (valloc)", frames, n)) {
        fprintf(stderr, "vlmdb: capped cache: %s\n", strerror(errno));
        return -1;
    }
    double secs = run(&c, z, ops, 42);
    report(&c, secs);
    uint64_t bad = c.bad;
    cache_free(&c);
    vmem_free(frames, 0, VF_RELEASE);
    return bad ? -1 : 0;
}

/* The cache in VLM memory: one handle, mapped whole into the window. */
static int run_vlm(const struct zipf *z, uint64_t ops, uint64_t bytes)
{
    struct vlm_alloc info;
    struct cache c;
    int h = vlm_alloc(bytes, 0, &info), b = h >= 0 ? vlm_buf_create(h, 0, bytes) : -1;
    uint8_t *frames = b >= 0 ? vlm_map(b, 0, bytes, NULL, 0, NULL) : NULL;

    if (!frames || cache_init(&c, "VLM (64-bit window)", frames, bytes / PAGE)) {
        fprintf(stderr, "vlmdb: VLM cache: %s\n", strerror(errno));
        return -1;
    }
    double secs = run(&c, z, ops, 42);
    report(&c, secs);
    printf("  (VLM cache: %u donor(s), %lu MiB direct)\n", info.donors,
           (unsigned long)(info.direct / MiB));
    uint64_t bad = c.bad;
    cache_free(&c);
    vlm_unmap(frames);
    vlm_buf_release(b);
    vlm_free(h);
    return bad ? -1 : 0;
}

int main(int argc, char **argv)
{
    uint64_t data = 6UL << 30, vlm = 8UL << 30, ops = 1000000;
    double skew = 0.99;
    struct zipf z;

    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--data")) data = parse_size(argv[i + 1]);
        else if (!strcmp(argv[i], "--vlm")) vlm = parse_size(argv[i + 1]);
        else if (!strcmp(argv[i], "--ops")) ops = strtoull(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--skew")) skew = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--disk-us")) disk_us = atof(argv[i + 1]);
    }
    if (argc % 2 == 0 || data < PAGE || vlm < PAGE || !ops || skew <= 0 || skew >= 1 ||
        data % PAGE || vlm % PAGE || disk_us < 0) {
        fprintf(stderr, "usage: vlmdb [--data SIZE] [--vlm SIZE] [--ops N] [--skew 0<S<1] "
                "[--disk-us US]\n");
        return 2;
    }
    uint64_t pages = data / PAGE;
    zipf_init(&z, pages, skew);
    printf("vlmdb: %lu MiB of data (%lu pages, %lu keys), %lu Zipf(%.2f) lookups, "
           "%.0f us per disk read\n", (unsigned long)(data / MiB), (unsigned long)pages,
           (unsigned long)(pages * RECS), (unsigned long)ops, skew, disk_us);
    printf("  %-22s %11s  %9s  %10s  %9s\n", "cache", "size", "hit rate", "lookups/s", "misses");
    if (run_capped(&z, ops, pages) || run_vlm(&z, ops, vlm))
        return 1;
    printf("every record read back right\n");
    return 0;
}
