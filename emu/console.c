/*
 * console.c — see console.h.
 */
#include <poll.h>
#include <stdio.h>
#include <unistd.h>
#include "../mmu/axp64.h"
#include "console.h"

static int64_t console_getc(void)
{
    struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
    unsigned char c;

    fflush(stdout);
    if (poll(&p, 1, 0) != 1 || !(p.revents & (POLLIN | POLLHUP)))
        return -1;
    return read(STDIN_FILENO, &c, 1) == 1 ? c : -1;
}

int64_t console_cserve(uint64_t fn, uint64_t arg)
{
    static int tty = -1;

    switch (fn) {
    case CSERVE_PUTC:
        if (tty < 0)
            tty = isatty(STDOUT_FILENO);
        putchar((int)(arg & 0xFF));
        if (tty && (arg & 0xFF) == '\n')
            fflush(stdout);
        return 0;
    case CSERVE_GETC:
        return console_getc();
    default:
        return -1;
    }
}

void console_flush(void)
{
    fflush(stdout);
}
