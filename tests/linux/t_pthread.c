#define _GNU_SOURCE
/* pthreads (issue 21): 8 threads with a mutex-protected counter, a
 * condition-variable hand-off, pthread_once, __thread storage, thread exit
 * values through join, a thread that ends with pthread_exit, getpid vs
 * gettid, the main thread ending last, and a condition wait that times out
 * (a futex wait with an absolute CLOCK_REALTIME timeout).  Everything
 * printed comes from main after the joins, so the order never depends on
 * the scheduler. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NT 8
#define ROUNDS 2000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static long counter;
static int once_runs, ready, turn;
static __thread int tls_value = 7;
static __thread char tls_name[16];
static int tls_seen[NT], pid_same[NT], tid_differs[NT], main_pid;

static void init_once(void)
{
    once_runs++;
}

static void *worker(void *arg)
{
    int id = (int)(long)arg;

    pthread_once(&once, init_once);
    tls_value += id;                          /* each thread its own copy */
    snprintf(tls_name, sizeof(tls_name), "thread-%d", id);
    pid_same[id] = getpid() == main_pid;
    tid_differs[id] = gettid() != getpid();
    for (int i = 0; i < ROUNDS; i++) {
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
        if (i % 500 == 0)
            sched_yield();
    }
    /* Take turns in id order through the condition variable. */
    pthread_mutex_lock(&lock);
    ready++;
    pthread_cond_broadcast(&cond);
    while (turn != id)
        pthread_cond_wait(&cond, &lock);
    turn++;
    pthread_cond_broadcast(&cond);
    pthread_mutex_unlock(&lock);
    char want[16];
    snprintf(want, sizeof(want), "thread-%d", id);
    tls_seen[id] = tls_value == 7 + id && strcmp(tls_name, want) == 0;
    if (id == 3)
        pthread_exit((void *)(long)(100 + id));
    return (void *)(long)(100 + id);
}

int main(void)
{
    pthread_t t[NT];
    long sum = 0;
    int pid = main_pid = getpid();

    for (int i = 0; i < NT; i++)
        if (pthread_create(&t[i], NULL, worker, (void *)(long)i) != 0) {
            printf("pthread_create %d failed\n", i);
            return 1;
        }
    for (int i = 0; i < NT; i++) {
        void *rv;
        pthread_join(t[i], &rv);
        sum += (long)rv;
    }
    printf("counter %ld (want %d)\n", counter, NT * ROUNDS);
    printf("once ran %d time(s)\n", once_runs);
    printf("ready %d turn %d\n", ready, turn);
    printf("join values sum %ld (want %d)\n", sum, NT * 100 + NT * (NT - 1) / 2);
    for (int i = 0; i < NT; i++)
        printf("thread %d: tls %d same pid %d tid differs %d\n", i, tls_seen[i], pid_same[i],
               tid_differs[i]);
    printf("main tls %d, pid unchanged %d, main tid is pid %d\n", tls_value, getpid() == pid,
           gettid() == getpid());

    /* A timed wait nobody signals: a futex wait with an absolute CLOCK_REALTIME timeout. */
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += 3000000;
    if (ts.tv_nsec >= 1000000000)
        ts.tv_sec++, ts.tv_nsec -= 1000000000;
    pthread_mutex_lock(&lock);
    int r = pthread_cond_timedwait(&cond, &lock, &ts);
    pthread_mutex_unlock(&lock);
    printf("cond_timedwait: %s\n", r == ETIMEDOUT ? "ETIMEDOUT" : "woken");
    return 0;
}
