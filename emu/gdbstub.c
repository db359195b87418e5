/*
 * gdbstub.c — the stub's connection, helper thread and run control (see
 * gdbstub.h; packets are gdbstub_cmd.c's).
 *
 * Run control: the machine is either running (the helper thread polls the
 * sockets and, on input, stops the CPU with uc_emu_stop and sets
 * `attention`) or stopped in gdb_serve (this thread reads packets).
 * Single steps run uc_emu_start with count 1; exceptions, ecall into entSys,
 * rti and faults happen inside that one instruction, so a step lands on the
 * handler's first instruction or the return target.  Breakpoints are
 * UC_HOOK_CODE hooks on one address each (guest memory is never written).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "emu/console.h"
#include "emu/gdbstub_int.h"
#include "emu/ucx.h"

/* ---- sockets ---- */

static int listen_on(int port)
{
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    int one = 1, fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
        bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, 1)) {
        fprintf(stderr, "alphavlm: --gdb %d: cannot listen on 127.0.0.1:%d: %s\n", port, port,
                strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

/* Take the pending connection as the client. */
static void attach(struct gdb *g)
{
    int one = 1, fd = accept4(g->lfd, NULL, NULL, SOCK_CLOEXEC);

    if (fd < 0)
        return;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    g->cfd = fd;
    g->noack = false;
    g->gthread = 0;
    gdb_rx_reset(&g->rx);
    fprintf(stderr, "alphavlm: gdb connected\n");
}

/* A second client while one is attached: accepted and closed at once
 * (its gdb says "Connection reset" or "Remote connection closed"). */
static void refuse(struct gdb *g)
{
    int fd = accept4(g->lfd, NULL, NULL, SOCK_CLOEXEC);
    if (fd >= 0)
        close(fd);
}

static void drop(struct gdb *g, const char *why)
{
    if (g->cfd < 0)
        return;
    close(g->cfd);
    g->cfd = -1;
    gdb_clear_points(g);
    g->stopped = false;
    fprintf(stderr, "alphavlm: gdb %s; the guest runs on\n", why);
}

void gdb_detach(struct gdb *g)
{
    drop(g, "detached");
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int gdb_send(struct gdb *g, const char *payload, size_t n)
{
    size_t len = gdb_frame(payload, n, g->out, sizeof(g->out));

    if (g->cfd < 0)
        return -1;
    if (!len)
        len = gdb_frame("E01", 3, g->out, sizeof(g->out));   /* cannot happen: replies are bounded */
    if (write_all(g->cfd, g->out, len)) {
        drop(g, "connection lost");
        return -1;
    }
    return 0;
}

int gdb_send_str(struct gdb *g, const char *s)
{
    return gdb_send(g, s, strlen(s));
}

/* ---- the helper thread: watch the sockets while the guest runs ---- */

/* Under g->mu: keep stopping the CPU until the run loop takes notice (a
 * stop requested between two uc_emu_start calls would otherwise be lost). */
static void keep_stopping(struct gdb *g)
{
    while (atomic_load(&g->attention) && g->running && !g->quit) {
        struct timespec t;
        uc_emu_stop(g->m->uc);                 /* not UC_CHECK'd: harmless when idle */
        clock_gettime(CLOCK_REALTIME, &t);
        t.tv_nsec += 1000000;
        if (t.tv_nsec >= 1000000000) {
            t.tv_sec++;
            t.tv_nsec -= 1000000000;
        }
        pthread_cond_timedwait(&g->cv, &g->mu, &t);
    }
}

/* One poll of the sockets while the guest runs (g->mu not held). */
static void watch_once(struct gdb *g, int cfd)
{
    struct pollfd p[3] = { { g->wake[0], POLLIN, 0 }, { g->lfd, POLLIN, 0 }, { cfd, POLLIN, 0 } };
    char buf[16];

    poll(p, cfd >= 0 ? 3 : 2, -1);
    if (p[0].revents) {
        while (read(g->wake[0], buf, sizeof(buf)) > 0)
            ;
    } else if (p[1].revents && cfd >= 0) {
        refuse(g);
    } else if (p[1].revents || (cfd >= 0 && p[2].revents)) {
        atomic_store(&g->attention, true);
        (void)!write(g->intr[1], "i", 1);      /* a guest asleep in console_wait wakes up */
    }
}

static void *watcher(void *arg)
{
    struct gdb *g = arg;

    pthread_mutex_lock(&g->mu);
    for (;;) {
        while (!g->running && !g->quit)
            pthread_cond_wait(&g->cv, &g->mu);
        if (g->quit)
            break;
        g->polling = true;
        int cfd = g->cfd;
        pthread_mutex_unlock(&g->mu);
        watch_once(g, cfd);
        pthread_mutex_lock(&g->mu);
        g->polling = false;
        pthread_cond_broadcast(&g->cv);
        keep_stopping(g);
    }
    pthread_mutex_unlock(&g->mu);
    return NULL;
}

static void set_running(struct gdb *g, bool on)
{
    pthread_mutex_lock(&g->mu);
    g->running = on;
    if (!on) {
        (void)!write(g->wake[1], "w", 1);
        while (g->polling)
            pthread_cond_wait(&g->cv, &g->mu);
    }
    pthread_cond_broadcast(&g->cv);
    pthread_mutex_unlock(&g->mu);
}

/* ---- serving the debugger while the machine is stopped ---- */

/* Read what the client sent; act on packets.  Returns 1 to resume, 0 to
 * keep reading, -1 if the client went away. */
static int serve_input(struct gdb *g)
{
    uint8_t buf[4096];
    ssize_t n = recv(g->cfd, buf, sizeof(buf), 0);

    if (n < 0 && errno == EINTR)
        return 0;
    if (n <= 0) {
        drop(g, "connection closed");
        return -1;
    }
    for (ssize_t i = 0; i < n && g->cfd >= 0; i++) {
        enum gdb_rx_event ev = gdb_rx_feed(&g->rx, buf[i]);
        if (ev == GDB_RX_BAD && !g->noack)
            (void)!write_all(g->cfd, "-", 1);
        if (ev != GDB_RX_PACKET)
            continue;
        if (!g->noack && write_all(g->cfd, "+", 1))
            return -1;
        int r = gdb_handle(g, g->rx.buf, g->rx.len);
        if (r)
            return r;             /* bytes after a resume packet are dropped: gdb waits */
    }
    return g->cfd >= 0 ? 0 : -1;
}

/* Serve packets until the debugger resumes, detaches or goes away. */
static void serve(struct gdb *g)
{
    while (g->stopped && g->cfd >= 0 && !g->killed) {
        struct pollfd p[2] = { { g->cfd, POLLIN, 0 }, { g->lfd, POLLIN, 0 } };
        if (poll(p, 2, -1) < 0)
            continue;
        if (p[1].revents)
            refuse(g);
        if (p[0].revents && serve_input(g) > 0)
            g->stopped = false;
    }
    g->stopped = false;
}

void gdb_stop_reply(struct gdb *g, int sig, char *buf, size_t n)
{
    struct machine *m = g->m;
    int pid = m->mode == MODE_USER ? gdb_current_pid(m) : 0;
    long tid = pid > 0 ? pid + 1 : GDB_TID_CPU;
    static const char *const kind[] = { [2] = "watch", [3] = "rwatch", [4] = "awatch" };

    if (sig == GDB_SIGTRAP && g->wp_hit)
        snprintf(buf, n, "T%02xthread:%lx;%s:%lx;", sig, tid, kind[g->wp_type],
                 (unsigned long)g->wp_addr);
    else
        snprintf(buf, n, "T%02xthread:%lx;", sig, tid);
}

/* Report a stop and serve until the debugger resumes. */
static void stop_and_serve(struct gdb *g, int sig)
{
    char reply[96];

    set_running(g, false);
    g->gthread = 0;
    gdb_stop_reply(g, sig, reply, sizeof(reply));
    g->stopped = true;
    if (gdb_send_str(g, reply) == 0)
        serve(g);
}

/* The helper saw input while the guest ran: a new client (stop for it),
 * Ctrl-C, or a dropped connection.  Returns the signal to stop with, or 0. */
static int take_attention(struct gdb *g)
{
    uint8_t buf[512];
    int sig = 0;

    if (!atomic_exchange(&g->attention, false))
        return 0;
    set_running(g, false);
    while (read(g->intr[0], buf, sizeof(buf)) > 0)
        ;
    if (g->cfd < 0) {
        attach(g);
        return g->cfd >= 0 ? GDB_SIGTRAP : 0;
    }
    ssize_t n = recv(g->cfd, buf, sizeof(buf), MSG_DONTWAIT);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
        drop(g, "connection closed");
    for (ssize_t i = 0; i < n; i++)
        if (gdb_rx_feed(&g->rx, buf[i]) == GDB_RX_INTERRUPT)
            sig = GDB_SIGINT;     /* other bytes while running (acks) are ignored */
    return sig;
}

static bool bp_at(struct gdb *g, uint64_t pc)
{
    for (int i = 0; i < g->nbp; i++)
        if (g->bp[i].addr == pc)
            return true;
    return false;
}

int gdb_before_run(struct machine *m)
{
    struct gdb *g = m->gdb;
    int sig = take_attention(g);
    uint64_t pc;

    if (sig)
        stop_and_serve(g, sig);
    if (g->killed)
        return -1;
    if (UC_CHECK(uc_reg_read(m->uc, UC_RISCV_REG_PC, &pc)))
        machine_panic(__func__, "cannot read pc");
    /* Resuming from a breakpoint: execute its instruction once. */
    g->skip_pc = pc;
    g->skip_armed = bp_at(g, pc);
    g->bp_hit = g->wp_hit = false;
    /* Unicorn adds its counting hook at the first counted run but keeps
     * the blocks translated without it (measured: a step over ecall ran
     * the whole system call); it flushes them itself when counting ends. */
    if (g->stepping && !g->counted && UC_CHECK(uc_ctl_flush_tb(m->uc)))
        machine_panic(__func__, "uc_ctl_flush_tb failed");
    g->counted = g->stepping;
    set_running(g, true);
    return g->stepping ? 1 : 0;
}

static bool crashed(struct machine *m, unsigned why)
{
    return m->exit_status == EXIT_MCHK || m->bugchk || (m->mchk[0] && (why & STOP_HALT));
}

bool gdb_after_run(struct machine *m, unsigned why)
{
    struct gdb *g = m->gdb;
    int sig = take_attention(g);

    g->skip_armed = false;
    if (g->cfd < 0) {
        g->stepping = false;
        return false;
    }
    if (g->stepping || g->bp_hit || g->wp_hit)
        sig = GDB_SIGTRAP;
    if (crashed(m, why) && !g->killed)
        sig = GDB_SIGABRT;        /* let the user look at the crash before the machine halts */
    else if (m->mchk[0] || (why & STOP_HALT))
        sig = 0;                  /* a normal halt: gdb_halted reports the exit */
    g->stepping = false;
    if (!sig)
        return false;
    stop_and_serve(g, sig);
    return true;
}

void gdb_halted(struct machine *m, int status)
{
    struct gdb *g = m->gdb;
    char reply[16];

    if (!g || g->cfd < 0)
        return;
    set_running(g, false);
    snprintf(reply, sizeof(reply), "W%02x", status & 0xFF);
    if (!g->killed)
        gdb_send_str(g, reply);
    close(g->cfd);
    g->cfd = -1;
}

/* ---- life cycle ---- */

static void close_pipes(struct gdb *g)
{
    close(g->wake[0]);
    close(g->wake[1]);
    close(g->intr[0]);
    close(g->intr[1]);
}

static int start(struct gdb *g)
{
    if (pipe2(g->wake, O_CLOEXEC | O_NONBLOCK)) {
        fprintf(stderr, "alphavlm: --gdb: pipe: %s\n", strerror(errno));
        return -1;
    }
    if (pipe2(g->intr, O_CLOEXEC | O_NONBLOCK)) {
        fprintf(stderr, "alphavlm: --gdb: pipe: %s\n", strerror(errno));
        close(g->wake[0]);
        close(g->wake[1]);
        return -1;
    }
    pthread_mutex_init(&g->mu, NULL);
    pthread_cond_init(&g->cv, NULL);
    if (pthread_create(&g->thread, NULL, watcher, g)) {
        fprintf(stderr, "alphavlm: --gdb: cannot start its thread\n");
        close_pipes(g);
        return -1;
    }
    console_wake_fd(g->intr[0]);
    return 0;
}

int gdb_open(struct machine *m, int port, bool wait)
{
    struct gdb *g = calloc(1, sizeof(*g));

    if (!g) {
        fprintf(stderr, "alphavlm: --gdb: out of memory\n");
        return -1;
    }
    g->m = m;
    g->cfd = -1;
    g->lfd = listen_on(port);
    if (g->lfd < 0 || start(g)) {
        if (g->lfd >= 0)
            close(g->lfd);
        free(g);
        return -1;
    }
    m->gdb = g;
    fprintf(stderr, "alphavlm: gdb stub on 127.0.0.1:%d%s\n", port,
            wait ? ", waiting for gdb to connect" : "");
    if (wait) {
        while (g->cfd < 0)
            attach(g);
        g->stopped = true;        /* gdb asks '?' and gets the stop at the kernel entry */
        serve(g);
    }
    return 0;
}

void gdb_close(struct machine *m)
{
    struct gdb *g = m->gdb;

    if (!g)
        return;
    pthread_mutex_lock(&g->mu);
    g->quit = true;
    (void)!write(g->wake[1], "q", 1);
    pthread_cond_broadcast(&g->cv);
    pthread_mutex_unlock(&g->mu);
    pthread_join(g->thread, NULL);
    if (g->cfd >= 0)
        close(g->cfd);
    close(g->lfd);
    console_wake_fd(-1);
    close_pipes(g);
    pthread_mutex_destroy(&g->mu);
    pthread_cond_destroy(&g->cv);
    free(g);
    m->gdb = NULL;
}
