/*
 * trender.c — see trender.h.  One pass over the trace fills per-pixel
 * buckets of instruction count; the panels are drawn from those with the
 * live view's primitives (draw.h) and saved as PNG.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "image/artifact.h"
#include "view/draw.h"
#include "trace/trace.h"
#include "trace/tracetool.h"
#include "view/trender.h"

#define W        1480
#define PX       290                 /* plot's left edge (labels to its left) */
#define PW       (W - PX - 24)       /* plot width: one bucket per pixel */
#define HEAT_PX  4                   /* heat map cells are 4 pixels wide */
#define HEAT_N   ((PW + HEAT_PX - 1) / HEAT_PX)   /* cells in a row: the last may be partial */
#define ROW      16
#define LANES    12                  /* process rows */
#define VLM_MAX  4096

enum { T_ITB, T_DTB, T_FAULT, T_PAGEIN, T_SYSCALL, T_EXC, T_SWPCTX, T_TBI, T_PROC, T_VLM, T_ROWS };
static const char *const trow_name[T_ROWS] = {
    "ITB miss", "DTB miss", "fault", "page-in", "system call", "exception/interrupt",
    "context switch", "TB invalidate", "process create/exit", "VLM step" };

struct vlm_step { uint64_t icount; uint32_t pid; uint16_t fig, step; };

struct render {
    struct trace_file tf;
    struct pid_tracker pt;
    uint64_t span;                           /* instructions the x axis covers */
    uint32_t tcount[T_ROWS][PW], tpid[T_ROWS][PW], tmax;
    uint32_t run[PW];                        /* who ran in each bucket (+1; 0 unknown) */
    uint32_t heat[2 * RG_N][HEAT_N], hmax;
    uint64_t htotal[2 * RG_N];
    struct vlm_step vlm[VLM_MAX];
    unsigned nvlm;
    uint32_t lane_pid[LANES];
    char lane_name[LANES][17];               /* kept here: the pid tracker's slot of an
                                              * exited process goes to the next one */
    unsigned nlanes;
};

static int trow(const struct trace_rec *r)
{
    switch (r->type) {
    case TR_TLB_MISS:    return r->aux ? T_DTB : T_ITB;
    case TR_FAULT:       return T_FAULT;
    case TR_PAGEIN:      return T_PAGEIN;
    case TR_SYSCALL:     return T_SYSCALL;
    case TR_EXC:         return T_EXC;
    case TR_SWPCTX:      return T_SWPCTX;
    case TR_TBI:         return T_TBI;
    case TR_PROC_CREATE: case TR_PROC_EXIT: return T_PROC;
    case TR_VLM:         return T_VLM;
    default:             return -1;
    }
}

static void add_lane(struct render *d, uint32_t pid)
{
    for (unsigned i = 0; i < d->nlanes; i++)
        if (d->lane_pid[i] == pid)
            return;
    if (d->nlanes < LANES)
        d->lane_pid[d->nlanes++] = pid;
}

/* The plot column of icount: events at or past the span (a header that
 * ends before its last records) go in the last column. */
static unsigned column(const struct render *d, uint64_t icount)
{
    if (icount >= d->span)
        return PW - 1;
    return (unsigned)((double)icount / (double)d->span * (PW - 1));
}

static void name_lane(struct render *d, uint32_t pid, const char *name)
{
    for (unsigned i = 0; i < d->nlanes; i++) {
        if (d->lane_pid[i] != pid)
            continue;
        size_t k = 0;                  /* by hand: name lies inside *d (the tracker) */
        for (; k + 1 < sizeof(d->lane_name[i]) && name[k]; k++)
            d->lane_name[i][k] = name[k];
        d->lane_name[i][k] = 0;
    }
}

/* pid's name as its creation recorded it; said in words when there is none. */
static const char *lane_name(const struct render *d, uint32_t pid)
{
    for (unsigned i = 0; i < d->nlanes; i++)
        if (d->lane_pid[i] == pid && d->lane_name[i][0])
            return d->lane_name[i];
    return pid ? "(no name in the trace)" : "kernel/idle";
}

