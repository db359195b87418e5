/*
 * gdbstub_int.h — what the stub's files share (gdbstub.c: connection and
 * run control; gdbstub_cmd.c: packets; gdbstub_mon.c: monitor commands;
 * gdbstub_proc.c: VLM/OS's process table).  Not a public interface.
 */
#ifndef GDBSTUB_INT_H
#define GDBSTUB_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include "emu/gdbstub.h"
#include "emu/gdbstub_pkt.h"

#define GDB_MAX_BP   64
#define GDB_MAX_WP   16
#define GDB_TID_CPU  1               /* thread 1: the CPU itself; process pid p is p + 1 */
#define GDB_SIGINT   2
#define GDB_SIGTRAP  5
#define GDB_SIGABRT  6

struct gdb_bp { uint64_t addr; uc_hook hook; };
struct gdb_wp { uint64_t va, len; int type; };    /* type: Z2 write, Z3 read, Z4 access */

struct gdb {
    struct machine *m;
    int lfd, cfd, wake[2];           /* listening socket, client (-1), helper wake-up pipe */
    int intr[2];                     /* readable while `attention` is up (wakes console_wait) */
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool running, polling, quit;     /* helper thread handshake (under mu) */
    atomic_bool attention;           /* the helper saw input while the guest ran */
    bool noack;                      /* QStartNoAckMode */
    bool stopped;                    /* serving packets; the guest does not run */
    bool stepping;                   /* the resume was a single step */
    bool counted;                    /* the last run was counted (Unicorn's count hook is on) */
    bool killed;                     /* `k`: halt the machine */
    long gthread;                    /* Hg: thread for registers and memory (0: the stopped one) */
    struct gdb_rx rx;
    struct gdb_bp bp[GDB_MAX_BP];
    int nbp;
    struct gdb_wp wp[GDB_MAX_WP];
    int nwp;
    uc_hook wp_hooks[2];             /* mem hook, next-instruction stopper; 0 when none */
    bool bp_hit, skip_armed;
    uint64_t skip_pc;
    bool wp_hit;
    uint64_t wp_addr;
    int wp_type;
    char out[GDB_PKT_MAX * 2 + 8];   /* framed reply */
};

/* ---- gdbstub.c ---- */
/* Send payload[0..n) as one packet.  0, or -1 if the client is gone (the
 * connection is then closed). */
int gdb_send(struct gdb *g, const char *payload, size_t n);
int gdb_send_str(struct gdb *g, const char *s);
/* Detach: close the connection, remove every point; the guest runs on. */
void gdb_detach(struct gdb *g);
/* Remove every breakpoint and watchpoint hook (detach, close). */
void gdb_clear_points(struct gdb *g);
/* The stop reply for signal sig ("T05thread:1;" plus watch info). */
void gdb_stop_reply(struct gdb *g, int sig, char *buf, size_t n);

/* ---- gdbstub_cmd.c ---- */
/*
 * gdb_handle — act on one packet (g->rx.buf) and reply.  Returns 1 if the
 * guest must resume (c, s, vCont, D), 0 to keep serving.  Sets g->stepping,
 * g->killed, or closes the connection (D) as the packet says.
 */
int gdb_handle(struct gdb *g, const char *pkt, size_t len);

/* ---- gdbstub_mon.c ---- */
/* Run monitor command `cmd` (qRcmd, already decoded); its output goes to
 * out (NUL-terminated, truncated to n).  Unknown commands print a usage. */
void gdb_monitor(struct gdb *g, const char *cmd, char *out, size_t n);

/* ---- gdbstub_proc.c: VLM/OS's process table (struct vview, HWRPB_KVIEW) ---- */
struct vview;
/* The struct vview VLM/OS published (guestos/abi/vlmos_view.h), into *v:
 * 0, or -1 if there is none yet (or it does not map, or its magic is wrong). */
int gdb_kview(struct machine *m, struct vview *v);

struct gdb_proc {
    int pid, tgid, state;           /* pid: the thread's id; tgid: its process's */
    char name[32];
    uint64_t kstack_pa, ptbr;       /* PCB's PTBR (a PFN) */
    unsigned asn;
};

/* The processes of the table into out[0..max) in slot order, idle (pid 0)
 * excluded.  Returns how many, 0 if the kernel has not published the table
 * (or it does not map); records that do not map are left out. */
int gdb_procs(struct machine *m, struct gdb_proc *out, int max);
/* The process with pid, into *p: 0, or -1 if none. */
int gdb_proc_find(struct machine *m, int pid, struct gdb_proc *p);
/* The pid whose PCB is on the CPU (m->pcbb), or 0 (idle / before boot). */
int gdb_current_pid(struct machine *m);
/* The name of a process state (guestos/abi/vlmos.h VPS_*), "?" if none. */
const char *gdb_proc_state(int state);

/* The address space and mode of thread tid: the live CPU's for thread 1
 * and for the process running in user mode, else the process's page tables
 * in user mode.  -1 if tid is no thread. */
int gdb_thread_space(struct gdb *g, long tid, struct mmu_space *s, int *mode);

#endif /* GDBSTUB_INT_H */
