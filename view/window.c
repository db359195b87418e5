/*
 * window.c — the display thread: the only thread that calls SDL's video
 * functions.  It opens the window, redraws it every 50 ms from a fresh
 * snapshot (view/snap.h: read while the CPU runs), and turns keys and
 * clicks into pause, zoom and selection.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <SDL2/SDL.h>
#include <SDL2/SDL_syswm.h>
#include "view/viewint.h"

#define FRAME_MS 45                /* 22 pictures a second: at least 20 with slips */

static const char *const help[SEL_LINES] = {
    "keys: space or p  pause / resume the guest      s  save this picture as alphavlm-view-K.png",
    "      z or +  zoom into memory around the selected frame    x or -  zoom out    0  all of RAM",
    "      left/right  move the zoomed range      mouse wheel  zoom      click  select a frame",
    "      q or Esc  quit (the guest halts with status 130 if it is still running)",
    "      h  this help",
};

struct win {
    struct view *v;
    SDL_Window *w;
    struct canvas c;
    struct snap *s;
    bool help;
    int saved;                     /* pictures the s key has saved */
    SDL_Surface *prev;             /* the picture the window shows */
    bool prev_ok;
    char status[64];
    bool ready;                    /* the ready line is out */
};

/* SDL up, a real display (not the offscreen or dummy driver), window, fonts. */
static int open_window(struct win *x)
{
    if (!getenv("DISPLAY") && !getenv("WAYLAND_DISPLAY") && !getenv("SDL_VIDEODRIVER")) {
        fprintf(stderr, "alphavlm: --display sdl: no display available (DISPLAY is not set)\n");
        return -1;
    }
    SDL_SetHint(SDL_HINT_VIDEODRIVER, "x11,wayland");     /* never offscreen or dummy */
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr, "alphavlm: --display sdl: no display available (%s)\n", SDL_GetError());
        return -1;
    }
    const char *drv = SDL_GetCurrentVideoDriver();
    if (!drv || !strcmp(drv, "offscreen") || !strcmp(drv, "dummy") || !strcmp(drv, "evdev")) {
        fprintf(stderr, "alphavlm: --display sdl: no display available (SDL video driver %s)\n",
                drv ? drv : "none");
        return -1;
    }
    /* Shown only once it has its surface: making that may recreate the X
     * window, and the first one, already mapped, would vanish under a
     * client that found it (the ready line names the one that stays). */
    x->w = SDL_CreateWindow("alphavlm: live view", SDL_WINDOWPOS_UNDEFINED,
                            SDL_WINDOWPOS_UNDEFINED, VIEW_W, VIEW_H, SDL_WINDOW_HIDDEN);
    if (!x->w || !SDL_GetWindowSurface(x->w)) {
        fprintf(stderr, "alphavlm: --display sdl: cannot open a window (%s)\n", SDL_GetError());
        return -1;
    }
    SDL_ShowWindow(x->w);
    if (canvas_open(&x->c, VIEW_W, VIEW_H) || !(x->s = snap_new()))
        return -1;
    x->prev = SDL_CreateRGBSurfaceWithFormat(0, VIEW_W, VIEW_H, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!x->prev) {
        fprintf(stderr, "alphavlm: --display sdl: %s\n", SDL_GetError());
        return -1;
    }
    SDL_SetSurfaceBlendMode(x->prev, SDL_BLENDMODE_NONE);
    return 0;
}

static void close_window(struct win *x)
{
    snap_free(x->s);
    canvas_close(&x->c);
    if (x->prev)
        SDL_FreeSurface(x->prev);
    if (x->w)
        SDL_DestroyWindow(x->w);
    /* The video subsystem stays up until the process ends (it ends right
     * after the view): quitting it unloads the X11 libraries SDL opened
     * with dlopen, and what they had allocated then shows as leaks from an
     * unknown module under LeakSanitizer. */
}

