#define _GNU_SOURCE
/* ppoll's signal mask (issue 21): SIGUSR1, sent while ppoll waits with it
 * masked, does not interrupt it (the timeout ends it: 0) and its handler
 * runs as ppoll returns, the caller's own mask back in place.  Checked
 * against the host's Linux: qemu-riscv64 loses that signal. */
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static pthread_t main_thread;
static volatile sig_atomic_t got;

static void on_usr1(int sig)
{
    (void)sig;
    got++;
}

static void *signaller(void *arg)
{
    struct timespec ts = { 0, 30 * 1000000L };

    (void)arg;
    nanosleep(&ts, NULL);
    pthread_kill(main_thread, SIGUSR1);
    return NULL;
}

int main(void)
{
    int fds[2];
    pthread_t t;
    sigset_t block, now;
    struct timespec ts = { 0, 80 * 1000000L };

    main_thread = pthread_self();
    signal(SIGUSR1, on_usr1);
    if (pipe(fds))
        return 1;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    struct pollfd p = { fds[0], POLLIN, 0 };
    pthread_create(&t, NULL, signaller, NULL);
    int r = ppoll(&p, 1, &ts, &block);
    int ran = got;
    pthread_sigmask(SIG_BLOCK, NULL, &now);
    printf("ppoll with SIGUSR1 masked: %d, handler ran at its return %d, mask back %d\n", r, ran,
           !sigismember(&now, SIGUSR1));
    pthread_join(t, NULL);
    return 0;
}
