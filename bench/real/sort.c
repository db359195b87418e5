/*
 * sort.c — merge sort of N 64-bit keys (bench/real, docs/bench.md).
 * Keys from the program's own generator; the check: the output is in order
 * and is a permutation of the input (an order-free hash of the keys is kept).
 * usage: sort [N]   prints "sort checksum=HEX ok", exit 0; else exit 1.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_N 3000000

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t rnd(void)              /* xorshift64* */
{
    rng ^= rng >> 12; rng ^= rng << 25; rng ^= rng >> 27;
    return rng * 2685821657736338717ull;
}

static uint64_t mix(uint64_t x)        /* order-free multiset hash term */
{
    x ^= x >> 33; x *= 0xff51afd7ed558ccdull; x ^= x >> 33;
    return x;
}

/* Sort a[lo, hi) using tmp as scratch; small runs by insertion. */
static void msort(uint64_t *a, uint64_t *tmp, long lo, long hi)
{
    if (hi - lo <= 16) {
        for (long i = lo + 1; i < hi; i++) {
            uint64_t k = a[i];
            long j = i;
            for (; j > lo && a[j - 1] > k; j--)
                a[j] = a[j - 1];
            a[j] = k;
        }
        return;
    }
    long mid = lo + (hi - lo) / 2, i = lo, j = mid, o = lo;
    msort(a, tmp, lo, mid);
    msort(a, tmp, mid, hi);
    while (i < mid && j < hi)
        tmp[o++] = a[i] <= a[j] ? a[i++] : a[j++];
    while (i < mid) tmp[o++] = a[i++];
    while (j < hi) tmp[o++] = a[j++];
    memcpy(a + lo, tmp + lo, (size_t)(hi - lo) * sizeof *a);
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : DEFAULT_N;
    uint64_t *a = malloc((size_t)n * sizeof *a), *tmp = malloc((size_t)n * sizeof *a);
    uint64_t before = 0, after = 0, sum = 0;
    int good = a && tmp && n > 0;

    for (long i = 0; good && i < n; i++) {
        a[i] = rnd() >> (i & 7);                     /* some duplicates near 0 */
        before += mix(a[i]);
    }
    if (good)
        msort(a, tmp, 0, n);
    for (long i = 0; good && i < n; i++) {
        if (i && a[i - 1] > a[i])
            good = 0;
        after += mix(a[i]);
        sum = sum * 31 + a[i];
    }
    good = good && before == after;
    printf("sort checksum=%016llx %s\n", (unsigned long long)sum, good ? "ok" : "FAILED");
    return !good;
}
