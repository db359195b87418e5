#define _GNU_SOURCE
/* Robust mutexes (issue 21): a thread that ends holding one leaves it to
 * the next locker with EOWNERDEAD, because the kernel walks the thread's
 * robust list at its exit (set_robust_list) and marks each word it owns
 * FUTEX_OWNER_DIED.  Both while nobody waits (the next lock finds the flag)
 * and while main sleeps in the lock (the exit wakes it), for a private, a
 * process-shared and a priority-inheritance mutex; then
 * pthread_mutex_consistent, and ENOTRECOVERABLE when nobody makes it
 * consistent.  Every lock has a timeout: a kernel that leaves the word
 * alone makes it ETIMEDOUT instead of a hang.  (Across fork it would need
 * MAP_SHARED anonymous memory that stays shared, which VLM/OS does not
 * have: its fork copies such a mapping.) */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t m;
static sem_t locked;

static const char *en(int e)
{
    switch (e) {
    case 0: return "0";
    case EOWNERDEAD: return "EOWNERDEAD";
    case ENOTRECOVERABLE: return "ENOTRECOVERABLE";
    case ETIMEDOUT: return "ETIMEDOUT";
    case EINVAL: return "EINVAL";
    case ENOTSUP: return "ENOTSUP";
    }
    return strerror(e);
}

/* Lock m, waiting at most 3 s. */
static int lock3(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += 3;
    return pthread_mutex_timedlock(&m, &ts);
}

/* Locks m and ends without unlocking it; with arg, only after a while (main
 * is asleep in the lock by then). */
static void *owner(void *arg)
{
    if (pthread_mutex_lock(&m))
        printf("owner: lock failed\n");
    sem_post(&locked);
    if (arg)
        usleep(100 * 1000);
    return NULL;
}

static int init(int pshared, int protocol)
{
    pthread_mutexattr_t a;
    int r;

    pthread_mutexattr_init(&a);
    pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
    pthread_mutexattr_setpshared(&a, pshared);
    if ((r = pthread_mutexattr_setprotocol(&a, protocol)) == 0)
        r = pthread_mutex_init(&m, &a);
    pthread_mutexattr_destroy(&a);
    return r;
}

/* One round: the owner dies holding m (main waiting for it if wait). */
static void round_of(const char *what, int pshared, int protocol, int wait)
{
    pthread_t t;
    int r;

    if ((r = init(pshared, protocol)) != 0) {
        printf("%s: init %s\n", what, en(r));
        return;
    }
    pthread_create(&t, NULL, owner, wait ? (void *)1 : NULL);
    sem_wait(&locked);
    if (!wait)
        pthread_join(t, NULL);
    r = lock3();
    printf("%s: lock after owner died: %s\n", what, en(r));
    if (r == EOWNERDEAD) {
        printf("%s: consistent %s\n", what, en(pthread_mutex_consistent(&m)));
        printf("%s: unlock %s\n", what, en(pthread_mutex_unlock(&m)));
        r = lock3();
        printf("%s: lock again %s\n", what, en(r));
        if (!r)
            pthread_mutex_unlock(&m);
    }
    if (wait)
        pthread_join(t, NULL);
    pthread_mutex_destroy(&m);
}

/* EOWNERDEAD, then unlock without consistent: nobody can lock it again. */
static void not_recoverable(void)
{
    pthread_t t;

    init(PTHREAD_PROCESS_PRIVATE, PTHREAD_PRIO_NONE);
    pthread_create(&t, NULL, owner, NULL);
    sem_wait(&locked);
    pthread_join(t, NULL);
    printf("unrecovered: lock %s\n", en(lock3()));
    printf("unrecovered: unlock %s\n", en(pthread_mutex_unlock(&m)));
    printf("unrecovered: lock %s\n", en(lock3()));
}

int main(void)
{
    sem_init(&locked, 0, 0);
    round_of("private", PTHREAD_PROCESS_PRIVATE, PTHREAD_PRIO_NONE, 0);
    round_of("private waiting", PTHREAD_PROCESS_PRIVATE, PTHREAD_PRIO_NONE, 1);
    round_of("shared", PTHREAD_PROCESS_SHARED, PTHREAD_PRIO_NONE, 0);
    round_of("shared waiting", PTHREAD_PROCESS_SHARED, PTHREAD_PRIO_NONE, 1);
    round_of("pi", PTHREAD_PROCESS_PRIVATE, PTHREAD_PRIO_INHERIT, 0);
    round_of("pi waiting", PTHREAD_PROCESS_PRIVATE, PTHREAD_PRIO_INHERIT, 1);
    not_recoverable();
    return 0;
}
