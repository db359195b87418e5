/*
 * cli.h — command-line parsing for `alphavlm`, kept apart from main() so the
 * unit tests can check every rejection without booting a machine.
 */
#ifndef CLI_H
#define CLI_H

#include "machine.h"

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
 * filled in first).  Returns 0, or -1 after printing one line to stderr
 * naming the bad option or value.
 */
int cli_parse_run(int argc, char **argv, struct machine_config *cfg);

#endif /* CLI_H */