static const char *status_text(struct win *x)
{
    struct view *v = x->v;
    if (atomic_load(&v->halted))
        snprintf(x->status, sizeof(x->status), "halted (status %d)%s", v->status,
                 atomic_load(&v->hold) ? ", q closes" : "");
    else
        snprintf(x->status, sizeof(x->status), "%s", !atomic_load(&v->paused) ? "running" :
                 atomic_load(&v->cpu_waits) ? "PAUSED" : "pausing");
    return x->status;
}

/* Copy to the window only the tiles that changed since the last picture:
 * the memory map and most text stand still, and every pixel sent costs the
 * X server (on the same cores as the guest) a copy. */
#define TILE_W 128
#define TILE_H 16
static void show(struct win *x)
{
    SDL_Surface *ws = SDL_GetWindowSurface(x->w), *c = x->c.s;
    SDL_Rect r[(VIEW_W / TILE_W + 1) * (VIEW_H / TILE_H + 1)];
    int n = 0;

    if (!ws)
        return;
    for (int y = 0; y < c->h; y += TILE_H)
        for (int tx = 0; tx < c->w; tx += TILE_W) {
            int w = tx + TILE_W <= c->w ? TILE_W : c->w - tx, h = y + TILE_H <= c->h ? TILE_H : c->h - y;
            bool same = x->prev_ok;
            for (int yy = y; same && yy < y + h; yy++) {
                size_t off = (size_t)yy * (size_t)c->pitch + (size_t)tx * 4;
                same = !memcmp((char *)c->pixels + off, (char *)x->prev->pixels + off, (size_t)w * 4);
            }
            if (same)
                continue;
            if (n && r[n - 1].y == y && r[n - 1].x + r[n - 1].w == tx)
                r[n - 1].w += w;               /* grow the run along the band */
            else
                r[n++] = (SDL_Rect){ tx, y, w, h };
        }
    for (int i = 0; i < n; i++)
        SDL_BlitSurface(c, &r[i], ws, &(SDL_Rect){ r[i].x, r[i].y, r[i].w, r[i].h });
    if (n)
        SDL_UpdateWindowSurfaceRects(x->w, r, n);
    SDL_BlitSurface(c, NULL, x->prev, NULL);
    x->prev_ok = true;
}

static void redraw(struct win *x)
{
    struct view_ui *ui = &x->v->ui;
    view_paint(&x->c, x->s, ui, x->v->m, status_text(x));

    if (x->help) {
        memset(ui->sel, 0, sizeof(ui->sel));
        for (int i = 0; i < SEL_LINES && help[i]; i++)
            snprintf(ui->sel[i], sizeof(ui->sel[0]), "%s", help[i]);
        int64_t keep = ui->sel_pfn;
        ui->sel_pfn = 0;                   /* draw the lines in the selection box */
        view_draw(&x->c, x->s, x->v->m, ui);
        ui->sel_pfn = keep;
    }
    show(x);
}

/* Save what the window shows now; no path: alphavlm-view-K.png, K = 1, 2, ... */
static int save(struct win *x, const char *path)
{
    char name[64];

    if (!path) {
        snprintf(name, sizeof(name), "alphavlm-view-%d.png", ++x->saved);
        path = name;
    }
    x->v->ui.full_scan = true;             /* a saved picture is exact */
    redraw(x);
    view_print_geometry(&x->v->ui);
    if (canvas_save_png(&x->c, path))
        return -1;
    fprintf(stderr, "alphavlm: screenshot %s (instruction %llu, %s)\n", path,
            (unsigned long long)x->s->icount, x->status);
    return 0;
}

static void set_pause(struct view *v, bool on)
{
    pthread_mutex_lock(&v->lock);
    atomic_store(&v->paused, on);
    pthread_cond_broadcast(&v->cond);
    pthread_mutex_unlock(&v->lock);
    if (on)
        machine_request_stop(v->m, STOP_VIEW);
}

