/* t_sigfault: SIGSEGV, SIGILL and SIGTRAP from the machine to handlers:
 * si_addr and si_code, siglongjmp out of the handler (the mask comes back),
 * a handler that moves the pc past the faulting instruction
 * (uc_mcontext.__gregs[0]), a stack overflow caught on the alternate
 * stack, and a fault while its signal is blocked, which
 * kills (last, status 139) — compared with qemu-riscv64. */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

static sigjmp_buf env;
static volatile uintptr_t fault_addr;
static volatile int fault_code, fault_sig, skipped;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    fault_sig = sig;
    fault_addr = (uintptr_t)si->si_addr;
    fault_code = si->si_code;
    siglongjmp(env, 1);
}

/* Skip the faulting instruction (4 bytes: the loads below are not compressed). */
static void on_skip(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    (void)sig;
    fault_addr = (uintptr_t)si->si_addr;
    uc->uc_mcontext.__gregs[0] += 4;
    skipped++;
}

static void handle(int sig, void (*fn)(int, siginfo_t *, void *))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = fn;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

/* Stack overflow: only a handler on the alternate stack can run. */
static char alt[65536];
static volatile int depth_seen;

#pragma GCC diagnostic ignored "-Winfinite-recursion"
static int recurse(int n)
{
    volatile char buf[1024];
    buf[0] = (char)n;
    depth_seen = n;
    return recurse(n + 1) + buf[0];
}

static void overflow(void)
{
    stack_t ss = { .ss_sp = alt, .ss_size = sizeof(alt), .ss_flags = 0 };
    struct sigaction sa;
    sigaltstack(&ss, NULL);
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigaction(SIGSEGV, &sa, NULL);
    if (sigsetjmp(env, 1) == 0)
        recurse(0);
    printf("stack overflow: caught on the alternate stack, sig %d, depth > 4000 %d\n", fault_sig,
           depth_seen > 4000);
}

static int segv_blocked(void)
{
    sigset_t now;
    sigprocmask(SIG_SETMASK, NULL, &now);
    return sigismember(&now, SIGSEGV);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    handle(SIGSEGV, on_fault);

    volatile int *bad = (int *)0x40;
    if (sigsetjmp(env, 1) == 0) {
        (void)*bad;
        printf("no fault?\n");
    }
    printf("null load: sig %d, si_addr %#lx, code %d (SEGV_MAPERR %d), SIGSEGV blocked after %d\n",
           fault_sig, (unsigned long)fault_addr, fault_code, SEGV_MAPERR, segv_blocked());

    char *ro = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (sigsetjmp(env, 1) == 0) {
        ro[100] = 1;
        printf("no fault?\n");
    }
    printf("store to read-only: si_addr right %d, code %d (SEGV_ACCERR %d)\n",
           fault_addr == (uintptr_t)(ro + 100), fault_code, SEGV_ACCERR);

    /* Many faults in a row: each frame is pushed and popped cleanly. */
    int n = 0;
    for (int i = 0; i < 200; i++)
        if (sigsetjmp(env, 1) == 0)
            (void)bad[i];
        else
            n += fault_addr == (uintptr_t)&bad[i];
    printf("200 faults: %d addresses right\n", n);

    /* Execute from a non-executable page. */
    void (*fn)(void) = (void (*)(void))(void *)ro;
    if (sigsetjmp(env, 1) == 0) {
        fn();
        printf("no fault?\n");
    }
    printf("execute data: sig %d, si_addr right %d\n", fault_sig, fault_addr == (uintptr_t)ro);

    /* An illegal instruction (all-zero word). */
    static const uint32_t zero_insn[2] __attribute__((aligned(8))) = { 0, 0 };
    char *x = mmap(NULL, 8192, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *insn = x + 64;              /* not at the page's start (see docs/vlmos.md, Signals) */
    memcpy(insn, zero_insn, sizeof(zero_insn));
    __builtin___clear_cache(insn, insn + 8);
    handle(SIGILL, on_fault);
    if (sigsetjmp(env, 1) == 0) {
        ((void (*)(void))(void *)insn)();
        printf("no fault?\n");
    }
    printf("illegal instruction: sig %d, si_addr right %d, code %d (ILL_ILLOPC %d)\n", fault_sig,
           fault_addr == (uintptr_t)insn, fault_code, ILL_ILLOPC);

    /* A handler that changes the saved pc: execution continues after the load. */
    handle(SIGSEGV, on_skip);
    int v = 7;
    __asm__ volatile(".option push\n.option norvc\nlw %0, 0(%1)\n.option pop"
                     : "+r"(v) : "r"(0x48UL) : "memory");
    printf("pc moved by the handler: skipped %d, v %d, si_addr %#lx\n", skipped, v,
           (unsigned long)fault_addr);

    overflow();

    /* A fault while SIGSEGV is blocked kills, whatever the handler. */
    sigset_t b;
    sigemptyset(&b);
    sigaddset(&b, SIGSEGV);
    sigprocmask(SIG_BLOCK, &b, NULL);
    printf("now a blocked fault\n");
    (void)*bad;
    printf("survived?\n");
    return 0;
}
