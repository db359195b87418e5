/*
 * dct.c — JPEG-style 8x8 block transform coding of a generated W x W grey
 * image (bench/real, docs/bench.md): separable float DCT-II per block,
 * quantization with the JPEG luminance table, dequantization, inverse DCT.
 * The check: without quantization the round trip is exact to 1e-9, and with
 * it the image comes back at a PSNR above 30 dB while most coefficients are 0.
 * usage: dct [W]   prints "dct checksum=HEX ok", exit 0; else exit 1.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_W 640

static uint64_t rng = 1234;
static uint64_t rnd(void)              /* xorshift64* */
{
    rng ^= rng >> 12; rng ^= rng << 25; rng ^= rng >> 27;
    return rng * 2685821657736338717ull;
}

static const int quant[64] = {
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
    14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
    18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
};
static double cosk[8][8];                      /* cosk[k][n] = c(k) cos((2n+1) k pi / 16) */

static void make_table(void)
{
    for (int k = 0; k < 8; k++)
        for (int n = 0; n < 8; n++)
            cosk[k][n] = (k ? sqrt(2.0 / 8) : sqrt(1.0 / 8)) * cos((2 * n + 1) * k * M_PI / 16);
}

/* out = M in M^T (forward) or M^T in M (inverse), M = cosk; 8x8 row-major. */
static void dct8x8(const double *in, double *out, int inverse)
{
    double t[64];
    for (int r = 0; r < 8; r++)
        for (int k = 0; k < 8; k++) {
            double s = 0;
            for (int n = 0; n < 8; n++)
                s += in[r * 8 + n] * (inverse ? cosk[n][k] : cosk[k][n]);
            t[r * 8 + k] = s;
        }
    for (int c = 0; c < 8; c++)
        for (int k = 0; k < 8; k++) {
            double s = 0;
            for (int n = 0; n < 8; n++)
                s += t[n * 8 + c] * (inverse ? cosk[n][k] : cosk[k][n]);
            out[k * 8 + c] = s;
        }
}

int main(int argc, char **argv)
{
    int w = argc > 1 ? atoi(argv[1]) / 8 * 8 : DEFAULT_W, good = w >= 8;
    uint8_t *img = malloc((size_t)w * (size_t)w), *back = malloc((size_t)w * (size_t)w);
    double se = 0, exact = 0;
    long zeros = 0;
    uint64_t sum = 0;

    make_table();
    for (int y = 0; y < w; y++)                  /* gradients, rings, a little noise */
        for (int x = 0; x < w; x++) {
            double r = hypot(x - w / 2.0, y - w / 3.0);
            double g = 128 + 60 * sin(r / 9) + 40.0 * x / w - 30.0 * y / w + (double)(rnd() % 9) - 4;
            img[(size_t)y * w + x] = (uint8_t)fmin(fmax(g, 0), 255);
        }
    for (int by = 0; by < w; by += 8)
        for (int bx = 0; bx < w; bx += 8) {
            double px[64], co[64], re[64];
            for (int i = 0; i < 64; i++)
                px[i] = img[(size_t)(by + i / 8) * w + bx + i % 8] - 128.0;
            dct8x8(px, co, 0);
            if (by == 0) {                       /* the transform alone is lossless */
                dct8x8(co, re, 1);
                for (int i = 0; i < 64; i++) exact = fmax(exact, fabs(re[i] - px[i]));
            }
            for (int i = 0; i < 64; i++) {
                long q = lround(co[i] / quant[i]);
                zeros += q == 0, sum = sum * 31 + (uint64_t)q;
                co[i] = (double)(q * quant[i]);
            }
            dct8x8(co, re, 1);
            for (int i = 0; i < 64; i++) {
                long p = lround(re[i] + 128);
                p = p < 0 ? 0 : p > 255 ? 255 : p;
                back[(size_t)(by + i / 8) * w + bx + i % 8] = (uint8_t)p;
                se += (p - (px[i] + 128)) * (p - (px[i] + 128));
            }
        }
    double psnr = 10 * log10(255.0 * 255.0 / (se / ((double)w * w) + 1e-12));
    good = good && exact < 1e-9 && psnr > 30 && zeros > (long)w * w / 2;
    printf("dct checksum=%016llx %s\n", (unsigned long long)(sum ^ (uint64_t)zeros), good ? "ok" : "FAILED");
    return !good;
}