static void quit(struct view *v)
{
    pthread_mutex_lock(&v->lock);
    atomic_store(&v->quit, true);
    pthread_cond_broadcast(&v->cond);
    pthread_mutex_unlock(&v->lock);
    machine_request_stop(v->m, STOP_VIEW);
}

static uint64_t around(struct win *x)
{
    struct view_ui *ui = &x->v->ui;
    uint64_t n = ui->zoom_frames ? ui->zoom_frames : x->s->nframes;
    return ui->sel_pfn >= 0 ? (uint64_t)ui->sel_pfn : ui->zoom_first + n / 2;
}

static void pan(struct win *x, int dir)
{
    struct view_ui *ui = &x->v->ui;
    uint64_t step = ui->zoom_frames / 2;

    if (!ui->zoom_frames)
        return;
    if (dir < 0)
        ui->zoom_first = ui->zoom_first > step ? ui->zoom_first - step : 0;
    else if (ui->zoom_first + ui->zoom_frames + step <= x->s->nframes)
        ui->zoom_first += step;
    else
        ui->zoom_first = x->s->nframes - ui->zoom_frames;
}

static void key(struct win *x, SDL_Keycode k)
{
    struct view *v = x->v;

    switch (k) {
    case SDLK_SPACE: case SDLK_p: set_pause(v, !atomic_load(&v->paused)); break;
    case SDLK_z: case SDLK_PLUS: case SDLK_EQUALS: case SDLK_KP_PLUS:
        view_zoom(&v->ui, x->s, 1, around(x)); break;
    case SDLK_x: case SDLK_MINUS: case SDLK_KP_MINUS: view_zoom(&v->ui, x->s, -1, around(x)); break;
    case SDLK_0: view_zoom(&v->ui, x->s, 0, 0); break;
    case SDLK_LEFT: pan(x, -1); break;
    case SDLK_RIGHT: pan(x, 1); break;
    case SDLK_s: save(x, NULL); break;
    case SDLK_h: x->help = !x->help; break;
    case SDLK_q: case SDLK_ESCAPE: quit(v); break;
    default: break;
    }
}

/* Once, when the window is first shown: one line on stderr saying it is
 * mapped and its event loop reads keys and clicks, with the X window it
 * ended up with (tests/view/window.sh sends input only after this line). */
static void say_ready(struct win *x)
{
    SDL_SysWMinfo wm;

    if (x->ready)
        return;
    x->ready = true;
    SDL_VERSION(&wm.version);
    if (SDL_GetWindowWMInfo(x->w, &wm) && wm.subsystem == SDL_SYSWM_X11)
        fprintf(stderr, "alphavlm: view ready (X window 0x%lx)\n", (unsigned long)wm.info.x11.window);
    else
        fprintf(stderr, "alphavlm: view ready\n");
}

/* One event; returns false when the window should close. */
static bool event(struct win *x, const SDL_Event *e)
{
    struct view *v = x->v;

    if (e->type == SDL_QUIT || (e->type == SDL_WINDOWEVENT && e->window.event == SDL_WINDOWEVENT_CLOSE)) {
        quit(v);
        return false;
    }
    if (e->type == SDL_WINDOWEVENT && (e->window.event == SDL_WINDOWEVENT_SHOWN ||
                                       e->window.event == SDL_WINDOWEVENT_EXPOSED))
        say_ready(x);
    if (e->type == SDL_WINDOWEVENT && (e->window.event == SDL_WINDOWEVENT_EXPOSED ||
                                       e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED))
        x->prev_ok = false;                    /* the whole picture again */
    if (e->type == SDL_KEYDOWN)
        key(x, e->key.keysym.sym);
    else if (e->type == SDL_MOUSEBUTTONDOWN && e->button.button == SDL_BUTTON_LEFT) {
        int64_t pfn = view_hit(&v->ui, x->s, v->m, e->button.x, e->button.y);
        if (pfn >= 0) {
            x->help = false;
            view_select(&v->ui, x->s, v->m, pfn);
        }
    } else if (e->type == SDL_MOUSEWHEEL && e->wheel.y)
        view_zoom(&v->ui, x->s, e->wheel.y > 0 ? 1 : -1, around(x));
    return !atomic_load(&v->quit) || !atomic_load(&v->halted);
}

