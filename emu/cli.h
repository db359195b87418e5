/*
 * cli.h — command-line parsing for `alphavlm`, kept apart from main() so the
 * unit tests can check every rejection without booting a machine.
 */
#ifndef CLI_H
#define CLI_H

#include "emu/machine.h"

/* The shortest clock quantum accepted (instructions between clock
 * interrupts): VLM/OS's clock interrupt path takes about 400 instructions
 * (measured: at --quantum 390 no user instruction ever ran), and any kernel
 * needs some time outside its clock handler. */
#define QUANTUM_MIN_VLMOS 1000
#define QUANTUM_MIN       100
#define QUANTUM_MAX       1000000000000UL  /* 10^12 instructions */
#define QUANTUM_MAX_HOST  100000000UL      /* host clock: N x 10 ns, at most 1 s */


/*
 * parse_size — "16G", "512M", "8192", "64K", "1T" (binary multiples) into
 * *out.  Returns 0, or -1 for empty, junk, zero or overflowing input.
 * Prints nothing.
 */
int parse_size(const char *s, uint64_t *out);

/* parse_count — a positive decimal integer.  0 or -1, prints nothing. */
int parse_count(const char *s, uint64_t *out);

/*
 * cli_parse_run — parse the arguments after "run" into *cfg (defaults
 * filled in first): options, then optionally PROGRAM and its arguments.
 * Without --kernel the machine boots VLM/OS (cfg->vlmos; kernel_path stays
 * NULL for artifact_find_vlmos, image/artifact.h, to fill) running PROGRAM, "sh" by default; a
 * PROGRAM containing '/' is a host file to add to the initrd.  Returns 0,
 * or -1 after printing one line to stderr naming the bad option or value.
 * cfg points into argv (no allocation).
 */
int cli_parse_run(int argc, char **argv, struct machine_config *cfg);

/* The options cli_parse_run takes, as `alphavlm --help` lists them: two-space
 * indented lines, each ending in a newline. */
extern const char cli_run_help[];

#endif /* CLI_H */
