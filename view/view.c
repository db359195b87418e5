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
#include "guestos/abi/vlmos.h"
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

static int shot(struct view *v, const char *path, const char *status);

/* The still's "About this picture": what moment it shows (what), then how
 * to read it; into ui->note. */
static void note(struct view *v, struct view_ui *ui, const char *what, const char *more)
{
    static const char *const how[] = {
        "Frame colours: each frame's state in VLM/OS's frame database (legend above); a process's",
        "pages take its colour in the process list below.  docs/display.md has the rest.",
    };
    snprintf(v->note[0], sizeof(v->note[0]), "%s", what);
    snprintf(v->note[1], sizeof(v->note[1]), "%s", more);
    for (int i = 0; i < 2; i++)
        snprintf(v->note[2 + i], sizeof(v->note[0]), "%s", how[i]);
    int n = 0;
    for (int i = 0; i < 4; i++)                       /* the lines that say something */
        if (v->note[i][0])
            ui->note[n++] = v->note[i];
    while (n < SEL_LINES)
        ui->note[n++] = NULL;
    ui->still = true;
}

/* Canvas and snapshot (*sp) on first use.  0 or -1. */
static int ready(struct view *v, struct snap **sp)
{
    if (!v->canvas.s && canvas_open(&v->canvas, VIEW_W, VIEW_H))
        return -1;
    if (!*sp && !(*sp = snap_new()))
        return -1;
    (*sp)->seq = 0;                   /* a single picture: no fill marks, whole-run rates */
    return 0;
}

/* A picture on the CPU thread (no window). */
static int shot_here(struct view *v, const char *path, const char *status)
{
    char what[160];

    if (ready(v, &v->snap))
        return -1;
    v->ui.full_scan = true;
    snprintf(what, sizeof(what), "The machine %s (--screenshot-at), while the guest runs.", status);
    note(v, &v->ui, what, "");
    view_paint(&v->canvas, v->snap, &v->ui, v->m, status);
    view_print_geometry(&v->ui);
    return canvas_save_png(&v->canvas, path);
}

/* A program is at its exit system call: snapshot the machine (cells
 * included) as --screenshot's picture, in case it is the last one.  The
 * snapshot costs about as much as one picture of the live window. */
static void last_moment(struct view *v)
{
    struct machine *m = v->m;
    char a[32];

    m->view_sys_hit = false;
    if (ready(v, &v->last))
        return;
    v->last_ui.sel_pfn = -1;
    v->last_ui.full_scan = true;
    v->last_ui.keep_cells = false;
    snap_take(v->last, m);
    const struct snap_proc *p = v->last->cur >= 0 ? &v->last->proc[v->last->cur] : NULL;
    if (p)
        snprintf(v->last_what, sizeof(v->last_what), "pid %d (%s) at its exit, instruction %s",
                 p->pid, p->name, commas(m->icount, a, sizeof(a)));
    else                                  /* the kernel has not published its processes */
        snprintf(v->last_what, sizeof(v->last_what), "a program at its exit, instruction %s",
                 commas(m->icount, a, sizeof(a)));
    view_draw(&v->canvas, v->last, m, &v->last_ui);    /* fills last_ui's cells */
}

/* --screenshot at the end: the last program exit seen, else the halted machine,
 * and in words which of the two it is.  0 or -1. */
static int final_shot(struct view *v, int status)
{
    char st[200], what[200], more[160], a[32];

    if (v->window || !v->last) {
        snprintf(st, sizeof(st), "halted (status %d)", status);
        snprintf(what, sizeof(what), "The machine after it halted with status %d: no program exit "
                 "was seen,", status);
        if (!v->window)                                /* the window keeps its hints */
            note(v, &v->ui, what, "so this is what was left: freed frames, flushed TLBs.");
        return shot(v, v->m->cfg.screenshot, st);
    }
    snprintf(st, sizeof(st), "last moment: %s", v->last_what);
    snprintf(what, sizeof(what), "The last moment a program ran: %s.", v->last_what);
    snprintf(more, sizeof(more), "The machine then halted with status %d (at instruction %s): every "
             "process exits, its frames are freed.", status, commas(v->m->icount, a, sizeof(a)));
    note(v, &v->last_ui, what, more);
    v->last_ui.keep_cells = true;                      /* RAM has moved on since */
    v->last_ui.status = st;
    view_draw(&v->canvas, v->last, v->m, &v->last_ui);
    view_print_geometry(&v->last_ui);
    return canvas_save_png(&v->canvas, v->m->cfg.screenshot);
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
    if (!v->window && m->cfg.screenshot && m->cfg.vlmos) {
        m->view_sys[0] = SYS_exit;                     /* VLM/OS's, as Linux RISC-V's */
        m->view_sys[1] = SYS_exit_group;
    }
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
    if (m->view_sys_hit)
        last_moment(v);
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
    int r = 0;

    if (!v)
        return 0;
    if (m->cfg.screenshot && final_shot(v, status) != 0)
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
    snap_free(v->last);
    view_ui_free(&v->ui);
    view_ui_free(&v->last_ui);
    if (TTF_WasInit())
        TTF_Quit();
    pthread_mutex_destroy(&v->lock);
    pthread_cond_destroy(&v->cond);
    free(v);
    m->view = NULL;
    m->view_stopped = NULL;
    m->view_at = 0;
    m->view_sys[0] = m->view_sys[1] = 0;
    return r;
}
