/* t_signal: handlers, SA_SIGINFO, masks, sigpending, sigsuspend, raise and
 * kill of self, SA_RESETHAND, SA_NODEFER, SIG_IGN, the registers a handler
 * sees and may change (uc_mcontext), FP state kept across a handler,
 * sigaltstack, SIGPIPE, and error returns — compared with qemu-riscv64. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

static volatile sig_atomic_t hits[65], last_code, last_pid_ok, nested, depth, maxdepth;
static volatile double fsum;

static void on_sig(int sig)
{
    hits[sig]++;
}

static void on_info(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    hits[sig]++;
    last_code = si->si_code;
    last_pid_ok = si->si_pid == getpid() && si->si_signo == sig;
    /* The interrupted pc is in gregs[0], sp in gregs[2]: both user addresses. */
    if (uc->uc_mcontext.__gregs[0] == 0 || uc->uc_mcontext.__gregs[2] == 0)
        last_pid_ok = 0;
}

static void on_nest(int sig)
{
    hits[sig]++;
    depth++;
    if (depth > maxdepth)
        maxdepth = depth;
    if (hits[sig] < 3)
        raise(sig);                     /* SA_NODEFER: nested; else after this one */
    depth--;
}

/* The handler's own FP work must not leak into the interrupted code. */
static void on_fp(int sig)
{
    volatile double x = 1.25;
    for (int i = 0; i < 10; i++)
        x = x * 3.5 + 0.5;
    fsum = x;
    hits[sig]++;
}

static char altstack[16384];
static volatile int on_alt;

static void on_alt_sig(int sig)
{
    char here;
    on_alt = &here >= altstack && &here < altstack + sizeof(altstack);
    hits[sig]++;
}

static void set(int sig, void (*fn)(int), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = fn;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    if (sigaction(sig, &sa, NULL))
        perror("sigaction");
}

static void basics(void)
{
    set(SIGUSR1, on_sig, 0);
    raise(SIGUSR1);
    kill(getpid(), SIGUSR1);
    printf("handler: SIGUSR1 ran %d times\n", hits[SIGUSR1]);

    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_info;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR2, &sa, NULL);
    kill(getpid(), SIGUSR2);
    printf("siginfo: kill: code %d (SI_USER %d), pid and signo right %d\n", last_code, SI_USER,
           last_pid_ok);
    raise(SIGUSR2);
    printf("siginfo: raise: code %d (SI_TKILL %d), pid and signo right %d\n", last_code, SI_TKILL,
           last_pid_ok);

    struct sigaction old;
    sigaction(SIGUSR2, NULL, &old);
    printf("sigaction old: SA_SIGINFO %d, handler right %d\n", !!(old.sa_flags & SA_SIGINFO),
           old.sa_sigaction == on_info);
    set(SIGUSR1, SIG_IGN, 0);
    raise(SIGUSR1);
    printf("SIG_IGN: still %d\n", hits[SIGUSR1]);
}

