/*
 * console.c — see console.h.
 */
#include <poll.h>
#include <string.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>
#include "axp64/axp64.h"
#include "emu/console.h"

static int tty_out = -1;
static bool input_ended;
static struct termios saved;
static bool raw_on;

void console_write(const void *buf, size_t len)
{
    const char *p = buf;

    if (tty_out < 0)
        tty_out = isatty(STDOUT_FILENO);
    fwrite(p, 1, len, stdout);
    if (tty_out && len && memchr(p, '\n', len))
        fflush(stdout);
}

int64_t console_getc(void)
{
    struct pollfd pf = { .fd = STDIN_FILENO, .events = POLLIN };
    unsigned char c;

    if (input_ended)
        return CONSOLE_EOF;
    fflush(stdout);
    if (poll(&pf, 1, 0) != 1 || !(pf.revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)))
        return CONSOLE_NONE;
    if (read(STDIN_FILENO, &c, 1) == 1)
        return c;
    input_ended = true;                  /* 0 bytes: end of file; an error ends it too */
    return CONSOLE_EOF;
}

bool console_ready(void)
{
    struct pollfd pf = { .fd = STDIN_FILENO, .events = POLLIN };

    return input_ended || (poll(&pf, 1, 0) == 1 && pf.revents);
}

static int wake_fd = -1;

void console_wake_fd(int fd)
{
    wake_fd = fd;
}

int64_t console_wait(void)
{
    struct pollfd pf[2] = { { STDIN_FILENO, POLLIN, 0 }, { wake_fd, POLLIN, 0 } };

    if (input_ended)
        return 0;
    fflush(stdout);
    while (poll(pf, wake_fd >= 0 ? 2 : 1, -1) < 0)
        ;
    return 1;
}

static void restore(void)
{
    if (raw_on)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    raw_on = false;
}

static void on_fatal(int sig)
{
    restore();
    signal(sig, SIG_DFL);
    raise(sig);
}

bool console_raw(void)
{
    struct termios t;

    if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved) != 0)
        return false;
    t = saved;
    t.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG | IEXTEN);
    t.c_iflag &= ~(tcflag_t)(IXON | ICRNL);
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &t) != 0)
        return false;
    raw_on = true;
    atexit(restore);
    signal(SIGTERM, on_fatal);
    signal(SIGHUP, on_fatal);
    signal(SIGSEGV, on_fatal);
    signal(SIGABRT, on_fatal);
    return true;
}

void console_flush(void)
{
    fflush(stdout);
}
