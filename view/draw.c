/*
 * draw.c — see draw.h.
 */
#include <SDL2/SDL_image.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "view/draw.h"
#include "view/snap.h"

/* Rendered strings, kept between pictures: most of the view's text (TLB
 * rows, labels) is the same from one picture to the next, and FreeType's
 * rendering is the most expensive part of drawing it. */
#define TEXT_CACHE 1024

struct text_entry {
    uint32_t hash;
    SDL_Surface *s;
    char str[96];
};

static const int font_pt[FONT_COUNT] = { 11, 13, 17 };

const char *view_font_path(void)
{
    static const char *const where[] = {
        "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
        "/usr/share/fonts/dejavu/DejaVuSansMono.ttf",
        "/usr/share/fonts/TTF/DejaVuSansMono.ttf",
        "/usr/local/share/fonts/DejaVuSansMono.ttf",
    };
    const char *env = getenv("ALPHAVLM_FONT");

    if (env && *env) {
        if (access(env, R_OK) == 0)
            return env;
        fprintf(stderr, "alphavlm: ALPHAVLM_FONT %s: cannot read it\n", env);
        return NULL;
    }
    for (size_t i = 0; i < sizeof(where) / sizeof(where[0]); i++)
        if (access(where[i], R_OK) == 0)
            return where[i];
    fprintf(stderr, "alphavlm: cannot find DejaVuSansMono.ttf (install fonts-dejavu-core, "
            "or set ALPHAVLM_FONT)\n");
    return NULL;
}

int canvas_open(struct canvas *c, int w, int h)
{
    const char *path = view_font_path();

    memset(c, 0, sizeof(*c));
    if (!path)
        return -1;
    if (!(c->cache = calloc(TEXT_CACHE, sizeof(*c->cache)))) {
        fprintf(stderr, "alphavlm: view: out of memory\n");
        return -1;
    }
    if (!TTF_WasInit() && TTF_Init() != 0) {
        fprintf(stderr, "alphavlm: SDL_ttf: %s\n", TTF_GetError());
        return -1;
    }
    for (int i = 0; i < FONT_COUNT; i++) {
        if (!(c->font[i] = TTF_OpenFont(path, font_pt[i]))) {
            fprintf(stderr, "alphavlm: %s: %s\n", path, TTF_GetError());
            canvas_close(c);
            return -1;
        }
        TTF_SizeUTF8(c->font[i], "M", &c->cw[i], NULL);
        c->ch[i] = TTF_FontLineSkip(c->font[i]);
    }
    c->s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!c->s) {
        fprintf(stderr, "alphavlm: SDL: %s\n", SDL_GetError());
        canvas_close(c);
        return -1;
    }
    SDL_SetSurfaceBlendMode(c->s, SDL_BLENDMODE_NONE);   /* blits onto a window copy it */
    return 0;
}

void canvas_close(struct canvas *c)
{
    if (c->cache) {
        for (int i = 0; i < TEXT_CACHE; i++)
            if (c->cache[i].s)
                SDL_FreeSurface(c->cache[i].s);
        free(c->cache);
    }
    for (int i = 0; i < FONT_COUNT; i++)
        if (c->font[i])
            TTF_CloseFont(c->font[i]);
    if (c->s)
        SDL_FreeSurface(c->s);
    memset(c, 0, sizeof(*c));
}

void fill(struct canvas *c, int x, int y, int w, int h, uint32_t rgb)
{
    SDL_Rect r = { x, y, w, h };
    SDL_FillRect(c->s, &r, 0xFF000000u | rgb);
}

void frame_rect(struct canvas *c, int x, int y, int w, int h, uint32_t rgb)
{
    fill(c, x, y, w, 1, rgb);
    fill(c, x, y + h - 1, w, 1, rgb);
    fill(c, x, y, 1, h, rgb);
    fill(c, x + w - 1, y, 1, h, rgb);
}

static uint32_t text_hash(int size, uint32_t rgb, const char *s)
{
    uint32_t h = 2166136261u ^ (uint32_t)size ^ rgb * 16777619u;
    while (*s)
        h = (h ^ (uint8_t)*s++) * 16777619u;
    return h;
}

