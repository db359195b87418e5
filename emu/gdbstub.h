/*
 * gdbstub.h — the GDB remote stub (`alphavlm run --gdb PORT [--gdb-wait]`):
 * its life cycle and the run loop's hook points.  docs/debugging.md says
 * what it offers; the protocol layer is gdbstub_pkt.h.
 *
 * Without --gdb, m->gdb is NULL and the machine has no stub hooks at all.
 * With it, a listening socket on 127.0.0.1:PORT and one helper thread that
 * only watches the sockets while the guest runs (Ctrl-C, a new client, a
 * dropped connection) and stops the CPU with uc_emu_stop.
 */
#ifndef GDBSTUB_H
#define GDBSTUB_H

#include "emu/machine.h"

/*
 * gdb_open — listen on 127.0.0.1:port (1..65535) and start the helper
 * thread.  With `wait`, block until a debugger connects and tells the
 * machine to run (the CPU is at the kernel entry, nothing has executed).
 * 0, or -1 with a one-line message (port in use...); nothing is left open.
 */
int gdb_open(struct machine *m, int port, bool wait);

/* Stop the thread, close the sockets, free m->gdb.  NULL m->gdb is fine. */
void gdb_close(struct machine *m);

/*
 * gdb_before_run — called by run_once before uc_emu_start.  Serves the
 * debugger while the machine is stopped (blocking), and arms the
 * breakpoint skip at pc.  Returns the instruction count for uc_emu_start
 * (1 for a single step, 0 to run), or -1 if the machine must halt now
 * (`k`: m->mchk and m->exit_status are set).
 */
int gdb_before_run(struct machine *m);

/*
 * gdb_after_run — called by run_once after uc_emu_start and fault delivery
 * with the STOP_* bits that ended the run.  Reports a finished step, a
 * breakpoint, a watchpoint, Ctrl-C, a kernel crash (bugchk, machine check)
 * to the debugger and serves it until it resumes.  Returns true if it
 * reported a stop (the run loop then delivers no interrupt before the next
 * run, so a resumed breakpoint is not pre-empted by a due clock tick).
 */
bool gdb_after_run(struct machine *m, unsigned why);

/* The machine has halted with `status`: tell the debugger (W packet) and
 * close the connection.  Can't fail. */
void gdb_halted(struct machine *m, int status);

#endif /* GDBSTUB_H */
