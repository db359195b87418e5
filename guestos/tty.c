/*
 * tty.c — the console: output through PAL cserve, input polled into a
 * ring and read through a line discipline that one kernel termios drives
 * (TCGETS/TCSETS and their termios2 forms, struct vlinux_termios2).
 * When the host terminal is in raw mode (HWRPB_CONS_TTY) the kernel honours:
 *   ICRNL   CR typed is NL;
 *   ICANON  lines, with VERASE (and backspace), VKILL, VEOF and VEOL;
 *           off: bytes as they come, a read waits for VMIN of them (0: not
 *           at all, VTIME tenths of a second at most);
 *   ECHO    typed bytes are echoed (ECHOE: an erase as "\b \b", ECHOCTL:
 *           control characters as ^X);
 *   ISIG    VINTR (Ctrl-C) sends SIGINT and VSUSP (Ctrl-Z) SIGTSTP to the
 *           foreground group (signal.c, sig_tty_key); off, they are bytes.
 * Ctrl-\ always halts the machine (there is no SIGQUIT key).  A process
 * outside the foreground group that reads gets SIGTTIN (signal.c,
 * sig_tty_access).  VLM/OS's shell switches the discipline off with
 * VCONS_SETRAW (ICANON, ECHO, ISIG and ICRNL off: every byte, Ctrl-C too,
 * as it comes) and back on.  When the host's input is no terminal, bytes
 * pass through as they are, the terminal ioctls are -VE_NOTTY, and the end
 * of the host's input is the end of file.
 */
#include "guestos/file.h"
#include "guestos/palcall.h"
#include "guestos/proc.h"
#include "guestos/signal.h"

#define IBUF 2048
#define EOF_MARK 4                 /* VEOF typed: ends a read (canonical) */

static char ibuf[IBUF];
static unsigned ihead, itail;      /* ring: [itail, ihead) holds input */
static unsigned lines;             /* complete lines (or EOF marks) in the ring */
static bool host_eof;
static int readers;

/* Linux's defaults for a terminal (stty sane): 38400 baud, CS8, the keys above. */
static struct vlinux_termios2 tio = {
    .iflag = 0x500, .oflag = 0x5, .cflag = 0xbf, .lflag = 0x8a3b,
    .cc = { 3, 0x1c, 0x7f, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1a, 0, 0x12, 0x0f, 0x17, 0x16, 0 },
    .ispeed = 38400, .ospeed = 38400,
};

static bool lflag(unsigned bit)
{
    return tio.lflag & bit;
}

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

/* The echo of typed byte c (ECHO on): ^X for a control character under ECHOCTL. */
static void echo_byte(char c)
{
    char s[3] = { c, 0, 0 };

    if (!lflag(VTC_ECHO))
        return;
    if (lflag(VTC_ECHOCTL) && (unsigned char)c < 32 && c != '\n' && c != '\t') {
        s[0] = '^';
        s[1] = (char)(c + 64);
    }
    echo(s);
}

/* Erase the last character of the line being typed; true if there was one. */
static bool erase(void)
{
    char last = used() ? ibuf[(ihead - 1) % IBUF] : '\n';

    if (last == '\n' || last == EOF_MARK)
        return false;
    ihead--;
    if (lflag(VTC_ECHO))
        echo(lflag(VTC_ECHOE) ? "\b \b" : "\b");
    return true;
}

/* c as a signal key (ISIG on, c one of VINTR, VSUSP): the signal, else 0. */
static int key_signal(char c)
{
    if (!lflag(VTC_ISIG) || !c)
        return 0;
    if (c == (char)tio.cc[VTC_VINTR])
        return VSIG_INT;
    return c == (char)tio.cc[VTC_VSUSP] ? VSIGTSTP : 0;
}

/* Canonical input: editing keys act, a line ends at NL, VEOL or VEOF. */
static void canonical(char c)
{
    if (c == (char)tio.cc[VTC_VERASE] || c == '\b') {
        erase();
        return;
    }
    if (c == (char)tio.cc[VTC_VKILL]) {
        while (erase())
            ;
        return;
    }
    if (c == (char)tio.cc[VTC_VEOF]) {
        push(EOF_MARK);
        lines++;
        return;
    }
    if (used() >= IBUF - 1 && c != '\n')
        return;                              /* full: keep room for the newline */
    push(c);
    echo_byte(c);
    if (c == '\n' || (c && c == (char)tio.cc[VTC_VEOL]))
        lines++;
}

