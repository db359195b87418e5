/*
 * loops.h — the benchmark kernels.  They live in .utext, use no globals and
 * call nothing, so the same bytes run in AXP64 user mode and on bare Unicorn.
 */
#ifndef LOOPS_H
#define LOOPS_H

#include <stdint.h>

/* xorshift64 random reads and writes over buf[0..mask]; returns a checksum. */
uint64_t loop_random(uint64_t *buf, uint64_t mask, uint64_t iters);
/* Integer compute: multiply/xor/shift chain; returns a checksum. */
uint64_t loop_compute(uint64_t iters);

#endif