static void take(struct render *d, const struct trace_rec *r)
{
    unsigned x = column(d, r->icount);
    int t = trow(r);

    pid_track(&d->pt, r);
    d->run[x] = d->pt.current + 1;
    if (r->type == TR_PROC_CREATE)
        add_lane(d, r->aux);
    if (r->type == TR_PROC_NAME && d->pt.n)
        name_lane(d, d->pt.pid[d->pt.last], d->pt.name[d->pt.last]);
    if (t >= 0) {
        d->tpid[t][x] = d->pt.current;
        if (++d->tcount[t][x] > d->tmax)
            d->tmax = d->tcount[t][x];
    }
    if (r->type == TR_TLB_MISS || r->type == TR_FAULT) {
        int row = 2 * trace_region(r->va) + (r->type == TR_FAULT);
        d->htotal[row]++;                /* x < PW: the last cell may be partial (HEAT_N) */
        if (++d->heat[row][x / HEAT_PX] > d->hmax)
            d->hmax = d->heat[row][x / HEAT_PX];
    }
    if (r->type == TR_VLM && d->nvlm < VLM_MAX)
        d->vlm[d->nvlm++] = (struct vlm_step){ r->icount, d->pt.current ? d->pt.current : (uint32_t)r->va,
                                               (uint16_t)(r->aux / 10000), (uint16_t)(r->aux % 10000) };
}

/* One pass over every record.  0, or -1 (trace_read printed why). */
static int scan(struct render *d)
{
    struct trace_rec r;

    d->span = d->tf.hd.final_icount ? d->tf.hd.final_icount : 1;
    for (uint64_t i = 0; i < d->tf.hd.records; i++) {
        if (trace_read(&d->tf, i, &r) != 0)
            return -1;
        take(d, &r);
    }
    for (unsigned x = 1; x < PW; x++)        /* who runs stays so until the next switch */
        if (!d->run[x])
            d->run[x] = d->run[x - 1];
    return 0;
}

/* An x axis of instruction counts under a plot that ends at y. */
static void axis(struct canvas *c, const struct render *d, int y)
{
    double step = pow(10, floor(log10((double)d->span / 5)));
    if (d->span / step > 10)
        step *= 2;
    fill(c, PX, y, PW, 1, 0x4b5263);
    for (double v = 0; v <= (double)d->span; v += step) {
        int x = PX + (int)(v / (double)d->span * (PW - 1));
        fill(c, x, y, 1, 4, 0x4b5263);
        textf(c, FONT_SMALL, x - 10, y + 5, COL_DIM, v >= 1e6 ? "%.0fM" : v >= 1e3 ? "%.0fK" : "%.0f",
              v >= 1e6 ? v / 1e6 : v >= 1e3 ? v / 1e3 : v);
    }
}

static uint32_t heat_colour(uint32_t v, uint32_t max)
{
    static const uint32_t ramp[] = { 0x3b2f5e, 0x7a3a8c, 0xc2456b, 0xf07f3c, 0xf9d057, 0xffffe0 };
    double f = max > 1 ? log1p(v) / log1p(max) : 1;
    return ramp[(int)(f * 5.0 + 0.5)];
}

/* Processes: one lane each, coloured while it runs. */
static int draw_lanes(struct canvas *c, const struct render *d, int y)
{
    text(c, FONT_NORMAL, 12, y, COL_TITLE, "Who runs");
    y += c->ch[FONT_NORMAL] + 2;
    for (unsigned i = 0; i < d->nlanes; i++, y += ROW) {
        uint32_t pid = d->lane_pid[i];
        fill(c, 12, y + 3, 10, ROW - 6, pid_colour((int)pid));
        textf(c, FONT_SMALL, 28, y + 1, COL_TEXT, "pid %u %s", pid, lane_name(d, pid));
        fill(c, PX, y + 2, PW, ROW - 4, 0x2c323d);
        for (int x = 0; x < PW; x++)
            if (d->run[x] == pid + 1)
                fill(c, PX + x, y + 2, 1, ROW - 4, pid_colour((int)pid));
    }
    return y;
}

/* Events by type: a pixel per bucket, in the hue of the process that made
 * them, brighter where there are more (log scale). */
