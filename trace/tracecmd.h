/*
 * tracecmd.h — the `alphavlm trace` subcommand: dump, step, diff, stats,
 * export (docs/trace.md).  `trace render` draws with SDL and is view/'s
 * (view/trender.h); cmd/alphavlm.c puts the two side by side.
 */
#ifndef TRACECMD_H
#define TRACECMD_H

/* argv[0] is "trace".  Returns the exit status: 0; 1 for diff when the
 * traces differ, and for a damaged trace; 2 for bad input (one line on
 * stderr; diff: a damaged trace too). */
int trace_main(int argc, char **argv);

/* The commands' lines of `alphavlm --help`, two-space indented, one per
 * command (continuations further in), each ending in a newline. */
extern const char trace_help[];

#endif /* TRACECMD_H */
