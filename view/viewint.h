/*
 * viewint.h — the live view's state shared by its CPU-thread side (view.c)
 * and its display thread (window.c).  Not a public interface.
 */
#ifndef VIEW_VIEWINT_H
#define VIEW_VIEWINT_H

#include <pthread.h>
#include <stdatomic.h>
#include "view/panels.h"
#include "view/view.h"

struct view {
    struct machine *m;
    /* The display thread (window.c), when --display sdl. */
    bool window;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cond;          /* init done, pause ended, picture taken */
    int init;                     /* 0 starting, 1 up, -1 failed */
    atomic_bool paused, quit, halted, hold;
    atomic_bool cpu_waits;        /* the CPU thread is held by the pause now */
    int status;                   /* the guest's, once halted */
    unsigned long pictures;       /* redraws of the window, and over how long */
    double seconds;
    const char *shot_req;         /* a picture the CPU thread waits for, or NULL */
    int shot_res;
    /* Pictures taken on the CPU thread when there is no window. */
    struct canvas canvas;
    struct snap *snap;
    struct view_ui ui;
    char shot_name[4200];
    /* --screenshot without a window: the machine at the last program exit
     * seen (each exit system call redraws it), drawn again at the end. */
    struct snap *last;
    struct view_ui last_ui;
    char last_what[120];              /* "pid 1 (usertests) at its exit, instruction N" */
    char note[SEL_LINES][160];        /* the still's "About this picture" lines */
};

/* Start the display thread and wait until its window is up.  0 or -1 (one
 * line printed; the thread has ended). */
int  window_start(struct view *v);
/* Ask the display thread for a picture of the machine now (the CPU is
 * stopped) and wait for it.  0 or -1. */
int  window_shot(struct view *v, const char *path);
/* Wait for the display thread to end (after `halted` or `quit`). */
void window_join(struct view *v);

/* Snapshot the machine and draw it on canvas c (both already open). */
void view_paint(struct canvas *c, struct snap *s, struct view_ui *ui, struct machine *m,
                const char *status);

#endif /* VIEW_VIEWINT_H */
