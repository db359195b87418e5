/* malloc/free of 100 MB (mmap'd by glibc), and many small blocks (brk). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    size_t n = 100u << 20;
    unsigned char *p = malloc(n);
    unsigned long sum = 0;

    if (!p)
        return puts("malloc 100 MB failed"), 1;
    memset(p, 0x5A, n);
    for (size_t i = 0; i < n; i += 4093)
        sum += p[i];
    printf("100 MB sum %lu\n", sum);
    free(p);
    void *blocks[10000];
    for (int i = 0; i < 10000; i++)
        if (!(blocks[i] = malloc((size_t)(i % 700) + 1)))
            return puts("small malloc failed"), 1;
    for (int i = 0; i < 10000; i += 2)
        free(blocks[i]);
    for (int i = 1; i < 10000; i += 2)
        free(blocks[i]);
    p = calloc(1, 3u << 20);
    printf("calloc zero %d\n", p && p[12345] == 0 && p[(3u << 20) - 1] == 0);
    p = realloc(p, 40u << 20);
    printf("realloc %s\n", p ? "ok" : "failed");
    free(p);
    return 0;
}
