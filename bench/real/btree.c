/*
 * btree.c — a B-tree of 64-bit keys (up to 31 keys a node, insertion by
 * pre-emptive splitting) with N inserts and 2N lookups (bench/real,
 * docs/bench.md).  The check: an in-order walk is strictly increasing and
 * holds exactly the distinct keys inserted; every inserted key is found and
 * no absent one is (inserted keys are odd, absent ones even); all leaves are
 * at one depth.
 * usage: btree [N]   prints "btree checksum=HEX ok", exit 0; else exit 1.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define DEFAULT_N 500000
#define T 16                          /* minimum degree: 2T - 1 keys at most */

static uint64_t rng;
static uint64_t rnd(void)              /* xorshift64* */
{
    rng ^= rng >> 12; rng ^= rng << 25; rng ^= rng >> 27;
    return rng * 2685821657736338717ull;
}

struct bnode {
    int n, leaf;
    uint64_t key[2 * T - 1];
    struct bnode *kid[2 * T];
};

static struct bnode *newnode(int leaf)
{
    struct bnode *b = calloc(1, sizeof *b);
    b->leaf = leaf;
    return b;
}

static int find(const struct bnode *b, uint64_t k)
{
    while (b) {
        int lo = 0, hi = b->n;                   /* first key >= k */
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (b->key[mid] < k) lo = mid + 1; else hi = mid;
        }
        if (lo < b->n && b->key[lo] == k)
            return 1;
        b = b->leaf ? NULL : b->kid[lo];
    }
    return 0;
}

/* Split p's full child i into two, lifting its middle key into p. */
static void split(struct bnode *p, int i)
{
    struct bnode *c = p->kid[i], *d = newnode(c->leaf);
    d->n = T - 1;
    for (int j = 0; j < T - 1; j++) d->key[j] = c->key[j + T];
    if (!c->leaf)
        for (int j = 0; j < T; j++) d->kid[j] = c->kid[j + T];
    c->n = T - 1;
    for (int j = p->n; j > i; j--) p->kid[j + 1] = p->kid[j];
    p->kid[i + 1] = d;
    for (int j = p->n - 1; j >= i; j--) p->key[j + 1] = p->key[j];
    p->key[i] = c->key[T - 1];
    p->n++;
}

/* Insert k into the non-full subtree b; 1 if it was new. */
static int insert_nonfull(struct bnode *b, uint64_t k)
{
    for (;;) {
        int i = b->n - 1;
        for (int j = 0; j < b->n; j++)
            if (b->key[j] == k) return 0;
        while (i >= 0 && b->key[i] > k) i--;
        if (b->leaf) {
            for (int j = b->n - 1; j > i; j--) b->key[j + 1] = b->key[j];
            b->key[i + 1] = k;
            b->n++;
            return 1;
        }
        i++;
        if (b->kid[i]->n == 2 * T - 1) {
            split(b, i);
            if (b->key[i] == k) return 0;        /* the lifted middle key was k */
            if (k > b->key[i]) i++;
        }
        b = b->kid[i];
    }
}

static int insert(struct bnode **root, uint64_t k)
{
    if ((*root)->n == 2 * T - 1) {
        struct bnode *r = newnode(0);
        r->kid[0] = *root;
        split(r, 0);
        *root = r;
    }
    return insert_nonfull(*root, k);
}

struct walk { uint64_t last, sum; long count; int sorted, leafdepth, balanced; };

static void walk(const struct bnode *b, struct walk *w, int depth)
{
    for (int i = 0; i <= b->n; i++) {
        if (!b->leaf) walk(b->kid[i], w, depth + 1);
        if (i == b->n) break;
        if (w->count && b->key[i] <= w->last) w->sorted = 0;
        w->last = b->key[i], w->count++, w->sum = w->sum * 31 + b->key[i];
    }
    if (b->leaf) {
        if (w->leafdepth < 0) w->leafdepth = depth;
        else if (w->leafdepth != depth) w->balanced = 0;
    }
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : DEFAULT_N, fresh = 0;
    struct bnode *root = newnode(1);
    struct walk w = { 0, 0, 0, 1, -1, 1 };
    int good = n > 0;

    rng = 1;
    for (long i = 0; i < n; i++)                 /* keys below 4N: some repeat */
        fresh += insert(&root, (rnd() % ((uint64_t)n * 4)) | 1);
    rng = 1;
    for (long i = 0; good && i < n; i++)
        good = find(root, (rnd() % ((uint64_t)n * 4)) | 1);
    rng = 2;
    for (long i = 0; good && i < n; i++)
        good = !find(root, (rnd() % ((uint64_t)n * 4)) & ~1ull);
    walk(root, &w, 0);
    good = good && w.sorted && w.balanced && w.count == fresh;
    printf("btree checksum=%016llx %s\n", (unsigned long long)(w.sum ^ (uint64_t)fresh), good ? "ok" : "FAILED");
    return !good;
}