static void cooked(char c)
{
    int sig;

    if (c == 0x1c) {
        kprintf("\nvlmos: halted from the console (Ctrl-\\)\n");
        pal_halt(130);
    }
    if (c == '\r' && (tio.iflag & VTC_ICRNL))
        c = '\n';
    if ((sig = key_signal(c)) != 0) {
        int how = sig_tty_key(sig);
        if (how) {
            echo_byte(c);
            if (how == 2)
                echo("\n");                  /* VLM/OS's shell's line: it prints no newline */
            return;
        }                                    /* Ctrl-Z with no job-control shell: a byte */
    }
    if (lflag(VTC_ICANON)) {
        canonical(c);
        return;
    }
    push(c);
    echo_byte(c);
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
    if (lines != before || (!lflag(VTC_ICANON) && ihead != head))
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

/* True if the console reads bytes as they come (not lines). */
static bool bytewise(void)
{
    return boot.console_tty && !lflag(VTC_ICANON);
}

/* Take up to len bytes of the first line (or what input is left at EOF). */
static uint64_t take_line(char *dst, uint64_t len)
{
    uint64_t n = 0;

    while (n < len && used()) {
        char c = ibuf[itail++ % IBUF];
        if (c == EOF_MARK && boot.console_tty) {   /* ^D: end of this read */
            lines--;
            break;
        }
        dst[n++] = c;
        if (c == '\n' || (c && c == (char)tio.cc[VTC_VEOL])) {
            lines--;
            break;
        }
    }
    return n;
}

/* Bytewise: up to len bytes of whatever is there. */
static uint64_t take_bytes(char *dst, uint64_t len)
{
    uint64_t n = 0;

    while (n < len && used())
        dst[n++] = ibuf[itail++ % IBUF];
    return n;
}

/* What a read of len bytes may take now: a line (canonical), VMIN bytes
 * (no more than asked for); with VMIN 0 a byte, or nothing at once when
 * VTIME is 0 too. */
static bool readable(uint64_t len)
{
    unsigned vmin = tio.cc[VTC_VMIN];

    if (!bytewise())
        return lines > 0;
    if (!vmin)
        return used() > 0 || !tio.cc[VTC_VTIME];
    return used() >= MIN(vmin, len);
}

/* The line count after a switch back to canonical input (bytes typed ahead). */
static unsigned count_lines(void)
{
    unsigned n = 0;

    for (unsigned i = itail; i != ihead; i++)
        n += ibuf[i % IBUF] == '\n' || ibuf[i % IBUF] == EOF_MARK;
    return n;
}

/* The wait of a read with VMIN 0: VTIME tenths of a second from now, 0 none. */
static uint64_t vtime_deadline(void)
{
    if (!bytewise() || tio.cc[VTC_VMIN] || !tio.cc[VTC_VTIME])
        return 0;
    return pal_rpcc() + tio.cc[VTC_VTIME] * (100000000UL / NS_PER_CYCLE);
}

int64_t console_read(uint64_t ubuf, uint64_t len)
{
    char tmp[256];
    uint64_t deadline = vtime_deadline();
    int r;

    if (!len)
        return 0;
    while ((r = sig_tty_access(VSIGTTIN)) == 0 && !readable(len) &&
           !(host_eof && !boot.console_tty)) {
        if (deadline && pal_rpcc() >= deadline)
            break;
        readers++;
        r = sleep_on(ibuf, deadline);
        readers--;
        if (r)
            return r;
    }
    if (r)
        return r;                              /* a background read: SIGTTIN or EIO */
    if (host_eof && !used())
        return 0;
    uint64_t n = bytewise() ? take_bytes(tmp, MIN(len, sizeof(tmp)))
                            : take_line(tmp, MIN(len, sizeof(tmp)));
    if (copyout(curproc, ubuf, tmp, n))
        return -VE_FAULT;
    return (int64_t)n;
}

/* Input a poll reports: a line (canonical), a byte, or the end of input. */
static bool has_input(void)
{
    return (bytewise() ? used() > 0 : lines > 0) || (host_eof && !boot.console_tty);
}

int console_poll_in(bool wait, uint64_t deadline)
{
    if (!wait)
        return has_input();
    readers++;                         /* the idle loop waits for input, not a deadlock */
    int r = sleep_on(ibuf, deadline);
    readers--;
    return r;
}

/* ---- the terminal's ioctls -------------------------------------------------- */

/* A new termios (TCSETS*: size bytes of it from arg; TCSETSF flushes the
 * typed-ahead input).  Switching ICANON recounts the lines. */
static int64_t set_termios(uint64_t arg, size_t size, bool flush)
{
    struct vlinux_termios2 t = tio;
    int r = sig_tty_access(VSIGTTOU);

    if (r)
        return r;
    if (copyin(curproc, &t, arg, size))
        return -VE_FAULT;
    tio = t;
    if (flush)
        itail = ihead;
    lines = count_lines();
    wakeup(ibuf);                              /* a bytewise reader may go now */
    return 0;
}

/* VCONS_SETRAW: the same state, as VLM/OS's shell's two modes. */
static void set_raw(bool on)
{
    const unsigned l = VTC_ICANON | VTC_ECHO | VTC_ISIG;

    tio.lflag = on ? tio.lflag & ~l : tio.lflag | l;
    tio.iflag = on ? tio.iflag & ~VTC_ICRNL : tio.iflag | VTC_ICRNL;
    tio.cc[VTC_VMIN] = 1;
    tio.cc[VTC_VTIME] = 0;
    lines = count_lines();
}

int64_t console_ioctl(uint64_t cmd, uint64_t arg)
{
    static struct vlinux_winsize ws = { 24, 80, 0, 0 };

    if (!boot.console_tty)
        return -VE_NOTTY;
    switch (cmd) {
    case VCONS_SETRAW:
        set_raw(arg != 0);
        return 0;
    case VTCGETS: case VTCGETS2:
        return copyout(curproc, arg, &tio, cmd == VTCGETS ? sizeof(struct vlinux_termios)
                                                          : sizeof(tio)) ? -VE_FAULT : 0;
    case VTCSETS: case VTCSETS + 1: case VTCSETSF:
        return set_termios(arg, sizeof(struct vlinux_termios), cmd == VTCSETSF);
    case VTCSETS2: case VTCSETS2 + 1: case VTCSETSF2:
        return set_termios(arg, sizeof(tio), cmd == VTCSETSF2);
    case VTIOCGWINSZ:
        return copyout(curproc, arg, &ws, sizeof(ws)) ? -VE_FAULT : 0;
    case VTIOCSWINSZ:
        return copyin(curproc, &ws, arg, sizeof(ws)) ? -VE_FAULT : 0;
    }
    return sig_tty_ioctl(cmd, arg);            /* the foreground group and session */
}
