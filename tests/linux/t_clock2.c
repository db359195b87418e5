#define _GNU_SOURCE
/* clock_nanosleep (relative, absolute, the clocks it refuses),
 * clock_getres and gettimeofday. */
#include <errno.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static long nsleep(int clock, int flags, long sec, long nsec)
{
    struct timespec ts = { sec, nsec };
    long r = syscall(SYS_clock_nanosleep, clock, flags, &ts, NULL);
    return r < 0 ? -errno : r;
}

int main(void)
{
    struct timespec a, b, res;
    struct timeval tv;

    clock_gettime(CLOCK_MONOTONIC, &a);
    printf("relative %ld\n", nsleep(CLOCK_MONOTONIC, 0, 0, 20000000));
    clock_gettime(CLOCK_MONOTONIC, &b);
    long ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
    printf("slept >= 20 ms %d\n", ms >= 20);
    clock_gettime(CLOCK_REALTIME, &a);
    a.tv_nsec += 10000000;
    if (a.tv_nsec >= 1000000000)
        a.tv_sec++, a.tv_nsec -= 1000000000;
    printf("absolute %ld\n", nsleep(CLOCK_REALTIME, TIMER_ABSTIME, a.tv_sec, a.tv_nsec));
    clock_gettime(CLOCK_REALTIME, &b);
    printf("after the deadline %d\n", b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec));
    printf("absolute past %ld\n", nsleep(CLOCK_MONOTONIC, TIMER_ABSTIME, 0, 0));
    printf("boottime %ld\n", nsleep(CLOCK_BOOTTIME, 0, 0, 1000));
    for (int c = 0; c <= 7; c++)     /* PROCESS_CPUTIME (2) would sleep on CPU time */
        printf("clock %d: nanosleep %ld getres %d\n", c, c == 2 ? 0 : nsleep(c, 0, 0, 1000),
               clock_getres(c, &res) ? -errno : 0);
    printf("bad nsec %ld\n", nsleep(CLOCK_MONOTONIC, 0, 0, 1000000000));
    printf("negative %ld\n", nsleep(CLOCK_MONOTONIC, 0, -1, 0));
    printf("getres null %d\n", clock_getres(CLOCK_MONOTONIC, NULL));
    printf("gettimeofday %d after 2020 %d\n", gettimeofday(&tv, NULL), tv.tv_sec > 1577836800);
    return 0;
}
