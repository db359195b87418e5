/*
 * draw.h — the drawing primitives the live view and the trace renderer share:
 * a software surface (the window shows it, PNGs save it), rectangles,
 * DejaVu Sans Mono text in three sizes, the palette of frame states.
 *
 * Error convention: functions that can fail return 0, or -1 after printing
 * one line.  Ownership: a canvas owns its surface and fonts (canvas_close).
 */
#ifndef VIEW_DRAW_H
#define VIEW_DRAW_H

#include <SDL2/SDL.h>
#include <SDL2/SDL_ttf.h>
#include <stdint.h>

enum { FONT_SMALL = 0, FONT_NORMAL, FONT_BIG, FONT_COUNT };

struct text_entry;

struct canvas {
    SDL_Surface *s;            /* ARGB8888 */
    struct text_entry *cache;  /* rendered strings (draw.c) */
    TTF_Font *font[FONT_COUNT];
    int cw[FONT_COUNT], ch[FONT_COUNT];   /* monospace cell of each size */
};

/* Colours as 0xRRGGBB.  Every text colour on every background below meets
 * WCAG AA (contrast >= 4.5:1): tests/view/contrast.py computes each pair, and
 * finds every text colour view/ uses (a text colour is one of these). */
#define COL_BG      0x1b1f27u    /* backgrounds */
#define COL_PANEL   0x232833u
#define COL_HEADER  0x11141au
#define COL_FILL_BG 0x1a3020u    /* a TLB row filled since the last picture */
#define COL_EVICT_BG 0x47262bu   /* a TLB row whose entry went */
#define COL_TEXT    0xdfe3eau    /* text */
#define COL_DIM     0x8f98aau
#define COL_TITLE   0xffffffu
#define COL_ACCENT  0x61afefu
#define COL_FILL    0x98c379u    /* marks, not text */
#define COL_EVICT   0xe06c75u
#define COL_BORDER  0x343b4au
#define COL_TRACK   0x2c323du    /* the empty part of a bar */

/*
 * view_font_path — the DejaVu Sans Mono file (Debian's fonts-dejavu-core):
 * $ALPHAVLM_FONT if set, else the usual locations.  Returns the path, or
 * NULL after printing one line saying which package provides it.
 */
const char *view_font_path(void);

/* Open a w x h canvas (TTF_Init included).  0 or -1 (message printed). */
int  canvas_open(struct canvas *c, int w, int h);
void canvas_close(struct canvas *c);

void fill(struct canvas *c, int x, int y, int w, int h, uint32_t rgb);
/* A 1-pixel outline. */
void frame_rect(struct canvas *c, int x, int y, int w, int h, uint32_t rgb);
/* Text with its top-left at (x, y); returns its width in pixels (0 for ""). */
int  text(struct canvas *c, int size, int x, int y, uint32_t rgb, const char *s);
int  textf(struct canvas *c, int size, int x, int y, uint32_t rgb, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* A panel: background, outline and a title line; returns the y below the title. */
int  panel(struct canvas *c, int x, int y, int w, int h, const char *title);

/* The colour of a frame-state key (snap.h VKEY): fixed hues for the kernel's
 * states, one hue per pid for processes, a shade per donor for VLM frames. */
uint32_t key_colour(uint32_t key);
/* The colour of process pid (the hue key_colour gives its frames): a
 * qualitative palette of eight cool colours, away from the kernel states' reds,
 * browns and yellows and the VLM purples; pid 9 repeats pid 1 a shade darker. */
uint32_t pid_colour(int pid);
/* rgb mixed with white (t > 0) or black (t < 0) by |t| (0..1). */
uint32_t shade(uint32_t rgb, double t);

/* Save the canvas as PNG (SDL2_image).  0, or -1 after "alphavlm: FILE: why". */
int  canvas_save_png(struct canvas *c, const char *path);

/* "512 KiB", "3.0 MiB", "2.00 GiB" into buf; returns buf. */
const char *size_text(uint64_t bytes, char *buf, size_t n);

/* "12,345,678" */
const char *commas(uint64_t v, char *buf, size_t n);

#endif /* VIEW_DRAW_H */
