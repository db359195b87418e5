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

static void row(struct canvas *c, const struct snap *s, const struct snap_tlb *t, unsigned i,
                int x, int y, int w, int64_t sel)
{
    const struct tlb_entry *e = &t->e[i];
    bool fresh = t->mark[i] != TM_NONE && s->seq - t->fade[i] < FADE;
    char p[8];

    if (fresh) {
        double a = 1.0 - (double)(s->seq - t->fade[i]) / FADE;
        bool evict = t->mark[i] == TM_INVAL || t->evicted_vpn[i];
        fill(c, x, y, w, c->ch[FONT_SMALL], shade(t->mark[i] == TM_FILL ? 0x2f4a2a : 0x4a2a2d,
                                                  -(1 - a) * 0.6));
        fill(c, x, y, 4, c->ch[FONT_SMALL], t->mark[i] == TM_FILL ? COL_FILL : COL_EVICT);
        if (evict && t->mark[i] == TM_FILL)
            fill(c, x + 4, y, 3, c->ch[FONT_SMALL], COL_EVICT);
    }
    if (!e->valid) {
        textf(c, FONT_SMALL, x + 8, y, 0x4b5263u, "%2u  -", i);
        return;
    }
    perms(e->pte, p);
    textf(c, FONT_SMALL, x + 8, y, e->asn == s->asn || (e->pte & PTE_ASM) ? COL_TEXT : COL_DIM,
          "%2u %11llx %7llx %3u %c %llu %s", i, (unsigned long long)e->vpn,
          (unsigned long long)PTE_PFN(e->pte), e->asn, e->pte & PTE_ASM ? 'A' : '.',
          (unsigned long long)PTE_GH(e->pte), p);
    if (maps_pfn(e, sel))
        frame_rect(c, x, y, w, c->ch[FONT_SMALL], 0xffffffu);
}

static void table(struct canvas *c, const struct snap *s, const struct snap_tlb *t,
                  const char *name, int x, int y, int w, int h, int64_t sel, int *row0)
{
    int lh = c->ch[FONT_SMALL], rows = (h - c->ch[FONT_NORMAL] - lh) / lh;
    unsigned valid = 0;

    for (unsigned i = 0; i < t->n; i++)
        valid += t->e[i].valid;
    textf(c, FONT_NORMAL, x, y, COL_ACCENT, "%s  %u/%u valid", name, valid, t->n);
    y += c->ch[FONT_NORMAL];
    text(c, FONT_SMALL, x + 8, y, COL_DIM, " #         VPN     PFN ASN A G k/u  x");
    y += lh;
    *row0 = y;
    for (unsigned i = 0; i < t->n && (int)i < rows; i++)
        row(c, s, t, i, x, y + (int)i * lh, w, sel);
    if ((int)t->n > rows) {                /* the last row says what is left out */
        fill(c, x, y + (rows - 1) * lh, w, lh, COL_PANEL);
        textf(c, FONT_SMALL, x + 8, y + (rows - 1) * lh, COL_DIM, "... %u more slots (--dtb/--itb)",
              t->n - rows + 1);
    }
}

void view_draw_tlbs(struct canvas *c, const struct snap *s, struct view_ui *ui,
                    int x, int y, int w, int h)
{
    int top = panel(c, x, y, w, h, "Translation buffers");
    int lh = c->ch[FONT_SMALL], cw = (w - 24) / 2;

    fill(c, x + 10, top + 3, 4, lh - 4, COL_FILL);
    text(c, FONT_SMALL, x + 18, top, COL_DIM, "filled");
    fill(c, x + 78, top + 3, 4, lh - 4, COL_EVICT);
    text(c, FONT_SMALL, x + 86, top, COL_DIM, "evicted or invalidated (last 0.5 s)    "
         "grey: another ASN");
    top += lh + 6;
    ui->tlb_x[0] = x + 8;
    ui->tlb_x[1] = x + 16 + cw;
    ui->tlb_lh = lh;
    table(c, s, &s->itb, "ITB", x + 8, top, cw, y + h - top - 4, ui->sel_pfn, &ui->tlb_y[0]);
    table(c, s, &s->dtb, "DTB", x + 16 + cw, top, cw, y + h - top - 4, ui->sel_pfn, &ui->tlb_y[1]);
}
