/*
 * search.c — Boyer-Moore-Horspool string search (bench/real, docs/bench.md):
 * 24 patterns (taken from the text, or random) counted over N bytes of
 * generated text.  The check: each count equals a naive search's.
 * usage: search [N]   prints "search checksum=HEX ok", exit 0; else exit 1.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_N (2 << 20)
#define PATTERNS 24

static uint64_t rng = 555;
static uint64_t rnd(void)              /* xorshift64* */
{
    rng ^= rng >> 12; rng ^= rng << 25; rng ^= rng >> 27;
    return rng * 2685821657736338717ull;
}

/* Occurrences of pat (m bytes) in text (n bytes), overlapping ones too. */
static long bmh(const uint8_t *text, long n, const uint8_t *pat, long m, uint64_t *pos)
{
    long skip[256], count = 0;
    for (int c = 0; c < 256; c++) skip[c] = m;
    for (long i = 0; i < m - 1; i++) skip[pat[i]] = m - 1 - i;
    for (long i = 0; i + m <= n; i += skip[text[i + m - 1]]) {
        long j = m - 1;
        while (j >= 0 && text[i + j] == pat[j]) j--;
        if (j < 0) count++, *pos += (uint64_t)i;
    }
    return count;
}

static long naive(const uint8_t *text, long n, const uint8_t *pat, long m)
{
    long count = 0;
    for (const uint8_t *p = text, *end = text + n - m + 1; p < end; p++) {
        p = memchr(p, pat[0], (size_t)(end - p));
        if (!p) break;
        if (!memcmp(p, pat, (size_t)m)) count++;
    }
    return count;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : DEFAULT_N;
    uint8_t *text = malloc((size_t)n + 1), pat[40];
    uint64_t sum = 0, pos = 0;
    int good = n > 64;

    for (long i = 0; i < n; i++) {               /* skewed letters, words, some runs */
        uint64_t r = rnd();
        text[i] = r % 9 == 0 ? ' ' : (uint8_t)('a' + (r >> 8) % 6 + ((r >> 16) % 4 == 0 ? (r >> 24) % 20 : 0));
    }
    for (int k = 0; good && k < PATTERNS; k++) {
        long m = 3 + (long)(rnd() % 30);
        if (k % 3 == 2)
            for (long i = 0; i < m; i++) pat[i] = (uint8_t)('a' + rnd() % 6);
        else
            memcpy(pat, text + rnd() % (uint64_t)(n - m), (size_t)m);
        for (int rep = 0; rep < 4; rep++) {      /* the search is the workload */
            long c = bmh(text, n, pat, m, &pos);
            if (rep == 0)
                good = c == naive(text, n, pat, m) && (k % 3 == 2 || c > 0), sum = sum * 131 + (uint64_t)c;
        }
    }
    printf("search checksum=%016llx %s\n", (unsigned long long)(sum ^ pos), good ? "ok" : "FAILED");
    return !good;
}
