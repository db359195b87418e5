/*
 * vlmbench — VLM driver figures, timed inside the guest (run with
 * --clock host so the times are host time):
 *     vlmbench alloc SIZE   time of vlm_alloc(SIZE) and of vlm_free
 *     vlmbench map SIZE     map and unmap SIZE through one buffer, 8 times:
 *                           pages per second each way
 *     vlmbench rw SIZE      vlm_write then vlm_read of SIZE in 1 MiB requests
 *     vlmbench access SIZE  a write pass and a read pass of 8-byte words over
 *                           SIZE through the window, and over SIZE of
 *                           ordinary process memory (valloc)
 * Prints "key=value" lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "workloads/lib/vlmlib.h"
#include "workloads/lib/vlmos_user.h"

#define MiB (1UL << 20)

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t parse_size(const char *s)
{
    char *end;
    uint64_t v = strtoull(s, &end, 10);
    return *end == 'G' ? v << 30 : *end == 'M' ? v << 20 : v;
}

static int fail(const char *what)
{
    perror(what);
    return 1;
}

static int bench_alloc(uint64_t size)
{
    struct vlm_alloc info;
    double t0 = now();
    int h = vlm_alloc(size, 0, &info);
    double t1 = now();
    if (h < 0)
        return fail("vlm_alloc");
    if (vlm_free(h))
        return fail("vlm_free");
    printf("alloc_seconds=%.3f free_seconds=%.3f donors=%u\n", t1 - t0, now() - t1, info.donors);
    return 0;
}

static int bench_map(uint64_t size)
{
    int h = vlm_alloc(size, 0, NULL), b = vlm_buf_create(h, 0, size);
    double tm = 0, tu = 0;
    if (b < 0)
        return fail("vlm_alloc");
    for (int i = 0; i < 8; i++) {
        double t0 = now();
        void *va = vlm_map(b, 0, size, NULL, 0, NULL);
        double t1 = now();
        if (!va || vlm_unmap(va))
            return fail("vlm_map");
        tu += now() - t1;
        tm += t1 - t0;
    }
    double pages = 8.0 * (double)(size / 8192);
    printf("map_pages_per_s=%.0f unmap_pages_per_s=%.0f\n", pages / tm, pages / tu);
    return vlm_buf_release(b) || vlm_free(h);
}

static int bench_rw(uint64_t size)
{
    static uint8_t buf[MiB];
    int h = vlm_alloc(size, 0, NULL);
    if (h < 0)
        return fail("vlm_alloc");
    memset(buf, 0x5A, sizeof(buf));
    double t0 = now();
    for (uint64_t off = 0; off < size; off += MiB)
        if (vlm_write(h, off, buf, MiB) != (ssize_t)MiB)
            return fail("vlm_write");
    double t1 = now();
    for (uint64_t off = 0; off < size; off += MiB)
        if (vlm_read(h, off, buf, MiB) != (ssize_t)MiB)
            return fail("vlm_read");
    double t2 = now();
    printf("write_MB_per_s=%.0f read_MB_per_s=%.0f\n", (double)size / 1e6 / (t1 - t0),
           (double)size / 1e6 / (t2 - t1));
    return vlm_free(h);
}

/* One write pass and one read pass over n words; returns the seconds of
 * the pair (the memory is touched once before). */
static double passes(volatile uint64_t *w, uint64_t n, uint64_t *sum)
{
    for (uint64_t i = 0; i < n; i += 1024)
        w[i] = 0;
    double t0 = now();
    for (uint64_t i = 0; i < n; i++)
        w[i] = i;
    for (uint64_t i = 0; i < n; i++)
        *sum += w[i];
    return now() - t0;
}

static int bench_access(uint64_t size)
{
    uint64_t sum = 0;
    int h = vlm_alloc(size, 0, NULL), b = vlm_buf_create(h, 0, size);
    uint64_t *win = b >= 0 ? vlm_map(b, 0, size, NULL, 0, NULL) : NULL;
    uint64_t *mem = vmem_alloc(NULL, size, VA_RESERVE | VA_COMMIT);
    if (!win || !mem)
        return fail("vlm_map/vmem_alloc");
    double tw = passes(win, size / 8, &sum), tm = passes(mem, size / 8, &sum);
    printf("window_MB_per_s=%.0f memory_MB_per_s=%.0f check=%lx\n", 2.0 * (double)size / 1e6 / tw,
           2.0 * (double)size / 1e6 / tm, (unsigned long)sum);
    return vlm_unmap(win) || vlm_buf_release(b) || vlm_free(h) || vmem_free(mem, 0, VF_RELEASE);
}

int main(int argc, char **argv)
{
    uint64_t size = argc > 2 ? parse_size(argv[2]) : 0;

    if (argc != 3 || !size || size % 8192) {
        fprintf(stderr, "usage: vlmbench alloc|map|rw|access SIZE\n");
        return 2;
    }
    if (!strcmp(argv[1], "alloc"))  return bench_alloc(size);
    if (!strcmp(argv[1], "map"))    return bench_map(size);
    if (!strcmp(argv[1], "rw"))     return bench_rw(size);
    if (!strcmp(argv[1], "access")) return bench_access(size);
    fprintf(stderr, "vlmbench: unknown test %s\n", argv[1]);
    return 2;
}