static int draw_types(struct canvas *c, const struct render *d, int y)
{
    text(c, FONT_NORMAL, 12, y, COL_TITLE, "Events by type (colour: the process; brightness: how many)");
    y += c->ch[FONT_NORMAL] + 2;
    for (int t = 0; t < T_ROWS; t++, y += ROW) {
        text(c, FONT_SMALL, 28, y + 1, COL_TEXT, trow_name[t]);
        fill(c, PX, y + 2, PW, ROW - 4, 0x2c323d);
        for (int x = 0; x < PW; x++) {
            uint32_t n = d->tcount[t][x];
            if (!n)
                continue;
            double f = d->tmax > 1 ? log1p(n) / log1p(d->tmax) : 1;
            uint32_t col = d->tpid[t][x] ? pid_colour((int)d->tpid[t][x]) : 0xb0b7c3;
            fill(c, PX + x, y + 2, 1, ROW - 4, shade(col, -0.65 * (1 - f)));
        }
    }
    axis(c, d, y + 2);
    return y + 22;
}

/* Misses and faults by VA region over time: the rows that have any. */
static int draw_heat(struct canvas *c, const struct render *d, int y)
{
    char a[32];

    text(c, FONT_NORMAL, 12, y, COL_TITLE, "TLB misses and faults by VA region (log colour scale; "
         "totals on the left)");
    y += c->ch[FONT_NORMAL] + 2;
    for (int row = 0; row < 2 * RG_N; row++) {
        if (!d->htotal[row])
            continue;
        textf(c, FONT_SMALL, 28, y + 1, COL_TEXT, "%-21s %-6s", trace_region_name[row / 2],
              row & 1 ? "faults" : "misses");
        textf(c, FONT_SMALL, PX - 62, y + 1, COL_DIM, "%8s", commas(d->htotal[row], a, sizeof(a)));
        fill(c, PX, y + 2, PW, ROW - 4, 0x2c323d);
        for (int k = 0; k < HEAT_N; k++)
            if (d->heat[row][k])
                fill(c, PX + k * HEAT_PX, y + 2, k + 1 < HEAT_N ? HEAT_PX : PW - k * HEAT_PX,
                     ROW - 4, heat_colour(d->heat[row][k], d->hmax));
        y += ROW;
    }
    for (int i = 0; i < 6; i++)               /* the scale */
        fill(c, PX + i * 24, y + 22, 24, 8, heat_colour((uint32_t)pow(d->hmax, i / 5.0), d->hmax));
    textf(c, FONT_SMALL, PX + 150, y + 19, COL_DIM, "1 .. %u per %d-pixel column", d->hmax, HEAT_PX);
    axis(c, d, y + 2);
    return y + 36;
}

static unsigned vlm_pids(const struct render *d, uint32_t pids[LANES]);

static const uint32_t fig_col[5] = { 0x61afef, 0xa673e0, 0x98c379, 0xd19a66, 0xe06c75 };
static const char *const fig_name[5] = {
    "FIG. 6 request, map", "FIG. 7 allocate", "FIG. 8 donor", "FIG. 9 read/write", "FIG. 10 free" };

/* The VLM flow: a row per process, a mark per patent step in its figure's
 * colour, the step number above it where there is room. */
static int draw_vlm(struct canvas *c, const struct render *d, int y)
{
    uint32_t pids[LANES];
    unsigned np = vlm_pids(d, pids);

    text(c, FONT_NORMAL, 12, y, COL_TITLE, "The VLM flow: each process's patent steps");
    for (int f = 0; f < 5; f++) {
        fill(c, PX + 300 + f * 180, y + 4, 10, 10, fig_col[f]);
        text(c, FONT_SMALL, PX + 314 + f * 180, y + 2, COL_TEXT, fig_name[f]);
    }
    y += c->ch[FONT_NORMAL] + 4;
    for (unsigned k = 0; k < np; k++, y += 2 * ROW + 4) {
        fill(c, 12, y + ROW + 3, 10, ROW - 6, pid_colour((int)pids[k]));
        textf(c, FONT_SMALL, 28, y + ROW + 1, COL_TEXT, "pid %u %s", pids[k], lane_name(d, pids[k]));
        fill(c, PX, y + ROW + 2, PW, ROW - 4, 0x2c323d);
        int last = -100;
        for (unsigned i = 0; i < d->nvlm; i++) {
            const struct vlm_step *v = &d->vlm[i];
            if (v->pid != pids[k] || v->fig < 6 || v->fig > 10)
                continue;
            int x = PX + (int)column(d, v->icount);
            fill(c, x - 1, y + ROW + 1, 3, ROW - 2, fig_col[v->fig - 6]);
            if (x - last >= 34) {
                textf(c, FONT_SMALL, x - 10, y + 1, fig_col[v->fig - 6], "%u", v->step);
                last = x;
            }
        }
    }
    axis(c, d, y + 2);
    return y + 24;
}