static SDL_Surface *render(struct canvas *c, int size, uint32_t rgb, const char *s)
{
    SDL_Color col = { (Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, 255 };
    uint32_t h = text_hash(size, rgb, s);
    struct text_entry *e = &c->cache[h % TEXT_CACHE];

    if (e->s && e->hash == h && !strcmp(e->str, s))
        return e->s;
    SDL_Surface *t = TTF_RenderUTF8_Blended(c->font[size], s, col);
    if (!t || strlen(s) >= sizeof(e->str))
        return t;                     /* long strings are not kept: the caller frees */
    if (e->s)
        SDL_FreeSurface(e->s);
    e->hash = h;
    e->s = t;
    strcpy(e->str, s);
    return t;
}

int text(struct canvas *c, int size, int x, int y, uint32_t rgb, const char *s)
{
    if (!s || !*s)
        return 0;
    SDL_Surface *t = render(c, size, rgb, s);
    if (!t)
        return 0;                     /* nothing drawn: the view goes on */
    SDL_Rect r = { x, y, t->w, t->h };
    SDL_BlitSurface(t, NULL, c->s, &r);
    int w = t->w;
    if (strlen(s) >= sizeof(c->cache[0].str))
        SDL_FreeSurface(t);
    return w;
}

int textf(struct canvas *c, int size, int x, int y, uint32_t rgb, const char *fmt, ...)
{
    char buf[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    return text(c, size, x, y, rgb, buf);
}

int panel(struct canvas *c, int x, int y, int w, int h, const char *title)
{
    fill(c, x, y, w, h, COL_PANEL);
    frame_rect(c, x, y, w, h, COL_BORDER);
    text(c, FONT_NORMAL, x + 8, y + 4, COL_TITLE, title);
    return y + 6 + c->ch[FONT_NORMAL];
}

/* HSV (h in turns) to 0xRRGGBB. */
static uint32_t hsv(double h, double s, double v)
{
    double r, g, b, f = (h - floor(h)) * 6, p = v * (1 - s);
    double q = v * (1 - s * (f - floor(f))), t = v * (1 - s * (1 - (f - floor(f))));
    switch ((int)f % 6) {
    case 0: r = v, g = t, b = p; break;
    case 1: r = q, g = v, b = p; break;
    case 2: r = p, g = v, b = t; break;
    case 3: r = p, g = q, b = v; break;
    case 4: r = t, g = p, b = v; break;
    default: r = v, g = p, b = q; break;
    }
    return (uint32_t)(r * 255) << 16 | (uint32_t)(g * 255) << 8 | (uint32_t)(b * 255);
}

/* Neighbouring pids differ in hue and in lightness, so that a parent and the
 * child it spawned next never look alike. */
uint32_t pid_colour(int pid)
{
    static const uint32_t pal[8] = { 0x4e9fe6, 0xa3d65c, 0x2bb5c7, 0x2e8b57,
                                     0x9cc9f5, 0x3cc48a, 0x3a5fc4, 0x7d9e3a };
    unsigned i = pid > 0 ? (unsigned)(pid - 1) : 0;

    return i / 8 % 2 ? shade(pal[i % 8], -0.3) : pal[i % 8];
}

uint32_t shade(uint32_t rgb, double t)
{
    uint32_t out = 0;
    for (int sh = 0; sh <= 16; sh += 8) {
        double v = (rgb >> sh) & 0xFF;
        v = t >= 0 ? v + (255 - v) * t : v * (1 + t);
        out |= (uint32_t)v << sh;
    }
    return out;
}

uint32_t key_colour(uint32_t key)
{
    static const uint32_t fixed[VC_COUNT] = {
        [VC_UNKNOWN] = 0x3a3f4b, [VC_ZERO] = 0x2a2f39, [VC_FREE] = 0x8a93a8,
        [VC_IMAGE] = 0xe06c75, [VC_BOOT] = 0xa8554f, [VC_KHEAP] = 0xd19a66,
        [VC_PT] = 0xf2d36b, [VC_COW] = 0x56c2b8, [VC_VLM] = 0xa673e0, [VC_MAPPED] = 0xff7ad9,
    };
    int cat = VKEY_CAT(key), pid = VKEY_PID(key);

    if (cat == VC_PROC)
        return pid_colour(pid);
    if (cat == VC_VLM && pid)         /* donor-given: a shade of purple per donor */
        return hsv(0.74 + 0.05 * fmod(pid * 0.6180339887, 1.0), 0.5,
                   0.55 + 0.4 * fmod(pid * 0.6180339887, 1.0));
    return cat < VC_COUNT ? fixed[cat] : fixed[VC_UNKNOWN];
}

int canvas_save_png(struct canvas *c, const char *path)
{
    if (IMG_SavePNG(c->s, path) != 0) {
        fprintf(stderr, "alphavlm: %s: cannot write the PNG (%s)\n", path, IMG_GetError());
        return -1;
    }
    return 0;
}

const char *commas(uint64_t v, char *buf, size_t n)
{
    char tmp[32];
    int len = snprintf(tmp, sizeof(tmp), "%llu", (unsigned long long)v), o = 0;

    for (int i = 0; i < len && (size_t)o + 2 < n; i++) {
        if (i && (len - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = tmp[i];
    }
    buf[o] = 0;
    return buf;
}

const char *size_text(uint64_t bytes, char *buf, size_t n)
{
    if (bytes >= (1UL << 30))
        snprintf(buf, n, "%.2f GiB", bytes / 1073741824.0);
    else if (bytes >= (1UL << 20))
        snprintf(buf, n, "%.1f MiB", bytes / 1048576.0);
    else
        snprintf(buf, n, "%llu KiB", (unsigned long long)(bytes >> 10));
    return buf;
}
