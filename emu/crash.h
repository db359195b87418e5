/*
 * crash.h — crash reports with names: when the guest kernel calls PAL
 * bugchk (a panic) or breaks the machine (a machine check), print the
 * message, the registers and a backtrace as function+offset (file:line),
 * read from the kernel ELF with image/sym.c (elfutils libdwfl).
 *
 * The backtrace unwinds the kernel stack with the kernel's call-frame
 * information (.debug_frame, read by libdw: sym_unwind).  A return address
 * inside an exception entry stub (one of the wrent'd entry points; they
 * are assembly without CFI) means the frame below was called by the PAL's
 * entry: its CFA is the trap frame, and the walk goes on from the
 * interrupted pc and registers (docs/debugging.md).
 */
#ifndef CRASH_H
#define CRASH_H

#include "emu/machine.h"

/*
 * crash_report — "alphavlm: WHAT: msg" (when what is not NULL), the
 * registers x[0..31] and pc (x NULL: Unicorn's live ones), and the
 * backtrace, to stderr.  The kernel's symbols come from m->cfg.kernel_path;
 * without them frames show "?".  Can't fail.
 */
void crash_report(struct machine *m, const char *what, const char *msg, const uint64_t *x,
                  uint64_t pc);

/* One frame: the pc, and whether it is exact (the first frame, or the pc
 * an exception interrupted) rather than a return address. */
struct crash_frame { uint64_t pc; bool exact; };

struct sym_file;

/*
 * crash_backtrace — the frames of the kernel stack from pc and registers
 * x[0..31] into f[0..max): f[0] = pc, then return addresses, and after an
 * exception frame its interrupted pc.  Stops where sf has no CFI, at a
 * stack that does not grow toward the callers, at a frame from user mode,
 * or at max.  Returns the number of frames.  Reads guest memory only
 * (kernel mode, no side effects).
 */
int crash_backtrace(struct machine *m, struct sym_file *sf, uint64_t pc, const uint64_t *x,
                    struct crash_frame *f, int max);

/*
 * crash_user_symbol — name user pc of VLM/OS program `prog` (its process
 * name) as "func+0x1c (file.c:42)" into out (n bytes; out may alias prog),
 * from the program's ELF with debug info: the `run ./path` host file when
 * prog is its base name, else build/workloads/PROG.elf (the initrd's copies
 * are stripped).  0, or -1 (out unchanged) when neither has a symbol for pc.
 */
int crash_user_symbol(struct machine *m, const char *prog, uint64_t pc, char *out, size_t n);

#endif /* CRASH_H */
