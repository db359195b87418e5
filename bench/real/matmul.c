/*
 * matmul.c — dense double-precision matrix multiply C = A B, N x N, in
 * cache blocks (bench/real, docs/bench.md).  Entries are small integers, so
 * every product and sum is exact; the check is Freivalds': C r = A (B r) for
 * a few random vectors r, compared exactly.
 * usage: matmul [N]   prints "matmul checksum=HEX ok", exit 0; else exit 1.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_N 192
#define BLK 32

static uint64_t rng = 31337;
static uint64_t rnd(void)              /* xorshift64* */
{
    rng ^= rng >> 12; rng ^= rng << 25; rng ^= rng >> 27;
    return rng * 2685821657736338717ull;
}

static void mul(const double *a, const double *b, double *c, int n)
{
    memset(c, 0, sizeof *c * (size_t)n * (size_t)n);
    for (int ii = 0; ii < n; ii += BLK)
        for (int kk = 0; kk < n; kk += BLK)
            for (int jj = 0; jj < n; jj += BLK)
                for (int i = ii; i < ii + BLK && i < n; i++)
                    for (int k = kk; k < kk + BLK && k < n; k++) {
                        double aik = a[(size_t)i * n + k];
                        for (int j = jj; j < jj + BLK && j < n; j++)
                            c[(size_t)i * n + j] += aik * b[(size_t)k * n + j];
                    }
}

static void mulvec(const double *m, const double *v, double *out, int n)
{
    for (int i = 0; i < n; i++) {
        double s = 0;
        for (int j = 0; j < n; j++)
            s += m[(size_t)i * n + j] * v[j];
        out[i] = s;
    }
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : DEFAULT_N, good = n > 0;
    size_t nn = (size_t)n * (size_t)n;
    double *a = malloc(nn * sizeof *a), *b = malloc(nn * sizeof *a), *c = malloc(nn * sizeof *a);
    double *r = malloc((size_t)n * sizeof *r), *br = malloc((size_t)n * sizeof *r),
           *abr = malloc((size_t)n * sizeof *r), *cr = malloc((size_t)n * sizeof *r);
    uint64_t sum = 0;

    for (size_t i = 0; i < nn; i++) {
        a[i] = (double)((int)(rnd() % 201) - 100);
        b[i] = (double)((int)(rnd() % 201) - 100);
    }
    for (int rep = 0; rep < 3; rep++)      /* three products: the bench's size */
        mul(a, b, c, n);
    for (int t = 0; good && t < 4; t++) {
        for (int i = 0; i < n; i++)
            r[i] = (double)(rnd() % 7);
        mulvec(b, r, br, n), mulvec(a, br, abr, n), mulvec(c, r, cr, n);
        good = !memcmp(abr, cr, (size_t)n * sizeof *r);
    }
    for (size_t i = 0; i < nn; i++)
        sum = sum * 1000003 + (uint64_t)(int64_t)c[i];
    printf("matmul checksum=%016llx %s\n", (unsigned long long)sum, good ? "ok" : "FAILED");
    return !good;
}
