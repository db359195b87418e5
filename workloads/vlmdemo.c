/*
 * vlmdemo — the patent's example (FIG. 3): a consumer allocates far more
 * memory than one process may have, uses all of it, and gives it back.
 *
 *     vlmdemo [SIZE [WINDOW]]      default 10G through a 1G window
 *
 * 1. VLM_ALLOC(SIZE) with VLM_VERBOSE: the driver prints each step of
 *    FIG. 7/8 as it happens (donors started, allocated, registered; the
 *    direct part);
 * 2. one buffer over the whole handle, walked through a window of WINDOW
 *    bytes that is remapped piece by piece (FIG. 6 606 with VLM_MAP_REPLACE):
 *    a position-dependent pattern is written over every byte, with a
 *    progress bar, then verified through the window;
 * 3. verified again through read requests (FIG. 9);
 * 4. unmap, release, free (FIG. 6 610-614, FIG. 10): donors gone;
 * 5. a summary: donors, frames, PTEs built, time per phase, frames returned.
 * Exit status 0 only if the pattern verified and every frame came back.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "workloads/lib/vlmlib.h"
#include "workloads/lib/vlmos_user.h"

#define MiB (1UL << 20)
#define SEED 0x9E3779B97F4A7C15UL

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The pattern: the word at byte offset o of the allocation. */
static inline uint64_t pattern(uint64_t o)
{
    return (o >> 3) * SEED ^ (o >> 20);
}

/* One line per step of progress (the driver's own step lines come in between). */
static void progress(const char *what, uint64_t done, uint64_t total)
{
    int pct = (int)(done * 100 / total), bar = pct / 4;
    printf("  %-24s [%.*s%*s] %3d%%  %lu/%lu MiB\n", what, bar, "#########################",
           25 - bar, "", pct, (unsigned long)(done / MiB), (unsigned long)(total / MiB));
}

static uint64_t parse_size(const char *s)
{
    char *end;
    uint64_t v = strtoull(s, &end, 10);
    switch (*end) {
    case 'G': case 'g': return v << 30;
    case 'M': case 'm': return v << 20;
    case 'K': case 'k': return v << 10;
    default: return v;
    }
}

struct run {
    uint64_t size, window, ptes;
    int handle, buf;
    void *win;
    double t_alloc, t_write, t_verify, t_read, t_free;
};

/* Walk the whole allocation through the window; write or check each word.
 * Returns the number of wrong words. */
static uint64_t walk(struct run *r, bool write, const char *what)
{
    uint64_t bad = 0;

    for (uint64_t off = 0; off < r->size; off += r->window) {
        uint64_t len = r->size - off < r->window ? r->size - off : r->window, ptes = 0;
        if (!vlm_map(r->buf, off, len, r->win, VLM_MAP_REPLACE, &ptes)) {
            perror("vlm_map");
            return 1;
        }
        r->ptes += ptes;
        volatile uint64_t *w = r->win;
        for (uint64_t i = 0; i < len / 8; i++) {
            uint64_t v = pattern(off + 8 * i);
            if (write)
                w[i] = v;
            else
                bad += w[i] != v;
        }
        progress(what, off + len, r->size);
    }
    return bad;
}

/* FIG. 9: check every byte again through read requests. */
static uint64_t chunk[MiB / 8];          /* read requests land here */

static uint64_t read_back(struct run *r)
{
    uint64_t bad = 0;

    for (uint64_t off = 0; off < r->size; off += sizeof(chunk)) {
        size_t len = r->size - off < sizeof(chunk) ? r->size - off : sizeof(chunk);
        if (vlm_read(r->handle, off, chunk, len) != (ssize_t)len)
            return 1;
        for (size_t i = 0; i < len / 8; i++)
            bad += chunk[i] != pattern(off + 8 * i);
        if ((off + len) % r->window == 0 || off + len == r->size)
            progress("verify (read requests)", off + len, r->size);
    }
    return bad;
}

static int setup(struct run *r, struct vlm_alloc *info)
{
    double t = now();

    printf("== allocate %lu MiB (FIG. 6 600, FIG. 7)\n", (unsigned long)(r->size / MiB));
    if ((r->handle = vlm_alloc(r->size, VLM_VERBOSE, info)) < 0) {
        perror("vlm_alloc");
        return -1;
    }
    r->t_alloc = now() - t;
    printf("  handle %d: %u donor(s), %lu MiB direct, in %.2f s\n", r->handle, info->donors,
           (unsigned long)(info->direct / MiB), r->t_alloc);
    if ((r->buf = vlm_buf_create(r->handle, 0, r->size)) < 0 ||
        !(r->win = vlm_map(r->buf, 0, r->window, NULL, 0, &r->ptes))) {
        perror("vlm_buf_create/vlm_map");
        return -1;
    }
    printf("== buffer %d over the handle; window of %lu MiB at %p (FIG. 6 604, 606)\n",
           r->buf, (unsigned long)(r->window / MiB), r->win);
    return 0;
}

int main(int argc, char **argv)
{
    struct run r = { .size = argc > 1 ? parse_size(argv[1]) : 10UL << 30,
                     .window = argc > 2 ? parse_size(argv[2]) : 1UL << 30 };
    struct vmeminfo before, after;
    struct vlm_alloc info;
    struct vlm_stat st;
    double t;

    if (!r.size || r.size % 8192 || !r.window || r.window % 8192) {
        fprintf(stderr, "usage: vlmdemo [SIZE [WINDOW]]  (multiples of 8K; K/M/G suffixes)\n");
        return 2;
    }
    if (r.window > r.size)
        r.window = r.size;
    memset(chunk, 0, sizeof(chunk));         /* our own pages first: then count frames */
    meminfo(&before);
    printf("VLM demo: %lu MiB through a %lu MiB window; per-process limit %lu MiB, RAM %lu MiB\n",
           (unsigned long)(r.size / MiB), (unsigned long)(r.window / MiB),
           before.proc_limit * 8192 / MiB, before.total * 8192 / MiB);
    if (setup(&r, &info) < 0)
        return 1;
    vlm_stat(r.handle, &st);
    t = now(); uint64_t bad = walk(&r, true, "write pattern (window)"); r.t_write = now() - t;
    t = now(); bad += walk(&r, false, "verify (window)"); r.t_verify = now() - t;
    t = now(); bad += read_back(&r); r.t_read = now() - t;
    printf("== pattern %s\n", bad ? "WRONG" : "verified: through the window and by read requests");
    t = now();
    if (vlm_unmap(r.win) || vlm_buf_release(r.buf) || vlm_free(r.handle)) {
        perror("release");
        return 1;
    }
    r.t_free = now() - t;
    printf("== unmapped, buffer released, handle freed: every donor has gone (FIG. 10 1012)\n");
    meminfo(&after);
    printf("\nsummary\n"
           "  donors              %u\n"
           "  frames              %lu (%lu direct, %lu donated)\n"
           "  PTEs built          %lu\n"
           "  time: allocate %.2f s, write %.2f s, verify %.2f s, read requests %.2f s, free %.2f s\n"
           "  frames returned     %lu of %lu free before (%s)\n",
           info.donors, (unsigned long)st.pages, (unsigned long)st.direct_pages,
           (unsigned long)(st.pages - st.direct_pages), (unsigned long)r.ptes,
           r.t_alloc, r.t_write, r.t_verify, r.t_read, r.t_free,
           after.free, before.free, after.free == before.free ? "all" : "SOME LOST");
    return bad || after.free != before.free || after.committed != before.committed;
}
