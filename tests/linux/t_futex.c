#define _GNU_SOURCE
/* futex(2) as Linux answers it (issue 21): EAGAIN, ETIMEDOUT (relative and
 * absolute timeouts), EINVAL, EFAULT, ENOSYS, wake and requeue counts, a
 * waiter woken by another thread, and FUTEX_WAIT_BITSET / WAKE_BITSET. */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* linux/futex.h's values (the musl toolchain has no kernel headers). */
enum { FUTEX_WAIT = 0, FUTEX_WAKE = 1, FUTEX_REQUEUE = 3, FUTEX_CMP_REQUEUE = 4,
       FUTEX_WAIT_BITSET = 9, FUTEX_WAKE_BITSET = 10, FUTEX_PRIVATE_FLAG = 128,
       FUTEX_CLOCK_REALTIME = 256, FUTEX_WAIT_PRIVATE = FUTEX_WAIT | FUTEX_PRIVATE_FLAG,
       FUTEX_WAKE_PRIVATE = FUTEX_WAKE | FUTEX_PRIVATE_FLAG };

static long fx(uint32_t *u, int op, uint32_t val, const void *ts_or_val2, uint32_t *u2, uint32_t val3)
{
    long r = syscall(SYS_futex, u, op, val, ts_or_val2, u2, val3);
    return r < 0 ? -errno : r;
}

static const char *en(long r)
{
    static char buf[32];
    switch (r) {
    case -EAGAIN: return "EAGAIN";
    case -ETIMEDOUT: return "ETIMEDOUT";
    case -EINVAL: return "EINVAL";
    case -EFAULT: return "EFAULT";
    case -ENOSYS: return "ENOSYS";
    case -EINTR: return "EINTR";
    }
    snprintf(buf, sizeof(buf), "%ld", r);
    return buf;
}

static uint32_t word = 5, word2, shword = 9;

/* Waits (private) on word until main wakes it: FUTEX_WAIT, or WAIT_BITSET
 * with bitset 2; or (shared) on shword. */
static void *waiter(void *arg)
{
    int op = (int)(long)arg;
    long r = op == FUTEX_WAIT ? fx(&shword, op, 9, NULL, NULL, 0)
                              : fx(&word, op, 5, NULL, NULL, op == FUTEX_WAIT_PRIVATE ? 0 : 2);
    return (void *)r;
}

/* Wait until n threads sleep on w: a CMP_REQUEUE of w onto itself that
 * wakes none counts them (and moves nobody). */
static void settle(uint32_t *w, uint32_t val, int op, long n)
{
    struct timespec ms = { 0, 1000000 };
    while (fx(w, FUTEX_CMP_REQUEUE | op, 0, (void *)0x7fffffffL, w, val) < n)
        nanosleep(&ms, NULL);
}

