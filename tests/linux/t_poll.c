#define _GNU_SOURCE
/* poll, ppoll and select as Linux answers them (issue 21): a pipe's read end
 * is ready with bytes (POLLIN) and once its writers are gone (POLLHUP,
 * alone when empty); its write end with room (POLLOUT) and POLLERR once
 * no reader is left; a closed descriptor is POLLNVAL; timeouts 0 and 50 ms
 * return 0 after waiting; a writer thread or child wakes a waiting poll; a
 * signal interrupts one (EINTR) (ppoll's mask: n_pollmask.c); select (pselect6) rewrites its sets, shows the time left and says
 * EBADF for a closed descriptor. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long ms_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

static void pause_ms(int ms)
{
    struct timespec ts = { 0, ms * 1000000L };
    nanosleep(&ts, NULL);
}

/* poll one descriptor for events with timeout; print the result. */
static void poll1(const char *what, int fd, short events, int timeout)
{
    struct pollfd p = { fd, events, 0x7fff };
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int r = poll(&p, 1, timeout);
    long ms = ms_since(&t0);
    if (r < 0)                         /* (qemu-riscv64 leaves revents alone then, Linux zeroes it) */
        printf("%s: %d %s\n", what, r, errno == EINTR ? "EINTR" : "error");
    else
        printf("%s: %d revents %#x%s\n", what, r, p.revents,
               timeout > 0 && r == 0 ? (ms >= timeout ? " (waited)" : " (too early)") : "");
}

static int wr_fd;

static void *late_writer(void *arg)
{
    pause_ms((int)(long)arg);
    if (write(wr_fd, "x", 1) != 1)
        printf("late_writer: write failed\n");
    return NULL;
}

static void pipes(void)
{
    int fds[2];
    char buf[8];
    pthread_t t;

    pipe(fds);
    wr_fd = fds[1];
    poll1("empty, timeout 0", fds[0], POLLIN, 0);
    poll1("empty, timeout 50", fds[0], POLLIN, 50);
    poll1("write end", fds[1], POLLOUT, 0);
    poll1("write end asked POLLIN", fds[1], POLLIN, 0);
    pthread_create(&t, NULL, late_writer, (void *)30L);
    poll1("thread writes in 30 ms, no timeout", fds[0], POLLIN, -1);
    pthread_join(t, NULL);
    poll1("a byte in", fds[0], POLLIN | POLLOUT, 1000);
    read(fds[0], buf, 1);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        pause_ms(30);
        write(fds[1], "hi", 2);
        pause_ms(100);                 /* the poll sees the bytes before the exit */
        _exit(0);
    }
    close(fds[1]);
    poll1("child writes in 30 ms and exits", fds[0], POLLIN, 5000);
    waitpid(pid, NULL, 0);
    poll1("writer gone, data left", fds[0], POLLIN, 0);
    printf("read %zd\n", read(fds[0], buf, sizeof(buf)));
    poll1("writer gone, empty", fds[0], POLLIN, 1000);
    poll1("writer gone, asked nothing", fds[0], 0, 0);
    close(fds[0]);

    pipe(fds);
    close(fds[0]);
    poll1("reader gone", fds[1], POLLOUT, 0);
    close(fds[1]);
}

static void others(void)
{
    int null = open("/dev/null", O_RDWR);
    int self = open("t_poll_file", O_RDWR | O_CREAT | O_TRUNC, 0600);
    struct pollfd p[4] = { { null, POLLIN | POLLOUT, 0 }, { self, POLLIN | POLLOUT, 0 },
                           { 9, POLLIN, 0 }, { -1, POLLIN, 0x55 } };

    printf("four: %d revents %#x %#x %#x %#x\n", poll(p, 4, -1), p[0].revents, p[1].revents,
           p[2].revents, p[3].revents);
    close(null);
    close(self);
    unlink("t_poll_file");
}

static volatile sig_atomic_t got;
static void on_usr1(int sig) { (void)sig; got++; }

static pthread_t main_thread;

/* SIGUSR1 to main in 30 ms (to the thread: qemu-riscv64 may hand a
 * process-directed one to a thread that blocks it). */
static void *signaller(void *arg)
{
    pause_ms(30);
    pthread_kill(main_thread, SIGUSR1);
    (void)arg;
    return NULL;
}

static void signals(void)
{
    int fds[2];
    pthread_t t;

    main_thread = pthread_self();
    signal(SIGUSR1, on_usr1);
    pipe(fds);
    pthread_create(&t, NULL, signaller, NULL);
    poll1("signal while waiting", fds[0], POLLIN, -1);
    pthread_join(t, NULL);
    printf("handler ran %d\n", got);

    close(fds[0]);
    close(fds[1]);
}

static void selects(void)
{
    int fds[2];
    fd_set rd, wr;
    struct timeval tv = { 0, 0 };

    pipe(fds);
    FD_ZERO(&rd); FD_ZERO(&wr);
    FD_SET(fds[0], &rd); FD_SET(fds[1], &wr);
    printf("select empty: %d rd %d wr %d\n", select(fds[1] + 1, &rd, &wr, NULL, &tv),
           FD_ISSET(fds[0], &rd), FD_ISSET(fds[1], &wr));
    FD_ZERO(&rd);
    FD_SET(fds[0], &rd);
    tv.tv_usec = 50000;
    int r = select(fds[0] + 1, &rd, NULL, NULL, &tv);
    printf("select 50 ms: %d rd %d left %ld.%06ld\n", r, FD_ISSET(fds[0], &rd), (long)tv.tv_sec, (long)tv.tv_usec);
    write(fds[1], "z", 1);
    FD_SET(fds[0], &rd);
    tv.tv_sec = 5, tv.tv_usec = 0;
    r = select(fds[0] + 1, &rd, NULL, NULL, &tv);
    printf("select data: %d rd %d, time left %s\n", r, FD_ISSET(fds[0], &rd),
           tv.tv_sec >= 4 && tv.tv_sec <= 5 ? "about 5 s" : "wrong");
    FD_ZERO(&rd);
    FD_SET(60, &rd);                  /* (qemu-riscv64's own descriptors are low ones) */
    tv.tv_sec = 0;
    r = select(61, &rd, NULL, NULL, &tv);
    printf("select closed fd: %d %s\n", r, r < 0 && errno == EBADF ? "EBADF" : "?");
    close(fds[0]);
    close(fds[1]);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    pipes();
    others();
    signals();
    selects();
    return 0;
}