/* The distinct processes that made VLM steps (at most LANES), into pids. */
static unsigned vlm_pids(const struct render *d, uint32_t pids[LANES])
{
    unsigned np = 0;

    for (unsigned i = 0; i < d->nvlm; i++) {
        unsigned k = 0;
        while (k < np && pids[k] != d->vlm[i].pid)
            k++;
        if (k == np && np < LANES)
            pids[np++] = d->vlm[i].pid;
    }
    return np;
}

static int height(const struct render *d)
{
    uint32_t pids[LANES];
    int rows = 0, h = 72 + 12 + 30 + 8 + 60 + 8;

    for (int r = 0; r < 2 * RG_N; r++)
        rows += d->htotal[r] != 0;
    h += (int)d->nlanes * ROW + T_ROWS * ROW + rows * ROW + 3 * 24;
    if (d->nvlm)
        h += 24 + 30 + (int)vlm_pids(d, pids) * (2 * ROW + 4);
    return h;
}

static void draw(struct canvas *c, const struct render *d, const char *path)
{
    const struct trace_header *h = &d->tf.hd;
    char a[32], b[32];

    fill(c, 0, 0, c->s->w, c->s->h, COL_BG);
    fill(c, 0, 0, c->s->w, 36, COL_HEADER);
    int x = 12 + text(c, FONT_BIG, 12, 7, COL_TITLE, "alphavlm trace");
    textf(c, FONT_NORMAL, x + 12, 10, COL_DIM, "%s: %s", path, h->argv[0] ? h->argv : "(no program)");
    textf(c, FONT_NORMAL, 12, 44, COL_TEXT, "%s events over %s instructions   %llu MiB RAM   %s clock"
          "   exit status %d", commas(h->records, a, sizeof(a)), commas(h->final_icount, b, sizeof(b)),
          (unsigned long long)(h->ram_size >> 20), h->clock_mode ? "host" : "icount", h->exit_status);
    int y = draw_lanes(c, d, 72) + 12;
    y = draw_types(c, d, y) + 8;
    y = draw_heat(c, d, y) + 8;
    if (d->nvlm)
        draw_vlm(c, d, y);
}

const char trender_help[] =
"  render F -o OUT.png  a picture: events over time, a miss/fault heat map, VLM steps\n";

static int usage(const char *why)
{
    fprintf(stderr, "alphavlm trace render: %s (usage: alphavlm trace render TRACE -o FILE.png)\n", why);
    return 2;
}

int trace_render_main(int argc, char **argv)
{
    static const struct option opts[] = { { "output", 1, 0, 'o' }, { 0, 0, 0, 0 } };
    const char *out = NULL, *why;
    struct canvas c;
    int opt, rc = 1;

    opterr = 0;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
        if (opt != 'o')
            return usage(optopt == 'o' ? "-o needs a file name" : "unknown option");
        out = optarg;
    }
    if (!out || optind != argc - 1)
        return usage(!out ? "no -o FILE.png" : "expected one trace file");
    if ((why = png_path_problem(out)) != NULL) {
        fprintf(stderr, "alphavlm trace render: -o %s: %s\n", out, why);
        return 2;
    }
    struct render *d = calloc(1, sizeof(*d));
    if (!d || trace_file_open(&d->tf, argv[optind]) != 0) {
        free(d);
        return 1;
    }
    if (scan(d) == 0 && canvas_open(&c, W, height(d)) == 0) {
        draw(&c, d, argv[optind]);
        rc = canvas_save_png(&c, out) ? 1 : 0;
        canvas_close(&c);
        TTF_Quit();
    }
    trace_file_close(&d->tf);
    free(d);
    return rc;
}
