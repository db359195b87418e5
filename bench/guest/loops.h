/*
 * loops.h — the benchmark kernels, defined here once.  The machine-level
 * benchmark image puts them in .utext (LOOP_ATTR = USER_TEXT) so the same
 * bytes run in AXP64 user mode and on bare Unicorn; bench/proc/loops.c
 * compiles the same source as a VLM/OS process (also run under
 * qemu-riscv64) and natively on the host.  They use no globals and call
 * nothing.
 */
#ifndef LOOPS_H
#define LOOPS_H

#include <stdint.h>

#ifndef LOOP_ATTR
#define LOOP_ATTR __attribute__((noinline))
#endif

/* xorshift64 random reads and writes over buf[0..mask]; returns a checksum. */
LOOP_ATTR uint64_t loop_random(uint64_t *buf, uint64_t mask, uint64_t iters)
{
    uint64_t x = 0x9E3779B97F4A7C15UL, sum = 0;
    for (uint64_t i = 0; i < iters; i++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        sum += buf[x & mask];
        buf[(x >> 24) & mask] = sum + x;
    }
    return sum;
}

/* Integer compute: multiply/xor/add chain; returns a checksum. */
LOOP_ATTR uint64_t loop_compute(uint64_t iters)
{
    uint64_t a = 1, b = 0x12345;
    for (uint64_t i = 0; i < iters; i++) {
        a = a * 6364136223846793005UL + b;
        b ^= a >> 29;
        b += i;
    }
    return a ^ b;
}

#endif
