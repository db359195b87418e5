/* t_alarm: alarm, setitimer/getitimer(ITIMER_REAL), pause, EINTR and
 * SA_RESTART on a blocked pipe read, an interrupted nanosleep and sleep
 * (the time left), a periodic timer; last, SIGALRM's default action ends
 * the program (status 142) — compared with qemu-riscv64. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t alarms;
static int wfd = -1;

static void on_alarm(int sig)
{
    (void)sig;
    alarms++;
    if (wfd >= 0)
        write(wfd, "!", 1);             /* gives the restarted read its byte */
}

static void set(void (*fn)(int), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = fn;
    sa.sa_flags = flags;
    sigaction(SIGALRM, &sa, NULL);
}

static void arm_ms(long ms, long every_ms)
{
    struct itimerval it = { { every_ms / 1000, every_ms % 1000 * 1000 }, { ms / 1000, ms % 1000 * 1000 } };
    setitimer(ITIMER_REAL, &it, NULL);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    set(on_alarm, 0);

    printf("alarm(5) first: %u\n", alarm(5));
    printf("alarm(0) after it: %u\n", alarm(0));
    struct itimerval it;
    getitimer(ITIMER_REAL, &it);
    printf("disarmed: %ld %ld\n", (long)it.it_value.tv_sec, (long)it.it_value.tv_usec);
    arm_ms(3000, 0);
    getitimer(ITIMER_REAL, &it);
    printf("armed 3 s: left %ld s (2 or 3 ok: %d)\n", (long)it.it_value.tv_sec,
           it.it_value.tv_sec == 2 || it.it_value.tv_sec == 3);
    arm_ms(0, 0);
    errno = 0;
    it.it_value.tv_usec = 1000000;
    printf("usec 1000000: %d EINVAL %d\n", setitimer(ITIMER_REAL, &it, NULL), errno == EINVAL);

    arm_ms(50, 0);
    int r = pause();
    printf("pause: %d EINTR %d, alarms %d\n", r, errno == EINTR, alarms);

    int fd[2];
    pipe(fd);
    char c = 0;
    arm_ms(50, 0);
    errno = 0;
    ssize_t n = read(fd[0], &c, 1);
    printf("read, no SA_RESTART: %zd EINTR %d, alarms %d\n", n, errno == EINTR, alarms);

    set(on_alarm, SA_RESTART);
    wfd = fd[1];
    arm_ms(50, 0);
    n = read(fd[0], &c, 1);
    printf("read, SA_RESTART: %zd '%c', alarms %d\n", n, c, alarms);
    wfd = -1;

    arm_ms(100, 0);
    struct timespec req = { 5, 0 }, rem = { 0, 0 };
    errno = 0;
    r = nanosleep(&req, &rem);
    printf("nanosleep(5 s): %d EINTR %d, rem %ld s\n", r, errno == EINTR, (long)rem.tv_sec);
    arm_ms(100, 0);
    printf("sleep(3) returns %u\n", sleep(3));

    /* A periodic timer: four ticks, each waited for with sigsuspend. */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGALRM);
    sigprocmask(SIG_BLOCK, &block, &old);
    int before = alarms;
    arm_ms(20, 20);
    while (alarms - before < 4)
        sigsuspend(&old);
    arm_ms(0, 0);
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("periodic: %d ticks\n", alarms - before);

    set(SIG_DFL, 0);
    alarm(1);
    pause();
    printf("not reached\n");
    return 0;
}
