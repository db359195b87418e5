/*
 * loops.c — the benchmark loops as an ordinary program:
 *     loops random|compute N   -> "result=HEX seconds=S"
 * S is the loop alone, timed with clock_gettime(CLOCK_MONOTONIC).  One
 * source, three builds: a VLM/OS program (whose Linux-compatible system
 * calls also let qemu-riscv64 run the very same ELF) and a native host one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "bench/guest/loops.h"

#ifndef CLOCK_MONOTONIC
#define CLOCK_MONOTONIC ((clockid_t)4)
int clock_gettime(clockid_t clk, struct timespec *ts);
#endif

#define BUF_SIZE (64UL << 20)

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    uint64_t r, n = argc > 2 ? strtoull(argv[2], NULL, 10) : 0;
    uint64_t *buf = NULL;
    double t0;

    if (argc != 3 || !n || (strcmp(argv[1], "random") && strcmp(argv[1], "compute"))) {
        fprintf(stderr, "usage: loops random|compute N\n");
        return 2;
    }
    if (!strcmp(argv[1], "random")) {
        buf = calloc(BUF_SIZE, 1);
        if (!buf) {
            fprintf(stderr, "loops: no 64 MiB buffer\n");
            return 1;
        }
        for (size_t i = 0; i < BUF_SIZE / 8; i += 512)
            buf[i] = 0;                               /* fault every (4 KiB) page in first */
        t0 = now();
        r = loop_random(buf, BUF_SIZE / 8 - 1, n);
    } else {
        t0 = now();
        r = loop_compute(n);
    }
    printf("result=%llx seconds=%.4f\n", (unsigned long long)r, now() - t0);
    return 0;
}
