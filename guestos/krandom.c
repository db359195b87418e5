/*
 * krandom.c — a deterministic splitmix64 stream (see krandom.h).
 */
#include "guestos/krandom.h"

static uint64_t state;
static bool seeded;

/* The seed: a boot argument "seed=N" (decimal; a whole word, so "xseed=1"
 * is not one), else KRANDOM_SEED.  N + 1 is mixed in, so that seed=0 too
 * gives a stream of its own. */
static uint64_t boot_seed(void)
{
    const char *s = boot.args;
    uint64_t v = 0;

    while (s && (s = strstr(s, "seed=")) && s != boot.args && s[-1] != ' ')
        s += 5;
    if (!s)
        return KRANDOM_SEED;
    for (s += 5; *s >= '0' && *s <= '9'; s++)
        v = v * 10 + (uint64_t)(*s - '0');
    return (v + 1) ^ KRANDOM_SEED;
}

static uint64_t next(void)
{
    uint64_t z = (state += 0x9E3779B97F4A7C15UL);

    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
    return z ^ (z >> 31);
}

void krandom_fill(void *buf, size_t n)
{
    uint8_t *b = buf;

    if (!seeded) {
        state = boot_seed();
        seeded = true;
    }
    while (n) {
        uint64_t v = next();
        size_t k = MIN(n, sizeof(v));
        memcpy(b, &v, k);
        b += k;
        n -= k;
    }
}