/* A picture the CPU thread asked for (window_shot). */
static void serve_shot(struct win *x)
{
    struct view *v = x->v;

    pthread_mutex_lock(&v->lock);
    const char *path = v->shot_req;
    pthread_mutex_unlock(&v->lock);
    if (!path)
        return;
    int r = save(x, path);
    pthread_mutex_lock(&v->lock);
    v->shot_req = NULL;
    v->shot_res = r;
    pthread_cond_broadcast(&v->cond);
    pthread_mutex_unlock(&v->lock);
}

/* Run until quit, or until the guest has halted and nobody holds the window. */
static void loop(struct win *x)
{
    struct view *v = x->v;
    Uint32 next = SDL_GetTicks(), start = 0;

    for (;;) {
        SDL_Event e;
        Uint32 now = SDL_GetTicks();
        int wait = (int)(next - now) > 0 ? (int)(next - now) : 0;
        if (SDL_WaitEventTimeout(&e, wait) && !event(x, &e))
            return;
        serve_shot(x);
        if (atomic_load(&v->halted) && (!atomic_load(&v->hold) || atomic_load(&v->quit)))
            return;
        if ((int)(SDL_GetTicks() - next) >= 0) {
            if (!v->pictures)
                start = SDL_GetTicks();
            redraw(x);
            /* A steady 20 a second: a late picture is made up for by the
             * next ones, unless the thread was held up for long. */
            next += FRAME_MS;
            if ((int)(SDL_GetTicks() - next) > 5 * FRAME_MS)
                next = SDL_GetTicks();
            if (v->pictures++)
                v->seconds = (SDL_GetTicks() - start) / 1000.0;
        }
    }
}

static void *display_thread(void *arg)
{
    struct win x = { .v = arg };
    struct view *v = arg;
    int ok = open_window(&x) == 0;

    pthread_mutex_lock(&v->lock);
    v->init = ok ? 1 : -1;
    pthread_cond_broadcast(&v->cond);
    pthread_mutex_unlock(&v->lock);
    if (ok)
        loop(&x);
    close_window(&x);
    return NULL;
}

int window_start(struct view *v)
{
    if (pthread_create(&v->thread, NULL, display_thread, v) != 0) {
        fprintf(stderr, "alphavlm: --display sdl: cannot start the display thread\n");
        return -1;
    }
    pthread_mutex_lock(&v->lock);
    while (v->init == 0)
        pthread_cond_wait(&v->cond, &v->lock);
    pthread_mutex_unlock(&v->lock);
    if (v->init < 0) {
        pthread_join(v->thread, NULL);
        return -1;
    }
    return 0;
}

int window_shot(struct view *v, const char *path)
{
    SDL_Event e = { .type = SDL_USEREVENT };

    pthread_mutex_lock(&v->lock);
    v->shot_req = path;
    pthread_mutex_unlock(&v->lock);
    SDL_PushEvent(&e);                     /* wake the display thread */
    pthread_mutex_lock(&v->lock);
    while (v->shot_req && !atomic_load(&v->quit))
        pthread_cond_wait(&v->cond, &v->lock);
    int r = v->shot_req ? -1 : v->shot_res;
    if (v->shot_req)
        fprintf(stderr, "alphavlm: %s: not written (the window was closed)\n", path);
    v->shot_req = NULL;
    pthread_mutex_unlock(&v->lock);
    return r;
}

void window_join(struct view *v)
{
    SDL_Event e = { .type = SDL_USEREVENT };

    SDL_PushEvent(&e);
    pthread_join(v->thread, NULL);
}
