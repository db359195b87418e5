#define _GNU_SOURCE
/* FUTEX_WAKE_OP and the PI futex ops as Linux answers them (issue 21):
 * WAKE_OP's op decode (SET, ADD, OR, ANDN, XOR, the shift flag, signed
 * oparg), its compare deciding the second wake, ENOSYS for an unknown op
 * (word unchanged) or cmp (word changed); LOCK_PI / TRYLOCK_PI / UNLOCK_PI's
 * word protocol (owner tid, FUTEX_WAITERS, OWNER_DIED kept), EDEADLK,
 * EPERM, EAGAIN, ESRCH, ETIMEDOUT and a hand-over to a sleeping locker;
 * then a PTHREAD_PRIO_INHERIT mutex that 4 threads contend for. */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* linux/futex.h's values (the musl toolchain has no kernel headers). */
enum { FUTEX_WAIT = 0, FUTEX_WAKE = 1, FUTEX_WAKE_OP = 5, FUTEX_LOCK_PI = 6,
       FUTEX_UNLOCK_PI = 7, FUTEX_TRYLOCK_PI = 8, FUTEX_PRIVATE_FLAG = 128 };
#define WAITERS    0x80000000u
#define OWNER_DIED 0x40000000u
#define TID_MASK   0x3fffffffu
#define OP(op, cmp, oparg, cmparg) \
    ((uint32_t)(op) << 28 | (uint32_t)(cmp) << 24 | ((uint32_t)(oparg) & 0xfff) << 12 | ((uint32_t)(cmparg) & 0xfff))

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
    case -EDEADLK: return "EDEADLK";
    case -EPERM: return "EPERM";
    case -ESRCH: return "ESRCH";
    }
    snprintf(buf, sizeof(buf), "%ld", r);
    return buf;
}

static uint32_t w1, w2, pi;

static void pause_ms(int ms)
{
    struct timespec ts = { 0, ms * 1000000L };
    nanosleep(&ts, NULL);
}

/* The owner part of a PI word as the reader sees it: "me", "none" or "other",
 * and its two flags. */
static const char *who(uint32_t w)
{
    static char buf[48];
    uint32_t t = w & TID_MASK;
    snprintf(buf, sizeof(buf), "%s%s%s", !t ? "none" : t == (uint32_t)gettid() ? "me" : "other",
             w & WAITERS ? "+waiters" : "", w & OWNER_DIED ? "+died" : "");
    return buf;
}

static void *wait_on(void *arg)
{
    uint32_t *u = arg;
    return (void *)fx(u, FUTEX_WAIT, *u, NULL, NULL, 0);
}

static void wake_op_decode(void)
{
    static const struct { const char *what; uint32_t op; } ops[] = {
        { "SET 7", OP(0, 0, 7, 0) },        { "ADD 5", OP(1, 0, 5, 0) },
        { "ADD -3", OP(1, 0, -3, 0) },      { "OR 0x30", OP(2, 0, 0x30, 0) },
        { "ANDN 0x10", OP(3, 0, 0x10, 0) }, { "XOR 0xff", OP(4, 0, 0xff, 0) },
        { "SET 1<<20", OP(8, 0, 20, 0) },   { "OR 1<<3", OP(10, 0, 3, 0) },
        { "op 5", OP(5, 0, 1, 0) },         { "cmp 6", OP(0, 6, 9, 0) },
        { "op 7", OP(7, 0, 1, 0) },
    };
    for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        long r = fx(&w1, FUTEX_WAKE_OP | FUTEX_PRIVATE_FLAG, 1, (void *)1, &w2, ops[i].op);
        printf("wake_op %-10s -> %s, word %#x\n", ops[i].what, en(r), w2);
    }
    printf("wake_op misaligned: %s\n",
           en(fx(&w1, FUTEX_WAKE_OP, 1, (void *)1, (uint32_t *)((char *)&w2 + 1), OP(0, 0, 1, 0))));
    printf("wake_op NULL: %s\n", en(fx(&w1, FUTEX_WAKE_OP, 1, (void *)1, NULL, OP(0, 0, 1, 0))));
}

