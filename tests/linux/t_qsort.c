/* qsort and bsearch over 200,000 integers from a fixed LCG. */
#include <stdio.h>
#include <stdlib.h>

static int cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

int main(void)
{
    enum { N = 200000 };
    static int v[N];
    unsigned x = 12345;
    unsigned long sum = 0;

    for (int i = 0; i < N; i++)
        v[i] = (int)((x = x * 1103515245u + 12345u) >> 1);
    qsort(v, N, sizeof(v[0]), cmp);
    for (int i = 1; i < N; i++)
        if (v[i - 1] > v[i])
            return puts("not sorted"), 1;
    for (int i = 0; i < N; i += 997)
        sum += (unsigned)v[i];
    printf("sorted, sum %lu, min %d, max %d\n", sum, v[0], v[N - 1]);
    printf("bsearch %d\n", bsearch(&v[777], v, N, sizeof(v[0]), cmp) != NULL);
    return 0;
}
