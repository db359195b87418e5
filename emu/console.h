/*
 * console.h — the console device behind PAL cserve (DESIGN.md section 3).
 * Output goes to stdout (flushed at each newline on a terminal, at input
 * requests and at exit); input is read from stdin without blocking.
 */
#ifndef CONSOLE_H
#define CONSOLE_H

#include <stdint.h>

/* cserve(a0 = function, a1 = argument) -> a0.  CSERVE_PUTC returns 0;
 * CSERVE_GETC returns the next byte or -1 if none is waiting (or at EOF);
 * an unknown function returns -1.  Can't fail. */
int64_t console_cserve(uint64_t fn, uint64_t arg);

void console_flush(void);

#endif /* CONSOLE_H */
