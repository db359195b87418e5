/*
 * panels.h — the live view's picture: physical memory, legend, the selected
 * frame, the current process, the ITB and DTB, counters (docs/display.md).
 * The window and the PNG screenshots draw the same picture with view_draw.
 */
#ifndef VIEW_PANELS_H
#define VIEW_PANELS_H

#include "view/draw.h"
#include "view/snap.h"

#define VIEW_W 1480
#define VIEW_H 960
#define SEL_LINES 6

/* What the person at the window chose, and where the memory grid is. */
struct view_ui {
    uint64_t zoom_first, zoom_frames;   /* frames shown; zoom_frames 0 = all of RAM */
    int64_t  sel_pfn;                   /* the selected frame, -1 for none */
    char     sel[SEL_LINES][200];       /* what maps it (view_select fills it) */
    const char *status;                 /* "running", "paused", "halted (status 0)" */
    /* The grid as last drawn, for clicks: cells of cs pixels from (gx, gy). */
    int gx, gy, cs, ncx, ncy;
    uint64_t first, per;
    int tlb_x[2], tlb_y[2], tlb_lh;     /* slot 0's row of the ITB [0] and DTB [1] */
    /* The cells' keys, kept between pictures: a picture rescans at most
     * CELL_SCAN frames (a 16 GiB map is fully fresh every 4th picture). */
    uint32_t *keys;
    unsigned nkeys, next_cell;
    uint64_t keys_first, keys_per;
    bool full_scan;                     /* the next picture rescans every frame */
    bool keep_cells;                    /* draw the cells' keys as they are (a picture
                                         * of an earlier moment: RAM has moved on) */
    bool still;                         /* a picture for a file: no keys or clicks to
                                         * offer; a note on what it shows instead */
    const char *note[SEL_LINES];        /* that note's lines (NULL-terminated) */
};

/* Release what view_draw keeps in ui (the cells' keys). */
void view_ui_free(struct view_ui *ui);

/* With $ALPHAVLM_VIEW_GEOMETRY set, print the grid's and the TLB tables'
 * geometry as one line on stderr: what a test that reads the PNG needs. */
void view_print_geometry(const struct view_ui *ui);

/* Draw everything into c from snapshot s.  Can't fail (text that cannot be
 * rendered is left out). */
void view_draw(struct canvas *c, const struct snap *s, struct machine *m, struct view_ui *ui);

/* The frame under pixel (x, y) of the last drawn grid, or -1. */
int64_t view_hit(const struct view_ui *ui, const struct snap *s, struct machine *m, int x, int y);

/*
 * view_select — describe frame pfn into ui->sel: its state and owner, the
 * user PTEs that map it (every process's page tables are searched) and the
 * TLB slots that hold it.  Reads guest RAM as snap_take does.  Can't fail.
 */
void view_select(struct view_ui *ui, const struct snap *s, struct machine *m, int64_t pfn);

/* Zoom the memory grid by 4x in (dir > 0) or out (dir < 0) around frame
 * `around`, or back to all of RAM (dir == 0). */
void view_zoom(struct view_ui *ui, const struct snap *s, int dir, uint64_t around);

/* The current process (or, while idle runs, the last one that ran) and the
 * process list, in the box (x, y, w, h) (procpanel.c). */
void view_draw_process(struct canvas *c, const struct snap *s, int x, int y, int w, int h);

/* The ITB and DTB side by side in the box (x, y, w, h); rows that map the
 * selected frame are outlined (tlbpanel.c). */
void view_draw_tlbs(struct canvas *c, const struct snap *s, struct view_ui *ui,
                    int x, int y, int w, int h);

#endif /* VIEW_PANELS_H */
