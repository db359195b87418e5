/*
 * tlbpanel.c — the ITB and DTB: one row per slot with the entry's VPN, PFN,
 * ASN, ASM, granularity hint and permissions.  A slot that was filled since
 * the last frames gets a green bar, one whose old entry went (evicted by the
 * fill, or invalidated by tbi) a red one; the marks fade after half a second.
 */
#include <stdio.h>
#include "view/panels.h"

#define FADE 11      /* pictures a mark stays: half a second */

/* "rw/rw x": kernel read/write, user read/write, executable (FOE clear). */
static void perms(uint64_t pte, char *p)
{
    p[0] = pte & PTE_KRE ? 'r' : '-';
    p[1] = pte & PTE_KWE ? 'w' : '-';
    p[2] = '/';
    p[3] = pte & PTE_URE ? 'r' : '-';
    p[4] = pte & PTE_UWE ? 'w' : '-';
    p[5] = ' ';
    p[6] = pte & PTE_FOE ? '-' : 'x';
    p[7] = 0;
}

static bool maps_pfn(const struct tlb_entry *e, int64_t pfn)
{
    uint64_t base = PTE_PFN(e->pte) & ~(e->npages - 1);
    return e->valid && pfn >= 0 && (uint64_t)pfn >= base && (uint64_t)pfn < base + e->npages;
}

/* One slot's row, lh pixels high.  A fresh mark's background only darkens
 * as it fades: the row's text keeps its contrast (draw.h). */
static void row(struct canvas *c, const struct snap *s, const struct snap_tlb *t, unsigned i,
                int x, int y, int w, int lh, int64_t sel)
{
    const struct tlb_entry *e = &t->e[i];
    bool fresh = t->mark[i] != TM_NONE && s->seq - t->fade[i] < FADE;
    char p[8];

    if (fresh) {
        double a = 1.0 - (double)(s->seq - t->fade[i]) / FADE;
        bool evict = t->mark[i] == TM_INVAL || t->evicted_vpn[i];
        fill(c, x, y, w, lh, shade(t->mark[i] == TM_FILL ? COL_FILL_BG : COL_EVICT_BG,
                                   -(1 - a) * 0.6));
        fill(c, x, y, 4, lh, t->mark[i] == TM_FILL ? COL_FILL : COL_EVICT);
        if (evict && t->mark[i] == TM_FILL)
            fill(c, x + 4, y, 3, lh, COL_EVICT);
    }
    if (!e->valid) {
        textf(c, FONT_SMALL, x + 8, y, COL_DIM, "%2u  -", i);
        return;
    }
    perms(e->pte, p);
    textf(c, FONT_SMALL, x + 8, y, e->asn == s->asn || (e->pte & PTE_ASM) ? COL_TEXT : COL_DIM,
          "%2u %11llx %7llx %3u %c %llu %s", i, (unsigned long long)e->vpn,
          (unsigned long long)PTE_PFN(e->pte), e->asn, e->pte & PTE_ASM ? 'A' : '.',
          (unsigned long long)PTE_GH(e->pte), p);
    if (maps_pfn(e, sel))
        frame_rect(c, x, y, w, lh, COL_TITLE);
}

/* The row pitch that shows every slot of the bigger buffer in h pixels:
 * the font's line, or down to 3/4 of it (the small font's glyphs still fit);
 * a buffer longer than that (--dtb 4096) shows what fits and says so. */
static int row_pitch(const struct canvas *c, const struct snap *s, int h)
{
    int lh = c->ch[FONT_SMALL], head = c->ch[FONT_NORMAL] + lh;
    unsigned n = s->itb.n > s->dtb.n ? s->itb.n : s->dtb.n;

    if (n == 0 || (h - head) / (int)n >= lh)
        return lh;
    int p = (h - head) / (int)n;
    return p * 4 >= lh * 3 ? p : (lh * 3 + 3) / 4;
}

static void table(struct canvas *c, const struct snap *s, const struct snap_tlb *t,
                  const char *name, int x, int y, int w, int h, int lh, int64_t sel, int *row0)
{
    int rows = (h - c->ch[FONT_NORMAL] - c->ch[FONT_SMALL]) / lh;
    unsigned valid = 0;

    for (unsigned i = 0; i < t->n; i++)
        valid += t->e[i].valid;
    textf(c, FONT_NORMAL, x, y, COL_ACCENT, "%s  %u/%u valid", name, valid, t->n);
    y += c->ch[FONT_NORMAL];
    text(c, FONT_SMALL, x + 8, y, COL_DIM, " #         VPN     PFN ASN A G k/u  x");
    y += c->ch[FONT_SMALL];
    *row0 = y;
    for (unsigned i = 0; i < t->n && (int)i < rows; i++)
        row(c, s, t, i, x, y + (int)i * lh, w, lh, sel);
    if ((int)t->n > rows) {                /* the last row says what is left out */
        fill(c, x, y + (rows - 1) * lh, w, lh, COL_PANEL);
        textf(c, FONT_SMALL, x + 8, y + (rows - 1) * lh, COL_DIM, "... %u more slots (--dtb/--itb)",
              t->n - rows + 1);
    }
}

/* What the columns and marks mean, under the tables: a picture must be
 * readable without docs/display.md. */
static const char *const key_lines[] = {
    "#: slot   VPN: virtual page number   PFN: physical frame number (hex)",
    "ASN: address space number; grey rows belong to another ASN",
    "A: ASM, valid in every address space   G: granularity hint, 8^G pages",
    "k/u: kernel/user read, write   x: executable",
};
#define KEY_LINES (int)(sizeof(key_lines) / sizeof(key_lines[0]))

void view_draw_tlbs(struct canvas *c, const struct snap *s, struct view_ui *ui,
                    int x, int y, int w, int h)
{
    int top = panel(c, x, y, w, h, "Translation buffers");
    int lh = c->ch[FONT_SMALL], cw = (w - 24) / 2, key_y = y + h - 4 - KEY_LINES * lh;
    int lx = x + 8 + text(c, FONT_NORMAL, x + 8, y + 4, COL_TITLE, "Translation buffers") + 24;

    fill(c, lx, y + 7, 4, lh - 4, COL_FILL);         /* the marks' legend, on the title line */
    lx += 8 + text(c, FONT_SMALL, lx + 8, y + 6, COL_DIM, "filled");
    fill(c, lx + 12, y + 7, 4, lh - 4, COL_EVICT);
    text(c, FONT_SMALL, lx + 20, y + 6, COL_DIM, "evicted or invalidated (marks last 0.5 s)");
    int pitch = row_pitch(c, s, key_y - top - 4);
    ui->tlb_x[0] = x + 8;
    ui->tlb_x[1] = x + 16 + cw;
    ui->tlb_lh = pitch;
    table(c, s, &s->itb, "ITB", x + 8, top, cw, key_y - top - 4, pitch, ui->sel_pfn, &ui->tlb_y[0]);
    table(c, s, &s->dtb, "DTB", x + 16 + cw, top, cw, key_y - top - 4, pitch, ui->sel_pfn,
          &ui->tlb_y[1]);
    fill(c, x + 8, key_y - 3, w - 16, 1, COL_BORDER);
    for (int i = 0; i < KEY_LINES; i++)
        text(c, FONT_SMALL, x + 12, key_y + i * lh, COL_DIM, key_lines[i]);
}
