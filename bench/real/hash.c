/*
 * hash.c — an open-addressing hash table (linear probing, power-of-two size)
 * with N inserts, N updates, N hits and N misses (bench/real, docs/bench.md).
 * Present keys are odd, absent ones even, so every lookup's answer is known.
 * usage: hash [N]   prints "hash checksum=HEX ok", exit 0; else exit 1.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define DEFAULT_N 1000000

static uint64_t rng;
static uint64_t rnd(void)              /* xorshift64* */
{
    rng ^= rng >> 12; rng ^= rng << 25; rng ^= rng >> 27;
    return rng * 2685821657736338717ull;
}

struct slot { uint64_t key, val; };    /* key 0: empty */
struct table { struct slot *s; uint64_t mask; long used; };

static uint64_t hashk(uint64_t k)
{
    k ^= k >> 31; k *= 0x7fb5d329728ea185ull; k ^= k >> 27; k *= 0x81dadef4bc2dd44dull;
    return k ^ (k >> 33);
}

/* The slot holding key, or the empty slot where it would go. */
static struct slot *probe(struct table *t, uint64_t key)
{
    for (uint64_t i = hashk(key) & t->mask;; i = (i + 1) & t->mask)
        if (t->s[i].key == key || t->s[i].key == 0)
            return &t->s[i];
}

/* Insert or add to key's value; 1 if the key was new. */
static int put(struct table *t, uint64_t key, uint64_t val)
{
    struct slot *s = probe(t, key);
    if (s->key == key) {
        s->val += val;
        return 0;
    }
    s->key = key, s->val = val;
    t->used++;
    return 1;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : DEFAULT_N, fresh = 0;
    struct table t = { 0 };
    uint64_t size = 16, sum = 0, want = 0;
    int good = n > 0;

    while (size < (uint64_t)n * 2)
        size *= 2;
    t.s = calloc(size, sizeof *t.s), t.mask = size - 1;
    good = good && t.s;
    for (int pass = 0; good && pass < 2; pass++) {   /* inserts, then updates */
        rng = 12345;
        for (long i = 0; i < n; i++) {
            uint64_t k = rnd() | 1;
            fresh += put(&t, k, k >> 40);
            want += k >> 40;
        }
    }
    rng = 12345;
    for (long i = 0; good && i < n; i++) {           /* hits: every key is there */
        struct slot *s = probe(&t, rnd() | 1);
        good = s->key != 0;
        sum += s->val;
    }
    rng = 999;
    for (long i = 0; good && i < n; i++)             /* misses: even keys never went in */
        good = probe(&t, (rnd() & ~1ull) | 2)->key == 0;
    /* 63-bit keys from this generator do not repeat at these sizes, so every
     * key went in once, and its value is its two passes' total. */
    good = good && t.used == fresh && fresh == n && sum == want;
    sum = sum * 1000003 + (uint64_t)t.used;
    printf("hash checksum=%016llx %s\n", (unsigned long long)sum, good ? "ok" : "FAILED");
    return !good;
}
