/*
 * fft.c — iterative radix-2 complex FFT in double precision (bench/real,
 * docs/bench.md): forward and inverse transforms of N-point integer signals.
 * The check: the inverse gives the signal back (within 1e-6), Parseval's sum
 * holds, and the spectrum of a pure tone has its peak in the right bin.
 * usage: fft [LOG2N]   prints "fft checksum=HEX ok", exit 0; else exit 1.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define DEFAULT_LOG 16
#define ROUNDS 4

static uint64_t rng = 2718;
static uint64_t rnd(void)              /* xorshift64* */
{
    rng ^= rng >> 12; rng ^= rng << 25; rng ^= rng >> 27;
    return rng * 2685821657736338717ull;
}

/* In-place FFT of re/im (n a power of two); inverse when inv (scaled by 1/n). */
static void fft(double *re, double *im, long n, int inv)
{
    for (long i = 1, j = 0; i < n; i++) {          /* bit reversal */
        long bit = n >> 1;
        for (; j & bit; bit >>= 1)
            j ^= bit;
        j |= bit;
        if (i < j) {
            double t = re[i]; re[i] = re[j]; re[j] = t;
            t = im[i]; im[i] = im[j]; im[j] = t;
        }
    }
    for (long len = 2; len <= n; len <<= 1) {
        double ang = 2 * M_PI / (double)len * (inv ? 1 : -1);
        double wr = cos(ang), wi = sin(ang);
        for (long i = 0; i < n; i += len) {
            double cr = 1, ci = 0;
            for (long k = 0; k < len / 2; k++) {
                long a = i + k, b = a + len / 2;
                double xr = re[b] * cr - im[b] * ci, xi = re[b] * ci + im[b] * cr;
                re[b] = re[a] - xr, im[b] = im[a] - xi;
                re[a] += xr, im[a] += xi;
                double t = cr * wr - ci * wi;
                ci = cr * wi + ci * wr, cr = t;
            }
        }
    }
    if (inv)
        for (long i = 0; i < n; i++)
            re[i] /= (double)n, im[i] /= (double)n;
}

int main(int argc, char **argv)
{
    int lg = argc > 1 ? atoi(argv[1]) : DEFAULT_LOG, good = lg >= 3 && lg <= 24;
    long n = 1L << lg;
    double *re = malloc(sizeof(double) * (size_t)n), *im = malloc(sizeof(double) * (size_t)n);
    int16_t *sig = malloc(sizeof(int16_t) * (size_t)n);
    uint64_t sum = 0;

    for (int round = 0; good && round < ROUNDS; round++) {
        long tone = 1 + (long)(rnd() % (uint64_t)(n / 2 - 1));
        double e_time = 0, e_freq = 0, peak = 0, err = 0;
        long at = -1;
        for (long i = 0; i < n; i++) {               /* a tone plus small noise */
            sig[i] = (int16_t)(1000 * cos(2 * M_PI * (double)(tone * i % n) / (double)n) +
                               (double)(rnd() % 41) - 20);
            re[i] = sig[i], im[i] = 0, e_time += re[i] * re[i];
        }
        fft(re, im, n, 0);
        for (long i = 0; i < n / 2; i++) {
            double m = re[i] * re[i] + im[i] * im[i];
            if (m > peak) peak = m, at = i;
        }
        for (long i = 0; i < n; i++) {
            e_freq += re[i] * re[i] + im[i] * im[i];
            sum = sum * 31 + (uint64_t)(int64_t)llround(re[i]);
        }
        fft(re, im, n, 1);
        for (long i = 0; i < n; i++)
            err = fmax(err, fabs(re[i] - sig[i]) + fabs(im[i]));
        good = at == tone && err < 1e-6 && fabs(e_freq / (double)n - e_time) <= 1e-9 * e_time;
    }
    printf("fft checksum=%016llx %s\n", (unsigned long long)sum, good ? "ok" : "FAILED");
    return !good;
}
