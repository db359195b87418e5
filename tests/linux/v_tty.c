/* v_tty (VLM/OS only, at a terminal: tests/linux/run.sh drives it in tmux):
 * tcsetpgrp makes the program's group the console's foreground group; then
 * Ctrl-C is SIGINT and Ctrl-Z SIGTSTP to it, each interrupting a read of the
 * console (EINTR: no SA_RESTART); "q" ends it. */
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
            return 0;
    }
}
