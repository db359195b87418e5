/*
 * view.c — see view.h.  This file is the CPU thread's side: starting and
 * ending the view, pausing, and the screenshots (drawn into a memory
 * surface by the window's own renderer and saved by SDL2_image, so they
 * need no display at all).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <SDL2/SDL.h>
#include "view/viewint.h"

void view_paint(struct canvas *c, struct snap *s, struct view_ui *ui, struct machine *m,
                const char *status)
{
    snap_take(s, m);
    ui->status = status;
    if (ui->sel_pfn >= 0 && s->seq % 20 == 1)     /* page tables searched once a second */
        view_select(ui, s, m, ui->sel_pfn);
    view_draw(c, s, m, ui);
}

/* The next --screenshot-at instruction count after the ones taken, or 0. */
static void arm_next_shot(struct machine *m)
{
    const struct machine_config *c = &m->cfg;
    uint64_t next = 0;

    for (unsigned i = 0; i < c->nshots; i++)
        if (!(c->shot_at[i] & SHOT_VLM) && c->shot_at[i] > m->icount && (!next || c->shot_at[i] < next))
            next = c->shot_at[i];
    m->view_at = next;
}

/* A picture on the CPU thread (no window): canvas and snapshot on first use. */
static int shot_here(struct view *v, const char *path, const char *status)
{
    if (!v->canvas.s && canvas_open(&v->canvas, VIEW_W, VIEW_H))
        return -1;
    if (!v->snap && !(v->snap = snap_new()))
        return -1;
    v->snap->seq = 0;                 /* a single picture: no fill marks, whole-run rates */
    v->ui.full_scan = true;
    view_paint(&v->canvas, v->snap, &v->ui, v->m, status);
    view_print_geometry(&v->ui);
    return canvas_save_png(&v->canvas, path);
}

static int shot(struct view *v, const char *path, const char *status)
{
    return v->window ? window_shot(v, path) : shot_here(v, path, status);
}

/* FILE.png -> FILE-N.png, or FILE-vlmSTEP.png */
static const char *at_name(struct view *v, uint64_t n)
{
    const char *p = v->m->cfg.screenshot;
    size_t len = strlen(p) - 4;

    snprintf(v->shot_name, sizeof(v->shot_name), "%.*s-%s%llu.png", (int)len, p,
             n & SHOT_VLM ? "vlm" : "", (unsigned long long)(n & ~SHOT_VLM));
    return v->shot_name;
}

/* A vlm:STEP picture whose step the kernel just reported (the first time
 * only: the request is then spent). */
static void vlm_shots(struct view *v)
{
    struct machine *m = v->m;
    char status[64];

    if (!m->view_step)
        return;
    for (unsigned i = 0; i < m->cfg.nshots; i++) {
        uint64_t *at = &m->cfg.shot_at[i];
        if (!(*at & SHOT_VLM) || (*at & 0xFFFF) != m->view_step % 10000)
            continue;
        snprintf(status, sizeof(status), "at FIG. %u step %u", m->view_step / 10000,
                 m->view_step % 10000);
        if (shot(v, at_name(v, *at), status) == 0)
            fprintf(stderr, "alphavlm: screenshot %s\n", v->shot_name);
        *at = SHOT_VLM | 0xFFFF;                     /* taken: matches no step */
    }
    m->view_step = 0;
}

int view_start(struct machine *m)
{
    struct view *v;

    m->view = NULL;
    if (!m->cfg.display && !m->cfg.screenshot)
        return 0;
    if (!(v = calloc(1, sizeof(*v)))) {
        fprintf(stderr, "alphavlm: view: out of memory\n");
        return -1;
    }
    v->m = m;
    v->window = m->cfg.display;
    v->ui.sel_pfn = -1;
    pthread_mutex_init(&v->lock, NULL);
    pthread_cond_init(&v->cond, NULL);
    atomic_store(&v->hold, isatty(0) && isatty(2));
    if (v->window && window_start(v)) {
        pthread_mutex_destroy(&v->lock);
        pthread_cond_destroy(&v->cond);
        free(v);
        return -1;
    }
    m->view = v;
    m->view_stopped = view_cpu_stopped;
    arm_next_shot(m);
    return 0;
}

bool view_cpu_stopped(struct machine *m)
{
    struct view *v = m->view;
    char status[64];

    while (m->view_at && m->icount >= m->view_at) {
        uint64_t at = m->view_at;
        snprintf(status, sizeof(status), "at instruction %llu", (unsigned long long)at);
        if (shot(v, at_name(v, at), status) == 0)
            fprintf(stderr, "alphavlm: screenshot %s\n", v->shot_name);
        arm_next_shot(m);
    }
    vlm_shots(v);
    pthread_mutex_lock(&v->lock);
    while (atomic_load(&v->paused) && !atomic_load(&v->quit)) {
        atomic_store(&v->cpu_waits, true);
        pthread_cond_wait(&v->cond, &v->lock);
    }
    atomic_store(&v->cpu_waits, false);
    pthread_mutex_unlock(&v->lock);
    if (!atomic_load(&v->quit))
        return true;
    snprintf(m->mchk, sizeof(m->mchk), "the view window was closed");
    m->exit_status = 130;
    return false;
}

int view_end(struct machine *m, int status)
{
    struct view *v = m->view;
    char st[64];
    int r = 0;

    if (!v)
        return 0;
    snprintf(st, sizeof(st), "halted (status %d)", status);
    if (m->cfg.screenshot && shot(v, m->cfg.screenshot, st) != 0)
        r = -1;
    if (v->window) {
        pthread_mutex_lock(&v->lock);
        v->status = status;
        atomic_store(&v->halted, true);
        pthread_mutex_unlock(&v->lock);
        window_join(v);
        if (m->cfg.stats)
            fprintf(stderr, "alphavlm view: %lu pictures in %.2f s (%.1f per second)\n",
                    v->pictures, v->seconds, v->seconds > 0 ? (v->pictures - 1) / v->seconds : 0.0);
    }
    canvas_close(&v->canvas);
    snap_free(v->snap);
    view_ui_free(&v->ui);
    if (TTF_WasInit())
        TTF_Quit();
    pthread_mutex_destroy(&v->lock);
    pthread_cond_destroy(&v->cond);
    free(v);
    m->view = NULL;
    m->view_stopped = NULL;
    m->view_at = 0;
    return r;
}
