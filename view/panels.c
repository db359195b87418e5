/*
 * panels.c — see panels.h.  Layout: a header with the counters; on the left
 * physical memory, its legend, the selected frame and the current process;
 * on the right the ITB and DTB.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "view/panels.h"
#include "guestos/abi/vlmos.h"
#include "guestos/abi/vlmos_view.h"

#define LEFT_W   830
#define MEM_Y    72
#define MEM_H    500
#define LEG_Y    (MEM_Y + MEM_H + 8)
#define LEG_H    84       /* four rows of three states */
#define SEL_Y    (LEG_Y + LEG_H + 8)
#define SEL_H    108
#define PROC_Y   (SEL_Y + SEL_H + 8)
#define LABEL_W  96

static const char *const cat_name[VC_COUNT] = {
    [VC_UNKNOWN] = "not published", [VC_ZERO] = "zeroed", [VC_FREE] = "free (stale)",
    [VC_IMAGE] = "kernel image", [VC_BOOT] = "boot tables, initrd", [VC_KHEAP] = "kernel heap",
    [VC_PT] = "page table", [VC_PROC] = "process (hue: pid)",
    [VC_COW] = "shared copy-on-write (fork)",
    [VC_VLM] = "VLM-owned (shade: donor)", [VC_MAPPED] = "in a VLM window",
};

static void draw_header(struct canvas *c, const struct snap *s, const struct view_ui *ui)
{
    char a[32], b[32];

    fill(c, 0, 0, VIEW_W, 36, COL_HEADER);
    int x = 12 + text(c, FONT_BIG, 12, 7, COL_TITLE, "alphavlm");
    text(c, FONT_NORMAL, x + 12, 10, COL_DIM, "AXP64 machine, live view");
    char st[160];
    snprintf(st, sizeof(st), "%s   RAM %s%s", ui->status ? ui->status : "",
             size_text(s->ram_size, a, sizeof(a)), ui->still ? "" : "   keys: h help");
    int tw = 0;
    TTF_SizeUTF8(c->font[FONT_NORMAL], st, &tw, NULL);
    text(c, FONT_NORMAL, VIEW_W - 14 - tw, 10, COL_ACCENT, st);
    int y = 44;
    if (s->counting)
        x = 12 + textf(c, FONT_NORMAL, 12, y, COL_TEXT, "instructions %s",
                       commas(s->icount, a, sizeof(a)));
    else
        x = 12 + text(c, FONT_NORMAL, 12, y, COL_DIM, "instructions: not counted (host clock)");
    if (s->seq <= 1)                   /* one picture: totals of the whole run */
        textf(c, FONT_NORMAL, x + 16, y, COL_TEXT,
              "TLB misses %.2f / 1000 insns   faults %s   syscalls %s   processes %d   ASN %u",
              s->mpki, commas(s->faults, b, sizeof(b)), commas(s->syscalls, a, sizeof(a)),
              snap_users(s), s->asn);
    else
        textf(c, FONT_NORMAL, x + 16, y, COL_TEXT,
              "TLB misses %.2f / 1000 insns   faults %.0f/s   syscalls %.0f/s   processes %d   "
              "ASN %u", s->mpki, s->faults_s, s->syscalls_s, snap_users(s),
              s->asn);
}

/* Choose the cell size and frames per cell that give each frame the most
 * pixels (fewer frames per cell on a tie).  Columns and frames per cell are
 * powers of two, so every row starts at a round physical address. */
static void layout_grid(struct view_ui *ui, const struct snap *s, int x, int y, int w, int h)
{
    static const int sizes[] = { 24, 16, 12, 10, 8, 6, 5, 4, 3 };
    uint64_t n = ui->zoom_frames ? ui->zoom_frames : s->nframes;
    double best = 1e300;

    ui->first = ui->zoom_frames ? ui->zoom_first : 0;
    ui->gx = x;
    ui->gy = y;
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        int cs = sizes[i], ncx = 1;
        while (ncx * 2 * cs <= w)
            ncx *= 2;
        uint64_t per = 1, rows;
        while ((rows = (n + (uint64_t)ncx * per - 1) / ((uint64_t)ncx * per)) > (uint64_t)(h / cs))
            per *= 2;
        double score = (double)per / (cs * cs) + (double)per * 1e-9;
        if (score < best) {
            best = score;
            ui->cs = cs;
            ui->ncx = ncx;
            ui->ncy = (int)rows;
            ui->per = per;
        }
    }
}

static void draw_cells(struct canvas *c, const struct view_ui *ui, const uint32_t *keys,
                       unsigned n)
{
    int gap = ui->cs >= 6 ? 1 : 0;

    for (unsigned i = 0; i < n; i++) {
        int cx = ui->gx + (int)(i % (unsigned)ui->ncx) * ui->cs;
        int cy = ui->gy + (int)(i / (unsigned)ui->ncx) * ui->cs;
        fill(c, cx, cy, ui->cs - gap, ui->cs - gap, key_colour(keys[i]));
    }
}

