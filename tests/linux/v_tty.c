/* v_tty (VLM/OS only, at a terminal: tests/linux/run.sh drives it in tmux):
 * tcsetpgrp makes the program's group the console's foreground group; then
 * Ctrl-C is SIGINT and Ctrl-Z SIGTSTP to it, each interrupting a read of the
 * console (EINTR: no SA_RESTART); "q" ends that, then a byte read with
 * ICANON and ECHO off (raw_reads). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static volatile sig_atomic_t ints, tstps;

static void on_sig(int sig)
{
    if (sig == SIGINT)
        ints++;
    else
        tstps++;
}

/* The termios the console keeps (glibc's tcgetattr is TCGETS2): without
 * ICANON and ECHO a read takes one byte as it comes, unechoed; with VMIN 0
 * and VTIME 0 it returns at once. */
static int raw_reads(void)
{
    struct termios old, t;
    char c = 0;

    if (tcgetattr(0, &old) != 0)
        return 1;
    t = old;
    t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    tcsetattr(0, TCSANOW, &t);
    tcgetattr(0, &t);
    printf("raw ready, icanon %d\n", !!(t.c_lflag & ICANON));
    ssize_t n = read(0, &c, 1);
    printf("raw: %zd %c\n", n, c);
    t.c_cc[VMIN] = 0;
    tcsetattr(0, TCSANOW, &t);
    printf("vmin 0: %zd\n", read(0, &c, 1));
    tcsetattr(0, TCSANOW, &old);
    return 0;
}

int main(void)
{
    struct sigaction sa;
    char buf[64];

    setvbuf(stdout, NULL, _IONBF, 0);
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_sig;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTSTP, &sa, NULL);
    errno = 0;
    int r = tcsetpgrp(0, 4242);
    printf("tcsetpgrp(no such group): %d ESRCH %d\n", r, errno == ESRCH);
    /* pid 1 leads its own group (getpgrp's getpgid call comes with fork). */
    r = tcsetpgrp(0, getpid());
    printf("tcsetpgrp: %d, foreground is mine %d\n", r, tcgetpgrp(0) == getpid());
    for (;;) {
        printf("ready %d %d\n", ints, tstps);
        ssize_t n = read(0, buf, sizeof(buf));
        if (n < 0)
            printf("read: EINTR %d, SIGINT %d, SIGTSTP %d\n", errno == EINTR, ints, tstps);
        else if (n > 0 && buf[0] == 'q')
            break;
    }
    return raw_reads();
}
