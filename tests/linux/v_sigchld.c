/* v_sigchld (VLM/OS only: it starts children with VLM/OS's spawn, as
 * there is no fork yet): stop and continue (SIGSTOP, SIGTSTP, SIGCONT), the
 * SIGCHLD the parent gets for each (si_code, si_pid, si_status), a child
 * killed while stopped, a signal to a process group, and SIGCHLD ignored:
 * no zombie, wait finds no child. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define SYS_spawn 1000
#define SYS_wait  1001

static volatile sig_atomic_t got, code, cpid, cstatus;

static void on_chld(int sig, siginfo_t *si, void *uc)
{
    (void)sig, (void)uc;
    got++;
    code = si->si_code;
    cpid = si->si_pid;
    cstatus = si->si_status;
}

static int spawn_self(const char *mode)
{
    char *argv[] = { "v_sigchld", (char *)mode, NULL };
    return (int)syscall(SYS_spawn, "/v_sigchld", argv);
}

static int vwait(int pid)
{
    int st = -1;
    long r = syscall(SYS_wait, pid, &st, 0, 0);
    return r < 0 ? -errno : st;
}

/* Wait (sigsuspend, SIGCHLD blocked meanwhile) for the next SIGCHLD. */
static void next_chld(const sigset_t *open)
{
    int before = got;
    while (got == before)
        sigsuspend(open);
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "spin"))
        for (;;) {
            struct timespec ts = { 0, 1000000 };
            nanosleep(&ts, NULL);
        }
    if (argc > 1 && !strcmp(argv[1], "exit7"))
        return 7;
    setvbuf(stdout, NULL, _IONBF, 0);

    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_chld;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGCHLD, &sa, NULL);
    sigset_t chld, open;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, &open);

    int pid = spawn_self("spin");
    kill(pid, SIGSTOP);
    next_chld(&open);
    printf("SIGSTOP: code %d (CLD_STOPPED %d) pid right %d status %d\n", code, CLD_STOPPED,
           cpid == pid, cstatus);
    kill(pid, SIGCONT);
    next_chld(&open);
    printf("SIGCONT: code %d (CLD_CONTINUED %d) status %d\n", code, CLD_CONTINUED, cstatus);
    kill(pid, SIGTSTP);
    next_chld(&open);
    printf("SIGTSTP: code %d status %d\n", code, cstatus);
    kill(pid, SIGKILL);                 /* while stopped */
    next_chld(&open);
    printf("SIGKILL while stopped: code %d (CLD_KILLED %d) status %d, wait %d\n", code, CLD_KILLED,
           cstatus, vwait(pid));

    pid = spawn_self("spin");
    setpgid(pid, pid);
    printf("kill(-group, SIGTERM): %d\n", kill(-pid, SIGTERM));
    next_chld(&open);
    printf("group SIGTERM: code %d status %d, wait %d\n", code, cstatus, vwait(pid));

    pid = spawn_self("exit7");
    next_chld(&open);
    printf("exit(7): code %d (CLD_EXITED %d) status %d, wait %d\n", code, CLD_EXITED, cstatus,
           vwait(pid));

    signal(SIGCHLD, SIG_IGN);
    pid = spawn_self("exit7");
    struct timespec ts = { 0, 50000000 };
    nanosleep(&ts, NULL);
    printf("SIGCHLD ignored: wait %d (ECHILD %d)\n", vwait(-1), -ECHILD);
    return 0;
}