#define CELL_SCAN (512u << 10)

/* Bring ui->keys up to date for the grid just laid out: all of it when the
 * grid changed (or full_scan), else the next CELL_SCAN frames' worth of cells,
 * round robin.  False if out of memory (the grid is left out). */
static bool refresh_cells(struct view_ui *ui, const struct snap *s, struct machine *m, unsigned n)
{
    if (ui->nkeys != n || ui->keys_first != ui->first || ui->keys_per != ui->per || !ui->keys) {
        free(ui->keys);
        if (!(ui->keys = malloc(n * sizeof(*ui->keys))))
            return false;
        ui->nkeys = n;
        ui->keys_first = ui->first;
        ui->keys_per = ui->per;
        ui->full_scan = true;
    }
    unsigned batch = ui->per >= CELL_SCAN ? 1 : (unsigned)(CELL_SCAN / ui->per);
    if (ui->full_scan || batch >= n) {
        snap_cells(s, m, ui->first, ui->per, ui->keys, n);
        ui->full_scan = false;
        return true;
    }
    for (unsigned done = 0; done < batch; ) {
        unsigned i = ui->next_cell % n, k = batch - done < n - i ? batch - done : n - i;
        snap_cells(s, m, ui->first + i * ui->per, ui->per, ui->keys + i, k);
        ui->next_cell = (i + k) % n;
        done += k;
    }
    return true;
}

void view_ui_free(struct view_ui *ui)
{
    free(ui->keys);
    ui->keys = NULL;
    ui->nkeys = 0;
}

static void draw_row_labels(struct canvas *c, const struct view_ui *ui)
{
    int every = 1;

    while (every * ui->cs < c->ch[FONT_SMALL] + 4)
        every *= 2;

    for (int r = 0; r < ui->ncy; r += every) {
        uint64_t pa = (ui->first + (uint64_t)r * (uint64_t)ui->ncx * ui->per) << PAGE_SHIFT;
        textf(c, FONT_SMALL, ui->gx - LABEL_W + 4, ui->gy + r * ui->cs - 2, COL_DIM,
              "%#12llx", (unsigned long long)pa);
    }
}

static void draw_memory(struct canvas *c, const struct snap *s, struct machine *m,
                        struct view_ui *ui)
{
    char t[200], a[32], b[32];
    int y = MEM_Y, h = MEM_H;

    snprintf(t, sizeof(t), "Physical memory: %s, %s frames of 8 KiB", size_text(s->ram_size, a, sizeof(a)),
             commas(s->nframes, b, sizeof(b)));
    int gy = panel(c, 10, y, LEFT_W, h, t);
    layout_grid(ui, s, 10 + LABEL_W, gy + 4, LEFT_W - LABEL_W - 10, y + h - gy - 26);
    unsigned n = (unsigned)ui->ncx * (unsigned)ui->ncy;
    if (ui->keep_cells ? ui->keys && ui->nkeys == n : refresh_cells(ui, s, m, n))
        draw_cells(c, ui, ui->keys, n);
    draw_row_labels(c, ui);
    if (ui->sel_pfn >= 0 && (uint64_t)ui->sel_pfn >= ui->first) {
        uint64_t i = ((uint64_t)ui->sel_pfn - ui->first) / ui->per;
        if (i < n)
            frame_rect(c, ui->gx + (int)(i % (unsigned)ui->ncx) * ui->cs - 1,
                       ui->gy + (int)(i / (unsigned)ui->ncx) * ui->cs - 1, ui->cs + 1, ui->cs + 1,
                       COL_TITLE);
    }
    snprintf(t, sizeof(t), "%s frame%s per cell%s%s", commas(ui->per, a, sizeof(a)),
             ui->per > 1 ? "s" : "", ui->per > 1 ? " (its most common state)" : "",
             ui->still ? "" : "   click: what maps a frame   z/x: zoom in/out   0: all");
    text(c, FONT_SMALL, 18, y + h - 18, COL_DIM, s->published ? t :
         "VLM/OS has not published its frame database (yet): no frame states");
}

