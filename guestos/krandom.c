/*
 * krandom.c — a deterministic splitmix64 stream (see krandom.h).
 */
#include "guestos/krandom.h"

static uint64_t state;
static bool seeded;

/* The seed: "seed=N" (decimal) in the boot arguments, else KRANDOM_SEED. */
static uint64_t boot_seed(void)
{
    const char *s = boot.args ? strstr(boot.args, "seed=") : NULL;
    uint64_t v = 0;

    if (!s)
        return KRANDOM_SEED;
    for (s += 5; *s >= '0' && *s <= '9'; s++)
        v = v * 10 + (uint64_t)(*s - '0');
    return v ^ KRANDOM_SEED;
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
