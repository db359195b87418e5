/*
 * osbench — VLM/OS system-service costs, measured inside the guest:
 *     osbench syscall N | spawn N | fault N | fault-cold N
 *                                   -> "<what> N seconds=S per=NS"
 *   syscall:    N getpid() round trips;
 *   spawn:      N spawn+wait of `true` (exec from the initrd, exit, reap);
 *   fault:      N demand-zero page faults on recycled frames (a first round
 *               of N faults, released, is not timed);
 *   fault-cold: the same on frames never touched since boot, which also pay
 *               the host's page faults for fresh memory.
 * Run with --clock host: times are host time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "workloads/lib/vlmos_user.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Commit n pages, touch each once (every `stride` bytes), release them. */
static int fault(long n, long stride)
{
    char *p = vmem_alloc(NULL, (size_t)n * 8192, VA_RESERVE | VA_COMMIT);
    if (!p)
        return -1;
    for (long i = 0; i < n * 8192; i += stride)
        p[i] = 1;
    return vmem_free(p, 0, VF_RELEASE);
}

int main(int argc, char **argv)
{
    long n = argc > 2 ? atol(argv[2]) : 0, bad = 0;
    char *targv[] = { "true", NULL };

    if (argc != 3 || n <= 0) {
        fprintf(stderr, "usage: osbench syscall|spawn|fault|fault-cold N\n");
        return 2;
    }
    /* The untimed round writes both 4 KiB host pages of every frame, so the
     * timed round's frames are resident on the host. */
    if (!strcmp(argv[1], "fault") && fault(n, 4096) != 0)
        return 1;
    double t0 = now();
    if (!strcmp(argv[1], "syscall"))
        for (long i = 0; i < n; i++)
            bad += getpid() <= 0;
    else if (!strcmp(argv[1], "spawn"))
        for (long i = 0; i < n; i++)
            bad += vrun("true", targv, NULL, 0) != 0;
    else if (!strcmp(argv[1], "fault") || !strcmp(argv[1], "fault-cold"))
        bad = fault(n, 8192) != 0;
    else
        return 2;
    double s = now() - t0;
    printf("%s %ld seconds=%.4f per=%.0f ns\n", argv[1], n, s, s * 1e9 / (double)n);
    return bad ? 1 : 0;
}