static void draw_legend(struct canvas *c, const struct snap *s)
{
    int y = panel(c, 10, LEG_Y, LEFT_W, LEG_H, "Frame states (and how much of RAM is in each)");
    int x = 18, col = 0;

    for (int k = VC_ZERO; k < VC_COUNT; k++, col++) {
        int cx = x + (col % 3) * 270, cy = y + (col / 3) * 15;
        uint32_t rgb = key_colour(VKEY(k, k == VC_PROC ? 3 : k == VC_VLM ? 5 : 0));
        if (k == VC_PROC)          /* three process hues side by side */
            for (int j = 0; j < 3; j++)
                fill(c, cx + j * 4, cy + 2, 4, 11, pid_colour(2 + j));
        else
            fill(c, cx, cy + 2, 12, 11, rgb);
        frame_rect(c, cx - 1, cy + 1, 14, 13, COL_BORDER);   /* a dark swatch stays visible */
        int w = text(c, FONT_SMALL, cx + 17, cy, COL_TEXT, cat_name[k]);
        if (s->published) {
            char sz[32];
            text(c, FONT_SMALL, cx + 21 + w, cy, COL_DIM, size_text(s->in_cat[k] * PAGE_SIZE, sz, sizeof(sz)));
        }
    }
}

static void draw_selection(struct canvas *c, const struct view_ui *ui)
{
    if (ui->still && ui->sel_pfn < 0) {      /* nothing to click on a PNG */
        int y = panel(c, 10, SEL_Y, LEFT_W, SEL_H, "About this picture");
        for (int i = 0; i < SEL_LINES && ui->note[i]; i++)
            text(c, FONT_SMALL, 18, y + i * (c->ch[FONT_SMALL] + 1), i ? COL_TEXT : COL_TITLE,
                 ui->note[i]);
        return;
    }
    int y = panel(c, 10, SEL_Y, LEFT_W, SEL_H, "Selected frame");

    if (ui->sel_pfn < 0) {
        text(c, FONT_SMALL, 18, y, COL_DIM, "click a frame to see its owner and the PTEs that map it");
        return;
    }
    for (int i = 0; i < SEL_LINES && ui->sel[i][0]; i++)
        text(c, FONT_SMALL, 18, y + i * (c->ch[FONT_SMALL] + 1), i ? COL_TEXT : COL_TITLE,
             ui->sel[i]);
}

void view_draw(struct canvas *c, const struct snap *s, struct machine *m, struct view_ui *ui)
{
    fill(c, 0, 0, VIEW_W, VIEW_H, COL_BG);
    draw_header(c, s, ui);
    draw_memory(c, s, m, ui);
    draw_legend(c, s);
    draw_selection(c, ui);
    view_draw_process(c, s, 10, PROC_Y, LEFT_W, VIEW_H - PROC_Y - 10);
    view_draw_tlbs(c, s, ui, LEFT_W + 20, MEM_Y, VIEW_W - LEFT_W - 30, VIEW_H - MEM_Y - 10);
}

int64_t view_hit(const struct view_ui *ui, const struct snap *s, struct machine *m, int x, int y)
{
    if (x < ui->gx || y < ui->gy || ui->cs <= 0)
        return -1;
    int cx = (x - ui->gx) / ui->cs, cy = (y - ui->gy) / ui->cs;
    if (cx >= ui->ncx || cy >= ui->ncy)
        return -1;
    uint64_t first = ui->first + ((uint64_t)cy * (uint64_t)ui->ncx + (uint64_t)cx) * ui->per;
    uint32_t want;
    snap_cells(s, m, first, ui->per, &want, 1);
    for (uint64_t p = first; p < first + ui->per && p < s->nframes; p++) {
        int owner;
        if (snap_frame_key(s, m, p, &owner) == want)
            return (int64_t)p;       /* the first frame that has the colour shown */
    }
    return first < s->nframes ? (int64_t)first : -1;
}

void view_zoom(struct view_ui *ui, const struct snap *s, int dir, uint64_t around)
{
    uint64_t n = ui->zoom_frames ? ui->zoom_frames : s->nframes;

    if (dir == 0 || (dir < 0 && n * 4 >= s->nframes)) {
        ui->zoom_first = ui->zoom_frames = 0;
        return;
    }
    n = dir > 0 ? n / 4 : n * 4;
    if (n < 64)
        n = 64;
    if (n >= s->nframes) {
        ui->zoom_first = ui->zoom_frames = 0;
        return;
    }
    ui->zoom_frames = n;
    ui->zoom_first = around > n / 2 ? around - n / 2 : 0;
    if (ui->zoom_first + n > s->nframes)
        ui->zoom_first = s->nframes - n;
}

void view_print_geometry(const struct view_ui *ui)
{
    if (!getenv("ALPHAVLM_VIEW_GEOMETRY"))
        return;
    fprintf(stderr, "view-geometry: grid %d %d %d %d %llu %llu itb %d %d dtb %d %d row %d\n",
            ui->gx, ui->gy, ui->cs, ui->ncx, (unsigned long long)ui->per,
            (unsigned long long)ui->first, ui->tlb_x[0], ui->tlb_y[0], ui->tlb_x[1],
            ui->tlb_y[1], ui->tlb_lh);
}
