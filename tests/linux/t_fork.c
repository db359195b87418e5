/* t_fork.c — fork, copy-on-write, wait4/waitpid/waitid, vfork, process
 * groups and sessions, umask and close-on-exec across fork (issue 21).
 * Compared with qemu-riscv64 by tests/linux/run.sh (exec: v_exec.c). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char page[3][8192] = { "parent data", "second page", "third page" };
static int counter = 100;

/* A child writes its copy; the parent's stays; the pipe says what the child saw. */
static void cow(void)
{
    int p[2];
    char buf[64] = "";
    int *heap = malloc(sizeof(int) * 4096);

    heap[0] = 1;
    heap[4095] = 2;
    if (pipe(p))
        exit(1);
    pid_t pid = fork();
    if (pid == 0) {
        strcpy(page[0], "child wrote");
        counter++;
        heap[4095] = 99;
        close(p[0]);
        snprintf(buf, sizeof(buf), "%.20s %.20s %d %d", page[0], page[1], counter, heap[4095]);
        write(p[1], buf, strlen(buf) + 1);
        _exit(3);
    }
    close(p[1]);
    read(p[0], buf, sizeof(buf));
    close(p[0]);
    int st;
    pid_t w = waitpid(pid, &st, 0);
    printf("child saw \"%s\"; parent has \"%s\" %d %d\n", buf, page[0], counter, heap[4095]);
    printf("waitpid %s, exited %d status %d\n", w == pid ? "ok" : "wrong", WIFEXITED(st), WEXITSTATUS(st));
    errno = 0;
    printf("again: %d errno %d\n", (int)waitpid(-1, &st, WNOHANG), errno);
    strcpy(page[2], "parent writes after");
    printf("%s\n", page[2]);
    free(heap);
}

static void statuses(void)
{
    int st;
    pid_t pid = fork();

    if (pid == 0) {
        kill(getpid(), SIGKILL);        /* (a fault's kill report would be output) */
        _exit(1);
    }
    waitpid(pid, &st, 0);
    printf("killed child: exited %d signaled %d sig %d\n", WIFEXITED(st), WIFSIGNALED(st), WTERMSIG(st));
    int q[2];
    pipe(q);
    pid = fork();
    if (pid == 0) {
        char c;
        close(q[1]);
        read(q[0], &c, 1);
        _exit(9);
    }
    close(q[0]);
    printf("WNOHANG while it runs: %d\n", (int)waitpid(pid, &st, WNOHANG));
    close(q[1]);                        /* now it can end */
    struct rusage ru;
    printf("wait4: %s, status %d\n", wait4(pid, &st, 0, &ru) == pid ? "ok" : "bad", WEXITSTATUS(st));
    for (int i = 0; i < 5; i++)
        if (fork() == 0)
            _exit(10 + i);
    int sum = 0, n = 0;
    while ((pid = wait(&st)) > 0)
        sum += WEXITSTATUS(st), n++;
    printf("five children: %d reaped, statuses sum %d, then errno %d\n", n, sum, errno);
    printf("waitpid bad options: %d errno %d\n", (int)waitpid(-1, &st, 0x100), errno);
}

static void waitid_and_vfork(void)
{
    siginfo_t si;
    pid_t pid = fork();

    if (pid == 0)
        _exit(42);
    memset(&si, 0, sizeof(si));
    int r = waitid(P_PID, pid, &si, WEXITED | WNOWAIT);
    printf("waitid WNOWAIT: %d signo %d code %d status %d pid ok %d\n", r, si.si_signo, si.si_code,
           si.si_status, si.si_pid == pid);
    memset(&si, 0, sizeof(si));
    r = waitid(P_ALL, 0, &si, WEXITED);
    printf("waitid: %d status %d pid ok %d\n", r, si.si_status, si.si_pid == pid);
    printf("waitid bad: %d errno %d\n", waitid(P_ALL, 0, &si, 0), errno);
    int st;
    pid = vfork();
    if (pid == 0)
        _exit(5);
    waitpid(pid, &st, 0);
    printf("vfork child status %d\n", WEXITSTATUS(st));
}

static void groups(void)
{
    int st;

    printf("getpgid(0)==getpgrp %d, getsid(0)==getsid(getpid) %d\n", getpgid(0) == getpgrp(),
           getsid(0) == getsid(getpid()));
    printf("getpgid(999999): %d errno %d\n", (int)getpgid(999999), errno);
    pid_t pid = fork();
    if (pid == 0) {
        printf("child in parent's group %d, session %d\n", getpgid(0) == getpgid(getppid()),
               getsid(0) == getsid(getppid()));
        pid_t s = setsid();
        printf("child setsid==getpid %d getsid %d pgid %d\n", s == getpid(), getsid(0) == getpid(),
               getpgid(0) == getpid());
        printf("setsid again: %d errno %d\n", (int)setsid(), errno);
        _exit(0);
    }
    waitpid(pid, &st, 0);
    pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        _exit(getpgid(0) == getpid() ? 6 : 1);
    }
    waitpid(pid, &st, 0);
    printf("child setpgid(0,0): %d\n", WEXITSTATUS(st));
}

static void inherited(void)
{
    int st, p[2];

    umask(027);
    dup3(1, 6, O_CLOEXEC);
    dup2(1, 5);
    pipe2(p, O_CLOEXEC);
    pid_t pid = fork();
    if (pid == 0) {
        mode_t m = umask(0);
        printf("child: umask %o fd5 %d fd6 %d pipe %d %d\n", (unsigned)m, fcntl(5, F_GETFD),
               fcntl(6, F_GETFD), fcntl(p[0], F_GETFD), fcntl(p[1], F_GETFD));
        _exit(0);
    }
    waitpid(pid, &st, 0);
    printf("parent: umask %o\n", (unsigned)umask(022));
    printf("dup3 bad flags: %d errno %d\n", dup3(1, 7, 1), errno);
    printf("pipe2 bad flags: %d errno %d\n", pipe2(p, 1), errno);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    cow();
    statuses();
    waitid_and_vfork();
    groups();
    inherited();
    return 0;
}
