/*
 * clock.h — the instruction clock and the interval timer (DESIGN.md section 6).
 *
 * icount mode: virtual time is retired instructions, counted per translated
 * block by a UC_HOOK_BLOCK; a tick falls due every `quantum` instructions and
 * is delivered at the next block boundary, so runs are deterministic.
 * host mode: a timer thread marks a tick due every quantum x 10 ns (a nominal
 * 100 MIPS machine) and stops the CPU with uc_emu_stop(); no block hook runs
 * unless something counts instructions (--max-insns, --trace).  Fastest, not
 * deterministic.  machine_request_stop() says where each mode stops.
 */
#ifndef CLOCK_H
#define CLOCK_H

#include "emu/machine.h"

/* Install the counting block hook (icount, --max-insns, --trace) and/or
 * start the host timer thread (--clock host).  0, or -1 with a message. */
int  clock_init(struct machine *m);
void clock_stop(struct machine *m);  /* joins the timer, frees the block cache; can't fail */

/* Instruction clock: retired instructions (icount), or nominal count (host). */
uint64_t clock_now(struct machine *m);

/*
 * PAL wtint: wait until a clock tick is due, as if up to max_ticks (at least
 * 1) ticks passed with nothing to do (OSF/1 wtint's "ticks to skip").
 * icount: virtual time jumps to the max_ticks-th next tick at once (the
 * jump is part of virtual time, so runs stay repeatable; on an interactive
 * console they pass in real time, see pace()); host: sleeps until the next
 * tick.  Returns the ticks that passed (0 if one was already due).
 */
uint64_t clock_wait_tick(struct machine *m, uint64_t max_ticks);

/* An illegal-instruction trap at pc: with --clock icount, a user read of
 * `time` (Unicorn traps it) is given the instruction count, as cycle and
 * instret are, and pc moves past it.  Works on the saved registers
 * (cpu_save); returns true if it did, false (nothing changed) otherwise. */
bool clock_counter_trap(struct machine *m, uint64_t pc);

/* Forget cached per-block instruction counts (code mappings changed). */
void clock_forget_blocks(struct machine *m);

#endif /* CLOCK_H */
