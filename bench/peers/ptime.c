/*
 * bench/peers/ptime.c: the timer `make bench-peers` runs inside Linux on
 * qemu-system-riscv64 (docs/bench.md).  ptime PROG ARGS...: fork, exec PROG, wait,
 * and print "ptime NAME cpu=SECONDS wall=SECONDS status=N" on stdout, NAME being
 * PROG's last path component: the child's user + system CPU time (wait4's rusage)
 * and the wall time from before fork to after wait (CLOCK_MONOTONIC).  Both are the
 * guest kernel's clocks, not the host's.  Static riscv64 glibc, like bench/real.
 */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double seconds(struct timeval tv)
{
    return (double)tv.tv_sec + tv.tv_usec / 1e6;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: ptime PROG ARGS...\n");
        return 2;
    }
    const char *name = strrchr(argv[1], '/') ? strrchr(argv[1], '/') + 1 : argv[1];
    fflush(stdout);             /* the child's output and ours must not interleave */
    double t0 = now();
    pid_t pid = fork();
    if (pid < 0) {
        perror("ptime: fork");
        return 1;
    }
    if (pid == 0) {
        execv(argv[1], argv + 1);
        perror("ptime: exec");
        _exit(127);
    }
    int st;
    struct rusage ru;
    if (wait4(pid, &st, 0, &ru) < 0) {
        perror("ptime: wait4");
        return 1;
    }
    double wall = now() - t0;
    printf("ptime %s cpu=%.6f wall=%.6f status=%d\n", name,
           seconds(ru.ru_utime) + seconds(ru.ru_stime), wall,
           WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
    return 0;
}
