/*
 * console.h — the console device behind PAL cserve (DESIGN.md section 3,
 * docs/pal.md).  Output goes to stdout (flushed at each newline on a
 * terminal, before waiting for input and at exit); input is read from stdin
 * without blocking, and its end is reported (CONSOLE_EOF) rather than
 * looking like "nothing yet".
 */
#ifndef CONSOLE_H
#define CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Write bytes to stdout.  Can't fail (output errors are ignored, as a
 * closed terminal must not stop the machine). */
void console_write(const void *buf, size_t len);

/* The next input byte, CONSOLE_NONE if none is waiting, CONSOLE_EOF once
 * stdin has ended.  Never blocks. */
int64_t console_getc(void);

/* True if a byte (or the end of input) is waiting now.  Never blocks. */
bool console_ready(void);

/* Block until input is waiting: 1, or 0 when stdin has ended.  Also
 * returns 1 (a spurious wake-up: the guest finds nothing and waits again)
 * when the fd given to console_wake_fd is readable. */
int64_t console_wait(void);

/* An fd that ends console_wait early (the gdb stub's Ctrl-C: the guest
 * must not sleep in the host while gdb wants it stopped); -1 for none. */
void console_wake_fd(int fd);

/*
 * console_raw — if stdin is a terminal, put it in raw mode (no echo, no
 * line editing, no signal keys: the guest OS does those) until exit; the
 * original mode comes back at exit and on fatal signals.  Returns true if it
 * did.  Can't fail.
 */
bool console_raw(void);

/* Flush buffered console output to stdout.  Can't fail (errors are ignored,
 * as in console_write). */
void console_flush(void);

#endif /* CONSOLE_H */