static void masks(void)
{
    sigset_t b, old, pend;
    set(SIGUSR1, on_sig, 0);
    hits[SIGUSR1] = 0;
    sigemptyset(&b);
    sigaddset(&b, SIGUSR1);
    sigprocmask(SIG_BLOCK, &b, &old);
    raise(SIGUSR1);
    raise(SIGUSR1);                     /* not queued twice */
    sigpending(&pend);
    printf("blocked: ran %d, pending %d\n", hits[SIGUSR1], sigismember(&pend, SIGUSR1));
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("unblocked: ran %d\n", hits[SIGUSR1]);

    /* sigsuspend: wait with SIGUSR1 unblocked; it arrives while blocked first. */
    sigprocmask(SIG_BLOCK, &b, &old);
    raise(SIGUSR1);
    sigset_t wait_mask = old;
    sigdelset(&wait_mask, SIGUSR1);
    int r = sigsuspend(&wait_mask);
    sigset_t now;
    sigprocmask(SIG_SETMASK, NULL, &now);
    printf("sigsuspend: %d errno EINTR %d, ran %d, mask back %d\n", r, errno == EINTR,
           hits[SIGUSR1], sigismember(&now, SIGUSR1));
    sigprocmask(SIG_SETMASK, &old, NULL);

    /* SIGKILL and SIGSTOP cannot be blocked or caught. */
    sigfillset(&b);
    sigprocmask(SIG_SETMASK, &b, NULL);
    sigprocmask(SIG_SETMASK, NULL, &now);
    printf("fill mask: KILL %d STOP %d USR1 %d\n", sigismember(&now, SIGKILL),
           sigismember(&now, SIGSTOP), sigismember(&now, SIGUSR1));
    sigprocmask(SIG_SETMASK, &old, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_sig;
    errno = 0;
    printf("sigaction(SIGKILL): %d errno EINVAL %d\n", sigaction(SIGKILL, &sa, NULL), errno == EINVAL);
    errno = 0;
    printf("sigaction(65): %d errno EINVAL %d\n", (int)syscall(SYS_rt_sigaction, 65, 0, 0, 8),
           errno == EINVAL);
    errno = 0;
    printf("kill(self, 99): %d errno EINVAL %d\n", kill(getpid(), 99), errno == EINVAL);
    printf("kill(self, 0): %d\n", kill(getpid(), 0));
    errno = 0;
    printf("kill(no such pid): %d errno ESRCH %d\n", kill(999999, SIGUSR1), errno == ESRCH);
}

static void flags(void)
{
    set(SIGUSR1, on_sig, SA_RESETHAND);
    hits[SIGUSR1] = 0;
    raise(SIGUSR1);
    struct sigaction old;
    sigaction(SIGUSR1, NULL, &old);
    printf("SA_RESETHAND: ran %d, now SIG_DFL %d\n", hits[SIGUSR1], old.sa_handler == SIG_DFL);

    set(SIGUSR2, on_nest, SA_NODEFER);
    raise(SIGUSR2);
    printf("SA_NODEFER: ran %d, depth %d\n", hits[SIGUSR2], maxdepth);
    hits[SIGUSR2] = 0;
    maxdepth = 0;
    set(SIGUSR2, on_nest, 0);
    raise(SIGUSR2);
    printf("deferred: ran %d, depth %d\n", hits[SIGUSR2], maxdepth);

    /* FP registers: a value live across raise() survives the handler's FP work. */
    set(SIGUSR1, on_fp, 0);
    volatile double keep = 2.5;
    double a = keep * 1.5;
    raise(SIGUSR1);
    a = a + keep;
    printf("FP: %.3f, handler's %.3f\n", a, fsum);

    /* sigaltstack */
    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack), .ss_flags = 0 }, os;
    printf("sigaltstack: %d\n", sigaltstack(&ss, NULL));
    sigaltstack(NULL, &os);
    printf("sigaltstack: size right %d, flags %d\n", os.ss_size == sizeof(altstack), os.ss_flags);
    ss.ss_size = 100;
    errno = 0;
    printf("sigaltstack small: %d ENOMEM %d\n", sigaltstack(&ss, NULL), errno == ENOMEM);
    set(SIGUSR1, on_alt_sig, SA_ONSTACK);
    raise(SIGUSR1);
    printf("SA_ONSTACK: on the alternate stack %d\n", on_alt);
    set(SIGUSR1, on_alt_sig, 0);
    raise(SIGUSR1);
    printf("without SA_ONSTACK: on it %d\n", on_alt);
}

static void pipes(void)
{
    int fd[2];
    set(SIGPIPE, on_sig, 0);
    if (pipe(fd))
        return;
    close(fd[0]);
    errno = 0;
    ssize_t n = write(fd[1], "x", 1);
    printf("broken pipe: write %zd EPIPE %d, SIGPIPE %d\n", n, errno == EPIPE, hits[SIGPIPE]);
    set(SIGPIPE, SIG_IGN, 0);
    errno = 0;
    n = write(fd[1], "x", 1);
    printf("SIGPIPE ignored: write %zd EPIPE %d, SIGPIPE %d\n", n, errno == EPIPE, hits[SIGPIPE]);
    close(fd[1]);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    basics();
    masks();
    flags();
    pipes();
    printf("done\n");
    return 0;
}
