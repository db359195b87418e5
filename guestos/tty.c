/*
 * console.c — the console: output through PAL cserve, input polled into a
 * line buffer.  When the host terminal is in raw mode (HWRPB_CONS_TTY) the
 * kernel does the line discipline: echo, backspace, Ctrl-U erases the line,
 * Ctrl-D ends input, Ctrl-C sends SIGINT and Ctrl-Z SIGTSTP to the
 * foreground group (TIOCSPGRP's; without one, pid 1's children in its
 * group: a program without a handler ends with 128 + VSIG_INT = 130),
 * Ctrl-\ halts the machine (so there is no SIGQUIT key).
 * A program (the shell, for its line editor) can switch that discipline off
 * with the VCONS_SETRAW ioctl: no echo, every byte (Ctrl-C too) is read as
 * it comes.  When the host's input is no terminal, bytes pass through as
 * they are, the ioctl is -VE_NOTTY, and the end of the host's input is the
 * end of file.
 */
#include "guestos/file.h"
#include "guestos/palcall.h"
#include "guestos/proc.h"

#define IBUF 2048

static char ibuf[IBUF];
static unsigned ihead, itail;      /* ring: [itail, ihead) holds input */
static unsigned lines;             /* complete lines (or ^D marks) in the ring */
static bool host_eof;
static bool raw;                   /* VCONS_SETRAW: no line discipline */
static int readers;

void console_write(const char *s, size_t len)
{
    if (len)
        pal_puts(kptr_to_pa(s), len);
}

static unsigned used(void)
{
    return ihead - itail;
}

static void push(char c)
{
    if (used() < IBUF)
        ibuf[ihead++ % IBUF] = c;
}

static void echo(const char *s)
{
    if (boot.console_tty)
        console_write(s, strlen(s));
}

/* Erase the last character of the line being typed; true if there was one. */
static bool erase(void)
{
    if (!used() || ibuf[(ihead - 1) % IBUF] == '\n' || ibuf[(ihead - 1) % IBUF] == 4)
        return false;
    ihead--;
    echo("\b \b");
    return true;
}

static void cooked(char c)
{
    char s[2] = { c, 0 };

    if (c == 0x1c) {
        kprintf("\nvlmos: halted from the console (Ctrl-\\)\n");
        pal_halt(130);
    }
    if (raw) {
        push(c);
        return;
    }
    switch (c) {
    case 3: case 0x1a:                       /* Ctrl-C, Ctrl-Z: the foreground group (signal.c) */
        if (!sig_tty_key(c))
            break;                           /* Ctrl-Z with no job-control shell: a byte */
        echo(c == 3 ? "^C\n" : "^Z\n");
        return;
    case 0x7f: case '\b': erase(); return;
    case 0x15: while (erase()) ; return;
    case 4:    push(4); lines++; return;
    case '\r': c = '\n'; s[0] = c; break;
    default:   break;
    }
    if (used() >= IBUF - 1 && c != '\n')
        return;                              /* full: keep room for the newline */
    push(c);
    echo(s);
    if (c == '\n')
        lines++;
}

void console_poll(void)
{
    int64_t c;
    unsigned before = lines, head = ihead;

    while ((c = pal_getc()) >= 0) {
        if (boot.console_tty) {
            cooked((char)c);
        } else {
            push((char)c);
            lines += c == '\n';
        }
    }
    if (c == CONSOLE_EOF && !host_eof) {
        host_eof = true;
        lines++;
    }
    if (lines != before || (raw && ihead != head))
        wakeup(ibuf);
}

bool console_has_readers(void)
{
    return readers > 0;
}

bool console_at_eof(void)
{
    return host_eof && !used();
}

/* Take up to len bytes of the first line (or what input is left at EOF). */
static uint64_t take_line(char *dst, uint64_t len)
{
    uint64_t n = 0;

    while (n < len && used()) {
        char c = ibuf[itail++ % IBUF];
        if (c == 4 && boot.console_tty) {    /* ^D: end of this read */
            lines--;
            break;
        }
        dst[n++] = c;
        if (c == '\n') {
            lines--;
            break;
        }
    }
    return n;
}

/* What a reader may take now: a line (cooked), any byte (raw). */
static bool readable(void)
{
    return raw ? used() > 0 : lines > 0;
}

/* Raw: up to len bytes of whatever is there. */
static uint64_t take_bytes(char *dst, uint64_t len)
{
    uint64_t n = 0;

    while (n < len && used())
        dst[n++] = ibuf[itail++ % IBUF];
    return n;
}

/* The line count after a switch back from raw mode (bytes typed ahead). */
static unsigned count_lines(void)
{
    unsigned n = 0;

    for (unsigned i = itail; i != ihead; i++)
        n += ibuf[i % IBUF] == '\n' || ibuf[i % IBUF] == 4;
    return n;
}

int64_t console_ioctl(uint64_t cmd, uint64_t arg)
{
    if (cmd != VCONS_SETRAW)
        return -VE_INVAL;
    if (!boot.console_tty)
        return -VE_NOTTY;
    raw = arg != 0;
    lines = count_lines();
    return 0;
}

int64_t console_read(uint64_t ubuf, uint64_t len)
{
    char tmp[256];

    if (!len)
        return 0;
    while (!readable() && !(host_eof && !boot.console_tty)) {
        readers++;
        int r = sleep_on(ibuf, 0);
        readers--;
        if (r)
            return r;
    }
    if (host_eof && !used())
        return 0;
    uint64_t n = raw ? take_bytes(tmp, MIN(len, sizeof(tmp))) : take_line(tmp, MIN(len, sizeof(tmp)));
    if (copyout(curproc, ubuf, tmp, n))
        return -VE_FAULT;
    return (int64_t)n;
}

int console_poll_in(bool wait, uint64_t deadline)
{
    if (!wait)
        return readable() || (host_eof && !boot.console_tty);
    readers++;                         /* the idle loop waits for input, not a deadlock */
    int r = sleep_on(ibuf, deadline);
    readers--;
    return r;
}
