/*
 * graph.c — breadth-first search and Dijkstra's shortest paths (binary heap)
 * on a generated directed graph of N nodes and 6N weighted edges plus a ring
 * (bench/real, docs/bench.md).  The check is each result's certificate: no
 * edge can shorten a distance, and every reached node but the source has an
 * edge in that attains its distance.
 * usage: graph [N]   prints "graph checksum=HEX ok", exit 0; else exit 1.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define DEFAULT_N 250000
#define DEG 6
#define INF INT64_MAX

static uint64_t rng = 6060;
static uint64_t rnd(void)              /* xorshift64* */
{
    rng ^= rng >> 12; rng ^= rng << 25; rng ^= rng >> 27;
    return rng * 2685821657736338717ull;
}

struct graph { long n, m; long *first; int32_t *to, *w; };   /* edges of u: first[u]..first[u+1] */

static struct graph make(long n)
{
    struct graph g = { n, n * (DEG + 1), calloc((size_t)n + 1, sizeof(long)), NULL, NULL };
    g.to = malloc(sizeof(int32_t) * (size_t)g.m), g.w = malloc(sizeof(int32_t) * (size_t)g.m);
    for (long u = 0, e = 0; u < n; u++) {
        g.first[u] = e;
        g.to[e] = (int32_t)((u + 1) % n), g.w[e++] = 1000;          /* the ring: all reachable */
        for (int k = 0; k < DEG; k++) {                             /* mostly near, some far */
            uint64_t r = rnd();
            long v = r & 3 ? (u + 1 + (long)(r >> 8) % 64) % n : (long)((r >> 8) % (uint64_t)n);
            g.to[e] = (int32_t)v, g.w[e++] = 1 + (int32_t)((r >> 40) % 100);
        }
    }
    g.first[n] = g.m;
    return g;
}

struct item { int64_t d; int32_t v; };
struct heap { struct item *a; long n; };

static void push(struct heap *h, int64_t d, int32_t v)
{
    long i = h->n++;
    for (; i && h->a[(i - 1) / 2].d > d; i = (i - 1) / 2)
        h->a[i] = h->a[(i - 1) / 2];
    h->a[i] = (struct item){ d, v };
}

static struct item pop(struct heap *h)
{
    struct item top = h->a[0], last = h->a[--h->n];
    long i = 0;
    for (;;) {
        long c = 2 * i + 1;
        if (c >= h->n) break;
        if (c + 1 < h->n && h->a[c + 1].d < h->a[c].d) c++;
        if (h->a[c].d >= last.d) break;
        h->a[i] = h->a[c], i = c;
    }
    h->a[i] = last;
    return top;
}

/* Distances from node 0; unit weights when unit (BFS order, through the same heap). */
static void dijkstra(const struct graph *g, int64_t *dist, int unit)
{
    struct heap h = { malloc(sizeof(struct item) * (size_t)(g->m + 1)), 0 };
    for (long i = 0; i < g->n; i++) dist[i] = INF;
    dist[0] = 0, push(&h, 0, 0);
    while (h.n) {
        struct item it = pop(&h);
        if (it.d > dist[it.v]) continue;
        for (long e = g->first[it.v]; e < g->first[it.v + 1]; e++) {
            int64_t nd = it.d + (unit ? 1 : g->w[e]);
            if (nd < dist[g->to[e]]) dist[g->to[e]] = nd, push(&h, nd, g->to[e]);
        }
    }
    free(h.a);
}

/* A true BFS with a queue: hop counts. */
static void bfs(const struct graph *g, int64_t *dist)
{
    int32_t *q = malloc(sizeof(int32_t) * (size_t)g->n);
    long head = 0, tail = 0;
    for (long i = 0; i < g->n; i++) dist[i] = INF;
    dist[0] = 0, q[tail++] = 0;
    while (head < tail) {
        int32_t u = q[head++];
        for (long e = g->first[u]; e < g->first[u + 1]; e++)
            if (dist[g->to[e]] == INF) dist[g->to[e]] = dist[u] + 1, q[tail++] = g->to[e];
    }
    free(q);
}

/* The certificate: no edge shortens, every node but 0 has a tight edge in. */
static int certify(const struct graph *g, const int64_t *dist, int unit)
{
    char *tight = calloc((size_t)g->n, 1);
    int ok = dist[0] == 0;
    for (long u = 0; ok && u < g->n; u++)
        for (long e = g->first[u]; e < g->first[u + 1]; e++) {
            int64_t nd = dist[u] + (unit ? 1 : g->w[e]);
            if (nd < dist[g->to[e]]) ok = 0;
            if (nd == dist[g->to[e]]) tight[g->to[e]] = 1;
        }
    for (long v = 1; ok && v < g->n; v++)
        ok = tight[v];
    free(tight);
    return ok;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : DEFAULT_N;
    struct graph g = make(n);
    int64_t *d = malloc(sizeof(int64_t) * (size_t)n), *hops = malloc(sizeof(int64_t) * (size_t)n);
    uint64_t sum = 0;
    int good = n > 1;

    bfs(&g, hops);
    good = good && certify(&g, hops, 1);
    dijkstra(&g, d, 1);                          /* unit weights: must equal the BFS */
    for (long i = 0; good && i < n; i++) good = d[i] == hops[i];
    dijkstra(&g, d, 0);
    good = good && certify(&g, d, 0);
    for (long i = 0; i < n; i++)
        sum = sum * 31 + (uint64_t)d[i] * 7 + (uint64_t)hops[i];
    printf("graph checksum=%016llx %s\n", (unsigned long long)sum, good ? "ok" : "FAILED");
    return !good;
}
