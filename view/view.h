/*
 * view.h — the machine's live view (`alphavlm run --display sdl`) and its
 * screenshots (`--screenshot FILE.png`, `--screenshot-at N`); docs/display.md.
 *
 * Threads: the CPU stays on the main thread.  The window lives on a display
 * thread of its own that makes every SDL call, snapshots the machine 20
 * times a second without stopping the CPU (view/snap.h says why that is
 * safe), and stops the CPU only to pause it.  Without --display and
 * --screenshot nothing here runs: m->view stays NULL.
 *
 * Error convention: 0, or -1 after printing one line.
 */
#ifndef VIEW_VIEW_H
#define VIEW_VIEW_H

#include <stdbool.h>
#include "emu/machine.h"

/*
 * view_start — after machine_init: open the window (cfg.display) on its
 * thread and get screenshots ready.  Returns 0 (m->view set, or NULL when
 * neither was asked for), or -1 after one line, e.g. when no display is
 * available or the font is missing (the caller exits with status 2).
 */
int view_start(struct machine *m);

/*
 * view_cpu_stopped — the run loop calls this (CPU thread) each time the CPU
 * has stopped: it takes the --screenshot-at pictures that are due, a
 * snapshot for --screenshot when a program is at its exit, and waits
 * here while the view is paused.  Returns false when the person at the
 * window asked to quit (the machine then halts with status 130).
 */
bool view_cpu_stopped(struct machine *m);

/*
 * view_end — after machine_run, before machine_free: take the --screenshot
 * picture (without a window: of the last program exit seen, the moment
 * before the halt freed everything; else, and with a window, of the halted
 * machine; the picture says which), show the halted machine (from a terminal the window stays until
 * it is closed), stop the display thread, free everything.  Returns 0, or -1
 * if a picture could not be written (a message says which).
 */
int view_end(struct machine *m, int status);

#endif /* VIEW_VIEW_H */
