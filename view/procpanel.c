/*
 * procpanel.c — the current process: its 2 GiB user space as a bar with its
 * regions (text, data, heap, valloc reservations, stack), its commit charge
 * against the per-process limit, its 64-bit VLM window (vlmdrv); and the
 * process list with the hue its frames have in the memory map.
 */
#include <stdio.h>
#include "view/panels.h"
#include "guestos/abi/vlmos.h"
#include "guestos/abi/vlmos_view.h"

enum { R_TEXT, R_DATA, R_HEAP, R_VALLOC, R_STACK, R_COUNT };
static const char *const rname[R_COUNT] = { "text", "data", "heap", "valloc", "stack" };
static const uint32_t rcol[R_COUNT] = { 0x61afef, 0x56b6c2, 0x98c379, 0xd19a66, 0xe06c75 };
static const char *const pstate[VPS_NSTATES] = { VPS_NAMES };

struct region { uint64_t lo, hi; int kind; };

/* The regions of p, in address order: image VMAs (text or data), the heap
 * [brk_base, brk), valloc reservations, the committed stack. */
static int regions(const struct snap_proc *p, struct region *r, int max)
{
    int n = 0;

    for (int i = 0; i < p->nvma && n < max; i++) {
        const struct snap_vma *v = &p->vma[i];
        switch (v->kind) {
        case VVMA_IMAGE:   r[n++] = (struct region){ v->start, v->end, v->text ? R_TEXT : R_DATA }; break;
        case VVMA_RESERVE: r[n++] = (struct region){ v->start, v->end, R_VALLOC }; break;
        case VVMA_HEAP:
            if (p->brk > p->brk_base)
                r[n++] = (struct region){ p->brk_base, p->brk, R_HEAP };
            break;
        case VVMA_STACK:
            r[n++] = (struct region){ p->stack_low ? p->stack_low : v->start, USER_STACK_TOP, R_STACK };
            break;
        default: break;
        }
    }
    return n;
}

/* The bar: 0 .. USER_END to scale, each region at least 3 pixels wide. */
static int space_bar(struct canvas *c, const struct region *r, int n, int x, int y, int w)
{
    fill(c, x, y, w, 22, 0x2c323d);
    for (int i = 0; i < n; i++) {
        int a = (int)((double)r[i].lo / USER_END * w), b = (int)((double)r[i].hi / USER_END * w);
        fill(c, x + a, y, b - a < 3 ? 3 : b - a, 22, rcol[r[i].kind]);
    }
    frame_rect(c, x, y, w, 22, 0x4b5263);
    text(c, FONT_SMALL, x, y + 24, COL_DIM, "0");
    text(c, FONT_SMALL, x + w / 2 - 12, y + 24, COL_DIM, "1 GiB");
    text(c, FONT_SMALL, x + w - 36, y + 24, COL_DIM, "2 GiB");
    return y + 24 + c->ch[FONT_SMALL];
}

/* One line per region: name swatch, range and size (two columns). */
static void region_list(struct canvas *c, const struct region *r, int n, int x, int y)
{
    char sz[32];
    int lh = c->ch[FONT_SMALL];

    for (int i = 0; i < n && i < 8; i++) {
        int cx = x + (i / 4) * 262, cy = y + (i % 4) * lh;
        size_text(r[i].hi - r[i].lo, sz, sizeof(sz));
        fill(c, cx, cy + 2, 10, lh - 4, rcol[r[i].kind]);
        textf(c, FONT_SMALL, cx + 14, cy, COL_TEXT, "%-6s at %#10llx  %s", rname[r[i].kind],
              (unsigned long long)r[i].lo, sz);
    }
}

static int commit_gauge(struct canvas *c, const struct snap *s, const struct snap_proc *p,
                        int x, int y, int w)
{
    char a[32], b[32];
    uint64_t used = (p->charged + p->donated) * PAGE_SIZE, lim = s->proc_limit ? s->proc_limit : 1;
    int fw = (int)((double)used / (double)lim * (w - 250));

    size_text(used, a, sizeof(a));
    size_text(lim, b, sizeof(b));
    fill(c, x, y + 3, w - 250, 10, 0x2c323d);
    fill(c, x, y + 3, fw > w - 250 ? w - 250 : fw, 10, used > lim * 9 / 10 ? COL_EVICT : COL_FILL);
    textf(c, FONT_SMALL, x + w - 242, y, COL_TEXT, "charged %s of the %s limit", a, b);
    return y + c->ch[FONT_SMALL] + 2;
}

static int vlm_line(struct canvas *c, const struct snap_proc *p, int x, int y)
{
    char a[32];

    if (!p->win_lo)
        return y;
    size_text(p->vlm_mapped * PAGE_SIZE, a, sizeof(a));
    fill(c, x, y + 2, 10, c->ch[FONT_SMALL] - 4, key_colour(VKEY(VC_MAPPED, 0)));
    textf(c, FONT_SMALL, x + 14, y, COL_TEXT, "VLM window: %s mapped, within %#llx-%#llx", a,
          (unsigned long long)p->win_lo, (unsigned long long)p->win_hi);
    return y + c->ch[FONT_SMALL];
}

static void proc_list(struct canvas *c, const struct snap *s, int x, int y, int h)
{
    int lh = c->ch[FONT_SMALL], rows = h / lh;
    char sz[32];

    text(c, FONT_SMALL, x, y, COL_DIM, "pid tgid name        state    resident");
    for (int i = 0, r = 1; i < s->nproc && r < rows; i++) {
        const struct snap_proc *p = &s->proc[i];
        if (p->pid == 0)
            continue;
        size_text(p->resident * PAGE_SIZE, sz, sizeof(sz));
        fill(c, x - 14, y + r * lh + 2, 10, lh - 4, pid_colour(p->tgid));   /* its pages' colour: the process's */
        textf(c, FONT_SMALL, x, y + r * lh, i == s->cur ? COL_TITLE : COL_TEXT, "%3d %4d %-11.11s %-8s %s%s",
              p->pid, p->tgid, p->name, p->state >= 0 && p->state < VPS_NSTATES ? pstate[p->state] : "?", sz,
              p->vlm_role == VVIEW_ROLE_DONOR ? " donor" : p->vlm_role == VVIEW_ROLE_CONSUMER ? " VLM" : "");
        r++;
    }
}

void view_draw_process(struct canvas *c, const struct snap *s, int x, int y, int w, int h)
{
    const struct snap_proc *p = s->cur >= 0 && s->proc[s->cur].pid ? &s->proc[s->cur]
                                                                     : snap_find(s, s->last_pid);
    struct region r[SNAP_NVMA];
    char t[120];
    int lw = w - 300;

    snprintf(t, sizeof(t), p ? "Process %d (%s)%s: 2 GiB user space" : "Process: none running",
             p ? p->pid : 0, p ? p->name : "", p && s->cur >= 0 && &s->proc[s->cur] != p ?
             ", last to run" : "");
    int top = panel(c, x, y, w, h, t);
    proc_list(c, s, x + lw + 24, top, y + h - top);
    if (!p)
        return;
    fill(c, x + 10, top, 2, 1, COL_BG);
    int n = regions(p, r, SNAP_NVMA);
    int yy = space_bar(c, r, n, x + 10, top + 2, lw - 10);
    region_list(c, r, n, x + 10, yy + 2);
    yy += 4 * c->ch[FONT_SMALL] + 6;
    yy = commit_gauge(c, s, p, x + 10, yy, lw);
    vlm_line(c, p, x + 10, yy);
}
