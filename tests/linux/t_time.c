/* Time: time(), every POSIX clock, gettimeofday, clock_getres. */
#include <stdio.h>
#include <sys/time.h>
#include <time.h>

int main(void)
{
    struct timespec a, b;
    struct timeval tv;
    time_t t = time(NULL);

    printf("time after 2025 %d\n", t > 1735689600);
    for (int id = 0; id <= 7; id++) {
        int r1 = clock_gettime(id, &a), r2 = clock_gettime(id, &b);
        int mono = b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec);
        printf("clock %d: %d %d ordered %d\n", id, r1, r2, mono);
    }
    printf("bad clock %d\n", clock_gettime(99, &a));
    printf("gettimeofday %d after 2025 %d\n", gettimeofday(&tv, NULL), tv.tv_sec > 1735689600);
    printf("getres %d\n", clock_getres(CLOCK_MONOTONIC, &a));
    struct tm tm;
    gmtime_r(&(time_t){ 86400 * 365 }, &tm);
    char s[64];
    strftime(s, sizeof(s), "%Y-%m-%d %H:%M:%S", &tm);
    printf("strftime %s\n", s);
    return 0;
}
