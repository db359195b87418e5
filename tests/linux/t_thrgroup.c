#define _GNU_SOURCE
/* exit_group from a thread while the others run (issue 21): one thread
 * spins, one sleeps, one waits on a condition variable, the main thread
 * waits in pthread_join; a fifth calls exit(3).  Every thread ends, the
 * process's status is 3, and nothing after the exit is printed.  With an
 * argument "last": the main thread leaves with pthread_exit first and the
 * last thread's return ends the process with status 0. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static volatile int running;

static void *spinner(void *arg)
{
    (void)arg;
    __atomic_add_fetch(&running, 1, __ATOMIC_SEQ_CST);
    while (running >= 0)             /* for ever: running never goes negative */
        ;
    return NULL;
}

static void *sleeper(void *arg)
{
    struct timespec ts = { 1000, 0 };
    (void)arg;
    __atomic_add_fetch(&running, 1, __ATOMIC_SEQ_CST);
    nanosleep(&ts, NULL);
    puts("sleeper woke: wrong");
    return NULL;
}

static void *condwaiter(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&lock);
    __atomic_add_fetch(&running, 1, __ATOMIC_SEQ_CST);
    while (running >= 0)
        pthread_cond_wait(&cond, &lock);
    return NULL;
}

static void *exiter(void *arg)
{
    struct timespec ms = { 0, 1000000 };
    (void)arg;
    while (__atomic_load_n(&running, __ATOMIC_SEQ_CST) < 3)
        nanosleep(&ms, NULL);
    puts("exiter: exit(3) with three threads running");
    fflush(stdout);
    exit(3);
}

static void *late(void *arg)
{
    struct timespec ms = { 0, 5000000 };
    (void)arg;
    nanosleep(&ms, NULL);
    printf("late thread: main has gone, pid %s\n", getpid() > 0 ? "ok" : "bad");
    return NULL;
}

int main(int argc, char **argv)
{
    pthread_t t[4];

    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc > 1 && !strcmp(argv[argc - 1], "last")) {
        pthread_create(&t[0], NULL, late, NULL);
        puts("main: pthread_exit");
        pthread_exit(NULL);
    }
    pthread_create(&t[0], NULL, spinner, NULL);
    pthread_create(&t[1], NULL, sleeper, NULL);
    pthread_create(&t[2], NULL, condwaiter, NULL);
    pthread_create(&t[3], NULL, exiter, NULL);
    pthread_join(t[0], NULL);
    puts("main: join returned: wrong");
    return 0;
}