/* Two threads wait on w1, one on w2; cmp decides whether w2's wakes. */
static void wake_op_waiters(void)
{
    pthread_t t[3];

    w1 = 1, w2 = 4;
    pthread_create(&t[0], NULL, wait_on, &w1);
    pthread_create(&t[1], NULL, wait_on, &w1);
    pthread_create(&t[2], NULL, wait_on, &w2);
    pause_ms(100);
    printf("wake_op 1 + (old 4 > 9): %ld\n", fx(&w1, FUTEX_WAKE_OP, 1, (void *)1, &w2, OP(0, 4, 0, 9)));
    printf("wake_op 1 + (old 0 == 0): %ld\n", fx(&w1, FUTEX_WAKE_OP, 1, (void *)1, &w2, OP(1, 0, 1, 0)));
    for (int i = 0; i < 3; i++) {
        void *r;
        pthread_join(t[i], &r);
        printf("waiter %d: %s\n", i, en((long)r));
    }
}

/* Another thread's view of pi while main holds it. */
static void *pi_other(void *arg)
{
    struct timespec at;
    (void)arg;
    printf("other trylock: %s\n", en(fx(&pi, FUTEX_TRYLOCK_PI, 0, NULL, NULL, 0)));
    printf("other unlock: %s\n", en(fx(&pi, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0)));
    clock_gettime(CLOCK_REALTIME, &at);
    at.tv_nsec += 50000000;
    if (at.tv_nsec >= 1000000000) at.tv_sec++, at.tv_nsec -= 1000000000;
    printf("other lock, 50 ms: %s\n", en(fx(&pi, FUTEX_LOCK_PI, 0, &at, NULL, 0)));
    printf("word %s\n", who(pi));
    printf("other lock: %s, word %s\n", en(fx(&pi, FUTEX_LOCK_PI, 0, NULL, NULL, 0)), who(pi));
    printf("other unlock: %s, word %s\n", en(fx(&pi, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0)), who(pi));
    return NULL;
}

static void pi_raw(void)
{
    pthread_t t;

    printf("trylock: %s, word %s\n", en(fx(&pi, FUTEX_TRYLOCK_PI, 0, NULL, NULL, 0)), who(pi));
    printf("lock again: %s\n", en(fx(&pi, FUTEX_LOCK_PI, 0, NULL, NULL, 0)));
    pthread_create(&t, NULL, pi_other, NULL);
    pause_ms(200);                     /* other: tried, timed out, now asleep in LOCK_PI */
    printf("word %s\n", who(pi));
    printf("unlock (hand over): %s, word %s\n", en(fx(&pi, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0)), who(pi));
    pthread_join(t, NULL);
    pi = 0x3ffffffe;                   /* nobody's tid */
    printf("lock of a dead owner's word: %s\n", en(fx(&pi, FUTEX_LOCK_PI, 0, NULL, NULL, 0)));
    pi = OWNER_DIED;
    printf("lock, owner died: %s, word %s\n", en(fx(&pi, FUTEX_LOCK_PI, 0, NULL, NULL, 0)), who(pi));
    printf("unlock: %s, word %s\n", en(fx(&pi, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0)), who(pi));
    printf("unlock free: %s\n", en(fx(&pi, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0)));
}

static pthread_mutex_t m;
static long counter;

static void *contend(void *arg)
{
    (void)arg;
    for (int i = 0; i < 3000; i++) {
        pthread_mutex_lock(&m);
        long c = counter;
        for (volatile int k = 0; k < 50; k++)
            ;
        counter = c + 1;
        pthread_mutex_unlock(&m);
    }
    return NULL;
}

static void pi_mutex(void)
{
    pthread_mutexattr_t a;
    pthread_t t[4];
    int r;

    pthread_mutexattr_init(&a);
    r = pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT);
    printf("setprotocol: %d\n", r);
    pthread_mutex_init(&m, &a);
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, contend, NULL);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    printf("counter %ld\n", counter);
}

int main(void)
{
    w1 = 0, w2 = 5;
    wake_op_decode();
    wake_op_waiters();
    pi_raw();
    pi_mutex();
    return 0;
}