int main(void)
{
    struct timespec rel = { 0, 2000000 }, bad = { 0, 1000000000 }, neg = { -1, 0 }, abs, now;
    uint32_t odd[2];

    setvbuf(stdout, NULL, _IOLBF, 0);

    printf("wait mismatch: %s\n", en(fx(&word, FUTEX_WAIT, 4, NULL, NULL, 0)));
    printf("wait private mismatch: %s\n", en(fx(&word, FUTEX_WAIT_PRIVATE, 4, NULL, NULL, 0)));
    printf("wait relative 2ms: %s\n", en(fx(&word, FUTEX_WAIT, 5, &rel, NULL, 0)));
    clock_gettime(CLOCK_MONOTONIC, &now);
    abs = now;
    abs.tv_nsec += 3000000;
    if (abs.tv_nsec >= 1000000000) abs.tv_sec++, abs.tv_nsec -= 1000000000;
    printf("wait_bitset absolute monotonic: %s\n", en(fx(&word, FUTEX_WAIT_BITSET, 5, &abs, NULL, ~0u)));
    printf("wait_bitset absolute, past: %s\n", en(fx(&word, FUTEX_WAIT_BITSET, 5, &now, NULL, ~0u)));
    clock_gettime(CLOCK_REALTIME, &now);
    printf("wait_bitset realtime, past: %s\n",
           en(fx(&word, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 5, &now, NULL, ~0u)));
    printf("wait clock_realtime: %s\n", en(fx(&word, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 5, &rel, NULL, 0)));
    printf("wake clock_realtime: %s\n", en(fx(&word, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0)));
    printf("wait bad nsec: %s\n", en(fx(&word, FUTEX_WAIT, 5, &bad, NULL, 0)));
    printf("wait negative: %s\n", en(fx(&word, FUTEX_WAIT, 5, &neg, NULL, 0)));
    printf("wait bad timespec: %s\n", en(fx(&word, FUTEX_WAIT, 5, (void *)8, NULL, 0)));
    printf("wait misaligned: %s\n", en(fx((uint32_t *)((char *)odd + 1), FUTEX_WAIT, 0, NULL, NULL, 0)));
    printf("wait bad address: %s\n", en(fx((uint32_t *)8, FUTEX_WAIT, 0, NULL, NULL, 0)));
    printf("wait_bitset 0: %s\n", en(fx(&word, FUTEX_WAIT_BITSET, 5, NULL, NULL, 0)));
    printf("wake_bitset 0: %s\n", en(fx(&word, FUTEX_WAKE_BITSET, 1, NULL, NULL, 0)));
    printf("wake nobody: %s\n", en(fx(&word, FUTEX_WAKE, 1, NULL, NULL, 0)));
    printf("wake private nobody: %s\n", en(fx(&word, FUTEX_WAKE_PRIVATE, 10, NULL, NULL, 0)));
    printf("wake misaligned: %s\n", en(fx((uint32_t *)((char *)odd + 2), FUTEX_WAKE, 1, NULL, NULL, 0)));
    printf("requeue negative: %s\n", en(fx(&word, FUTEX_REQUEUE, (uint32_t)-1, (void *)1, &word2, 0)));
    printf("cmp_requeue mismatch: %s\n", en(fx(&word, FUTEX_CMP_REQUEUE, 1, (void *)1, &word2, 4)));
    printf("cmp_requeue empty: %s\n", en(fx(&word, FUTEX_CMP_REQUEUE, 1, (void *)1, &word2, 5)));
    printf("op 99: %s\n", en(fx(&word, 99, 1, NULL, NULL, 0)));

    /* Three private waiters (two match any bit, one bit 2 only) and a shared one. */
    pthread_t t[4];
    void *rv[4];
    pthread_create(&t[0], NULL, waiter, (void *)(long)FUTEX_WAIT_PRIVATE);
    pthread_create(&t[1], NULL, waiter, (void *)(long)FUTEX_WAIT_PRIVATE);
    pthread_create(&t[2], NULL, waiter, (void *)(long)(FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG));
    pthread_create(&t[3], NULL, waiter, (void *)(long)FUTEX_WAIT);
    settle(&word, 5, FUTEX_PRIVATE_FLAG, 3);
    settle(&shword, 9, 0, 1);
    printf("wake_bitset 4 (the two match-any waiters): %s\n",
           en(fx(&word, FUTEX_WAKE_BITSET | FUTEX_PRIVATE_FLAG, 10, NULL, NULL, 4)));
    printf("cmp_requeue 0 wake, 1 requeue: %s\n",
           en(fx(&word, FUTEX_CMP_REQUEUE | FUTEX_PRIVATE_FLAG, 0, (void *)1, &word2, 5)));
    printf("wake word: %s\n", en(fx(&word, FUTEX_WAKE_PRIVATE, 10, NULL, NULL, 0)));
    printf("wake word2: %s\n", en(fx(&word2, FUTEX_WAKE_PRIVATE, 10, NULL, NULL, 0)));
    printf("wake shared word: %s\n", en(fx(&shword, FUTEX_WAKE, 10, NULL, NULL, 0)));
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], &rv[i]);
    printf("waiters returned %s %s %s %s\n", en((long)rv[0]), en((long)rv[1]), en((long)rv[2]),
           en((long)rv[3]));
    return 0;
}
