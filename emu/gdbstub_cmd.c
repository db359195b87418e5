/*
 * gdbstub_cmd.c — the stub's packets (GDB manual, "Packets", "General
 * Query Packets", "Target Description Format").
 *
 * Registers (target.xml): 0..31 x0..x31, 32 pc, 33..64 f0..f31, 65 fcsr,
 * then the AXP64 feature 66..72: mode, ipl, ptbr, asn, usp, ksp, pcbb
 * (read-only).  Thread 1 is the CPU; thread pid+1 is a VLM/OS process,
 * whose registers are its user context: live while it runs in user mode,
 * else the trap frame at the top of its kernel stack.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "emu/gdbstub_int.h"
#include "emu/gvm.h"
#include "emu/ucx.h"

#define NREGS      73
#define REG_PC     32
#define REG_F0     33
#define REG_FCSR   65
#define REG_AXP    66

static const char *const axp_regs[] = { "mode", "ipl", "ptbr", "asn", "usp", "ksp", "pcbb" };

/* ---- target description ---- */

static const char *target_xml(void)
{
    static char xml[8192];
    static const char *const x[32] = {
        "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "fp", "s1", "a0", "a1", "a2", "a3",
        "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11",
        "t3", "t4", "t5", "t6" };
    size_t o = 0;

    if (xml[0])
        return xml;
    o += (size_t)snprintf(xml + o, sizeof(xml) - o, "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target version=\"1.0\">\n"
        "<architecture>riscv:rv64</architecture>\n<feature name=\"org.gnu.gdb.riscv.cpu\">\n");
    for (int i = 0; i < 32; i++)
        o += (size_t)snprintf(xml + o, sizeof(xml) - o, "<reg name=\"%s\" bitsize=\"64\" "
                              "type=\"%s\" regnum=\"%d\"/>\n", x[i],
                              i == 1 || i == 2 || i == 8 ? "data_ptr" : "int", i);
    o += (size_t)snprintf(xml + o, sizeof(xml) - o, "<reg name=\"pc\" bitsize=\"64\" "
        "type=\"code_ptr\" regnum=\"32\"/>\n</feature>\n<feature name=\"org.gnu.gdb.riscv.fpu\">\n");
    for (int i = 0; i < 32; i++)
        o += (size_t)snprintf(xml + o, sizeof(xml) - o, "<reg name=\"f%d\" bitsize=\"64\" "
                              "type=\"ieee_double\" regnum=\"%d\"/>\n", i, REG_F0 + i);
    o += (size_t)snprintf(xml + o, sizeof(xml) - o, "<reg name=\"fcsr\" bitsize=\"32\" "
        "type=\"int\" regnum=\"%d\"/>\n</feature>\n<feature name=\"org.alphavlm.axp64\">\n",
        REG_FCSR);
    for (int i = 0; i < 7; i++)
        o += (size_t)snprintf(xml + o, sizeof(xml) - o, "<reg name=\"%s\" bitsize=\"64\" "
                              "type=\"%s\" regnum=\"%d\" group=\"general\"/>\n", axp_regs[i],
                              i == 4 || i == 5 ? "data_ptr" : "int", REG_AXP + i);
    snprintf(xml + o, sizeof(xml) - o, "</feature>\n</target>\n");
    return xml;
}

/* qXfer:features:read:target.xml:OFF,LEN */
static void xfer_features(struct gdb *g, const char *args)
{
    const char *xml = target_xml(), *p = args;
    uint64_t off, len;
    size_t total = strlen(xml);
    char *reply;

    if (strncmp(p, "target.xml:", 11) != 0) {
        gdb_send_str(g, "E00");
        return;
    }
    p += 11;
    if (gdb_parse_hex(&p, &off) || *p++ != ',' || gdb_parse_hex(&p, &len)) {
        gdb_send_str(g, "E01");
        return;
    }
    if (len > GDB_PKT_MAX - 1)
        len = GDB_PKT_MAX - 1;
    if (off >= total) {
        gdb_send_str(g, "l");
        return;
    }
    size_t n = total - off < len ? total - off : len;
    reply = malloc(n + 1);
    if (!reply) {
        gdb_send_str(g, "E02");
        return;
    }
    reply[0] = off + n >= total ? 'l' : 'm';
    memcpy(reply + 1, xml + off, n);
    gdb_send(g, reply, n + 1);
    free(reply);
}

/* ---- registers ---- */

/* The user registers of a process that is not on the CPU in user mode:
 * its trap frame (PAL pushed it at the top of its kernel stack). */
static int frame_regs(struct machine *m, const struct gdb_proc *p, uint64_t *x, uint64_t *pc)
{
    uint64_t frame[FRAME_SIZE / 8];
    uint8_t *f = machine_pa(m, p->kstack_pa + PAGE_SIZE - FRAME_SIZE, FRAME_SIZE);

    if (!f)
        return -1;
    memcpy(frame, f, FRAME_SIZE);
    x[0] = 0;
    memcpy(&x[1], &frame[FRAME_X(1) / 8], 31 * 8);
    *pc = frame[FRAME_PC / 8];
    return 0;
}

/* Whether thread tid's integer registers are the live CPU's; else *p is the process. */
static bool live_thread(struct gdb *g, long tid, struct gdb_proc *p)
{
    struct machine *m = g->m;

    if (tid <= 0 || tid == GDB_TID_CPU || gdb_proc_find(m, (int)tid - 1, p))
        return true;
    return m->mode == MODE_USER && p->kstack_pa == m->pcbb;
}

static uint64_t axp_reg(struct machine *m, int i)
{
    switch (i) {
    case 0:  return (uint64_t)m->mode;
    case 1:  return m->ipl;
    case 2:  return m->space.ptbr;
    case 3:  return m->asn;
    case 4:  return m->usp;
    case 5:  return m->ksp;
    default: return m->pcbb;
    }
}

/* Register r of the selected thread into *v; its size in bytes (0: none). */
static int read_reg(struct gdb *g, int r, uint64_t *v)
{
    struct machine *m = g->m;
    struct gdb_proc p;
    uint64_t x[32], pc;

    *v = 0;
    if (r < 0 || r >= NREGS)
        return 0;
    if (r <= REG_PC && !live_thread(g, g->gthread, &p) && frame_regs(m, &p, x, &pc) == 0) {
        *v = r == REG_PC ? pc : x[r];
        return 8;
    }
    if (r < 32 && UC_CHECK(uc_reg_read(m->uc, UC_RISCV_REG_X0 + r, v)) == 0)
        return 8;
    if (r == REG_PC && UC_CHECK(uc_reg_read(m->uc, UC_RISCV_REG_PC, v)) == 0)
        return 8;
    if (r >= REG_F0 && r < REG_FCSR && UC_CHECK(uc_reg_read(m->uc, UC_RISCV_REG_F0 + r - REG_F0, v)) == 0)
        return 8;
    if (r == REG_FCSR && UC_CHECK(uc_reg_read(m->uc, UC_RISCV_REG_FCSR, v)) == 0)
        return 4;
    if (r >= REG_AXP) {
        *v = axp_reg(m, r - REG_AXP);
        return 8;
    }
    return 0;
}

/* Write register r of the live CPU.  0, or -1 (read-only, or a thread
 * that is not on the CPU). */
static int write_reg(struct gdb *g, int r, uint64_t v)
{
    struct machine *m = g->m;
    struct gdb_proc p;

    if (!live_thread(g, g->gthread, &p) || r >= REG_AXP || r < 0 || r == 0)
        return -1;
    if (r < 32)
        return UC_CHECK(uc_reg_write(m->uc, UC_RISCV_REG_X0 + r, &v));
    if (r == REG_PC)
        return UC_CHECK(uc_reg_write(m->uc, UC_RISCV_REG_PC, &v));
    if (r < REG_FCSR)
        return UC_CHECK(uc_reg_write(m->uc, UC_RISCV_REG_F0 + r - REG_F0, &v));
    return UC_CHECK(uc_reg_write(m->uc, UC_RISCV_REG_FCSR, &v));
}

static void cmd_g(struct gdb *g)
{
    char buf[NREGS * 16 + 1];
    size_t o = 0;

    for (int r = 0; r < NREGS; r++) {
        uint64_t v;
        int n = read_reg(g, r, &v);
        gdb_hex_encode(&v, (size_t)n, buf + o);
        o += 2 * (size_t)n;
    }
    gdb_send(g, buf, o);
}

static void cmd_p(struct gdb *g, const char *a)
{
    uint64_t r, v;
    char buf[17];
    int n;

    if (gdb_parse_hex(&a, &r) || r >= NREGS || !(n = read_reg(g, (int)r, &v))) {
        gdb_send_str(g, "E00");
        return;
    }
    gdb_hex_encode(&v, (size_t)n, buf);
    gdb_send_str(g, buf);
}

/* P r=v */
static void cmd_P(struct gdb *g, const char *a)
{
    uint64_t r, v = 0, tmp;
    int n;

    if (gdb_parse_hex(&a, &r) || *a++ != '=' || r >= NREGS || !(n = read_reg(g, (int)r, &tmp)) ||
        strlen(a) != 2u * (size_t)n || gdb_hex_decode(a, &v, (size_t)n) ||
        write_reg(g, (int)r, v)) {
        gdb_send_str(g, "E00");
        return;
    }
    gdb_send_str(g, "OK");
}

/* G: every register the g packet carries, in its order. */
static void cmd_G(struct gdb *g, const char *a)
{
    size_t o = 0, len = strlen(a);

    for (int r = 0; r < REG_AXP; r++) {
        uint64_t v = 0, tmp;
        int n = read_reg(g, r, &tmp);
        if (o + 2u * (size_t)n > len || gdb_hex_decode(a + o, &v, (size_t)n)) {
            gdb_send_str(g, "E00");
            return;
        }
        if (r && write_reg(g, r, v)) {
            gdb_send_str(g, "E01");
            return;
        }
        o += 2u * (size_t)n;
    }
    gdb_send_str(g, "OK");
}

/* ---- memory ---- */

#define MEM_MAX (GDB_PKT_MAX / 2 - 16)

static size_t mem_copy(struct gdb *g, uint64_t va, void *buf, size_t len, bool write)
{
    struct mmu_space s;
    int mode;
    size_t n;

    if (gdb_thread_space(g, g->gthread, &s, &mode))
        return 0;
    /* Debugger rights and the kernel fallback (gvm.h): as ptrace, and
     * kernel variables stay readable while a process is stopped. */
    gvm_copy(g->m, &s, mode, GVM_DEBUG | GVM_KFALLBACK | (write ? GVM_WRITE : 0), va, buf, len, &n);
    if (write && n && UC_CHECK(uc_ctl_flush_tb(g->m->uc)))
        machine_panic(__func__, "uc_ctl_flush_tb failed");    /* the bytes may be code */
    return n;
}

/* m addr,len: the bytes up to the first unmapped page; E14 (EFAULT) if none. */
static void cmd_m(struct gdb *g, const char *a)
{
    static uint8_t data[MEM_MAX];
    static char hex[2 * MEM_MAX + 1];
    uint64_t va, len;

    if (gdb_parse_hex(&a, &va) || *a++ != ',' || gdb_parse_hex(&a, &len) || *a) {
        gdb_send_str(g, "E01");
        return;
    }
    size_t n = mem_copy(g, va, data, len < MEM_MAX ? len : MEM_MAX, false);
    if (!n && len) {
        gdb_send_str(g, "E14");
        return;
    }
    gdb_hex_encode(data, n, hex);
    gdb_send_str(g, hex);
}

/* M addr,len:hex and X addr,len:binary */
static void cmd_write(struct gdb *g, const char *a, size_t plen, bool binary)
{
    static uint8_t data[GDB_PKT_MAX];
    const char *start = a;
    uint64_t va, len;

    if (gdb_parse_hex(&a, &va) || *a++ != ',' || gdb_parse_hex(&a, &len) || *a++ != ':' ||
        len > sizeof(data)) {
        gdb_send_str(g, "E01");
        return;
    }
    size_t rest = plen - (size_t)(a - start);
    if (binary ? rest != len : (rest != 2 * len || gdb_hex_decode(a, data, len))) {
        gdb_send_str(g, "E01");
        return;
    }
    if (binary)
        memcpy(data, a, len);
    gdb_send_str(g, mem_copy(g, va, data, len, true) == len ? "OK" : "E14");
}

/* ---- breakpoints and watchpoints ---- */

static void bp_hook(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
    struct gdb *g = user;
    (void)size;

    if (g->skip_armed && addr == g->skip_pc) {
        g->skip_armed = false;               /* the instruction we resume from */
        return;
    }
    g->bp_hit = true;
    uc_emu_stop(uc);                          /* exact: the instruction has not run */
}

static void flush_tb(struct gdb *g)
{
    /* Translated blocks carry their hooks: retranslate with the new set. */
    if (UC_CHECK(uc_ctl_flush_tb(g->m->uc)))
        machine_panic("gdbstub", "uc_ctl_flush_tb failed");
}

static int bp_add(struct gdb *g, uint64_t addr)
{
    if (g->nbp >= GDB_MAX_BP)
        return -1;
    for (int i = 0; i < g->nbp; i++)
        if (g->bp[i].addr == addr)
            return 0;
    if (UC_CHECK(uc_hook_add(g->m->uc, &g->bp[g->nbp].hook, UC_HOOK_CODE, (void *)bp_hook, g,
                             addr, addr)))
        return -1;
    g->bp[g->nbp++].addr = addr;
    flush_tb(g);
    return 0;
}

static int bp_del(struct gdb *g, uint64_t addr)
{
    for (int i = 0; i < g->nbp; i++)
        if (g->bp[i].addr == addr) {
            UC_CHECK(uc_hook_del(g->m->uc, g->bp[i].hook));
            g->bp[i] = g->bp[--g->nbp];
            flush_tb(g);
            return 0;
        }
    return -1;
}

/* Unicorn 2.1.4 in our virtual-TLB mode reports the PHYSICAL address of an
 * access to UC_HOOK_MEM_* (measured: docs/debugging.md).  So each watched
 * VA is translated in the current address space and mode at the time of
 * the access (gvm_maps_into: side-effect free, page by page) and compared
 * with the access's PA range. */
static void wp_mem_hook(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value,
                        void *user)
{
    struct gdb *g = user;
    bool write = type == UC_MEM_WRITE;
    (void)uc; (void)value;

    for (int i = 0; i < g->nwp && !g->wp_hit; i++) {
        const struct gdb_wp *w = &g->wp[i];
        if ((w->type == 2 && !write) || (w->type == 3 && write) ||
            !gvm_maps_into(g->m, g->m->mode, w->va, w->len, addr, (uint64_t)size))
            continue;
        g->wp_hit = true;
        g->wp_addr = w->va;
        g->wp_type = w->type;
    }
}

/* gdb expects a watchpoint to be reported after the access: stop before
 * the instruction that follows it (a stop inside the access would re-run it). */
static void wp_code_hook(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
    struct gdb *g = user;
    (void)addr; (void)size;

    if (g->wp_hit)
        uc_emu_stop(uc);
}

static int wp_hooks(struct gdb *g, bool on)
{
    uc_engine *uc = g->m->uc;

    if (on && !g->wp_hooks[0]) {
        if (UC_CHECK(uc_hook_add(uc, &g->wp_hooks[0], UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE,
                                 (void *)wp_mem_hook, g, 1, 0)) ||
            UC_CHECK(uc_hook_add(uc, &g->wp_hooks[1], UC_HOOK_CODE, (void *)wp_code_hook, g, 1, 0)))
            return -1;
        flush_tb(g);
    } else if (!on && g->wp_hooks[0]) {
        UC_CHECK(uc_hook_del(uc, g->wp_hooks[0]));
        if (g->wp_hooks[1])
            UC_CHECK(uc_hook_del(uc, g->wp_hooks[1]));
        g->wp_hooks[0] = g->wp_hooks[1] = 0;
        flush_tb(g);
    }
    return 0;
}

static int wp_add(struct gdb *g, int type, uint64_t va, uint64_t len)
{
    /* A range that wraps past 2^64 could never be hit: refused, not kept. */
    if (g->nwp >= GDB_MAX_WP || len == 0 || len > PAGE_SIZE || va + len < va)
        return -1;
    g->wp[g->nwp++] = (struct gdb_wp){ va, len, type };
    return wp_hooks(g, true);
}

static int wp_del(struct gdb *g, int type, uint64_t va, uint64_t len)
{
    for (int i = 0; i < g->nwp; i++)
        if (g->wp[i].va == va && g->wp[i].len == len && g->wp[i].type == type) {
            g->wp[i] = g->wp[--g->nwp];
            return g->nwp ? 0 : wp_hooks(g, false);
        }
    return -1;
}

void gdb_clear_points(struct gdb *g)
{
    while (g->nbp)
        bp_del(g, g->bp[0].addr);
    g->nwp = 0;
    wp_hooks(g, false);
}

/* Z/z type,addr,kind */
static void cmd_z(struct gdb *g, const char *a, bool insert)
{
    uint64_t type, addr, kind;
    int r;

    if (gdb_parse_hex(&a, &type) || *a++ != ',' || gdb_parse_hex(&a, &addr) || *a++ != ',' ||
        gdb_parse_hex(&a, &kind) || type > 4) {
        gdb_send_str(g, "E01");
        return;
    }
    if (type <= 1)
        r = insert ? bp_add(g, addr) : bp_del(g, addr);
    else
        r = insert ? wp_add(g, (int)type, addr, kind) : wp_del(g, (int)type, addr, kind);
    gdb_send_str(g, r ? "E02" : "OK");
}

/* ---- threads: thread 1 is the CPU, pid p is thread p + 1 ---- */

static void cmd_thread_list(struct gdb *g)
{
    struct gdb_proc p[128];
    int n = gdb_procs(g->m, p, 128);
    char buf[128 * 12 + 8];
    size_t o = (size_t)snprintf(buf, sizeof(buf), "m%x", GDB_TID_CPU);

    for (int i = 0; i < n; i++)
        o += (size_t)snprintf(buf + o, sizeof(buf) - o, ",%x", p[i].pid + 1);
    gdb_send(g, buf, o);
}

static void cmd_extra_info(struct gdb *g, const char *a)
{
    struct gdb_proc p;
    uint64_t tid;
    char text[96], hex[2 * sizeof(text) + 1];
    struct machine *m = g->m;

    if (gdb_parse_hex(&a, &tid)) {
        gdb_send_str(g, "E01");
        return;
    }
    if (tid == GDB_TID_CPU)
        snprintf(text, sizeof(text), "CPU, %s mode, IPL %u, ASN %u",
                 m->mode == MODE_USER ? "user" : "kernel", m->ipl, m->asn);
    else if (gdb_proc_find(m, (int)tid - 1, &p) == 0)
        snprintf(text, sizeof(text), "pid %d tid %d (%s), %s%s", p.tgid, p.pid, p.name,
                 gdb_proc_state(p.state), p.kstack_pa == m->pcbb ? " (on the CPU)" : "");
    else
        snprintf(text, sizeof(text), "gone");
    gdb_hex_encode(text, strlen(text), hex);
    gdb_send_str(g, hex);
}

/* A thread that exists: the CPU or a process (0 "any" and -1 "all" are
 * not threads; H takes them itself). */
static bool thread_alive(struct gdb *g, uint64_t tid)
{
    struct gdb_proc p;
    return tid == GDB_TID_CPU || (tid >= 1 && tid <= INT32_MAX &&
                                  gdb_proc_find(g->m, (int)tid - 1, &p) == 0);
}

/* H{g,c}tid: only g matters (c: all-stop, the CPU runs whatever thread).
 * The packet ends at its NUL: nothing after it is read. */
static void cmd_H(struct gdb *g, const char *a)
{
    const char *p = a + 1;
    long tid = 0;
    uint64_t v;

    if (a[0] != 'g' && a[0] != 'c') {
        gdb_send_str(g, "E01");
        return;
    }
    if (!strcmp(p, "-1"))
        tid = -1;
    else if (strcmp(p, "0")) {
        if (gdb_parse_hex(&p, &v) || *p || !thread_alive(g, v)) {
            gdb_send_str(g, "E01");
            return;
        }
        tid = (long)v;
    }
    if (a[0] == 'g')
        g->gthread = tid;
    gdb_send_str(g, "OK");
}

static void cmd_T(struct gdb *g, const char *a)
{
    uint64_t tid;
    gdb_send_str(g, gdb_parse_hex(&a, &tid) == 0 && !*a && thread_alive(g, tid) ? "OK" : "E01");
}

/* qRcmd,hex */
static void cmd_rcmd(struct gdb *g, const char *a)
{
    static char cmd[1024], out[GDB_PKT_MAX / 2 - 8], hex[GDB_PKT_MAX];
    size_t n = strlen(a) / 2;

    if (n >= sizeof(cmd) || strlen(a) % 2 || gdb_hex_decode(a, cmd, n)) {
        gdb_send_str(g, "E01");
        return;
    }
    cmd[n] = 0;
    gdb_monitor(g, cmd, out, sizeof(out));
    gdb_hex_encode(out, strlen(out), hex);
    gdb_send_str(g, hex[0] ? hex : "OK");
}

static void cmd_q(struct gdb *g, const char *a)
{
    char buf[64];

    if (!strncmp(a, "Supported", 9)) {
        snprintf(buf, sizeof(buf), "PacketSize=%x;qXfer:features:read+;QStartNoAckMode+",
                 GDB_PKT_MAX);
        gdb_send_str(g, buf);
    } else if (!strncmp(a, "Xfer:features:read:", 19)) {
        xfer_features(g, a + 19);
    } else if (!strcmp(a, "fThreadInfo")) {
        cmd_thread_list(g);
    } else if (!strcmp(a, "sThreadInfo")) {
        gdb_send_str(g, "l");
    } else if (!strncmp(a, "ThreadExtraInfo,", 16)) {
        cmd_extra_info(g, a + 16);
    } else if (!strcmp(a, "C")) {
        gdb_stop_reply(g, GDB_SIGTRAP, buf, sizeof(buf));
        snprintf(buf, sizeof(buf), "QC%lx", strtol(strstr(buf, "thread:") + 7, NULL, 16));
        gdb_send_str(g, buf);
    } else if (!strcmp(a, "Attached")) {
        gdb_send_str(g, "1");
    } else if (!strncmp(a, "Rcmd,", 5)) {
        cmd_rcmd(g, a + 5);
    } else {
        gdb_send_str(g, "");
    }
}

/* ---- execution ---- */

static int resume(struct gdb *g, const char *addr, bool step)
{
    uint64_t pc;

    if (addr && *addr) {
        if (gdb_parse_hex(&addr, &pc) || UC_CHECK(uc_reg_write(g->m->uc, UC_RISCV_REG_PC, &pc))) {
            gdb_send_str(g, "E01");
            return 0;
        }
    }
    g->stepping = step;
    return 1;
}

/* vCont;ACTION[:tid]...: all-stop, one CPU: a step anywhere steps it. */
static int cmd_vcont(struct gdb *g, const char *a)
{
    bool step = false, cont = false;

    for (const char *p = a; p && *p; p = strchr(p + 1, ';')) {
        char act = p[1];
        step |= act == 's' || act == 'S';
        cont |= act == 'c' || act == 'C';
    }
    if (!step && !cont) {
        gdb_send_str(g, "E01");
        return 0;
    }
    return resume(g, NULL, step);
}

static void kill_machine(struct gdb *g)
{
    struct machine *m = g->m;

    g->killed = true;
    m->exit_status = EXIT_GDBKILL;
    snprintf(m->mchk, sizeof(m->mchk), "killed from gdb");
}

static int cmd_v(struct gdb *g, const char *a)
{
    if (!strcmp(a, "Cont?"))
        gdb_send_str(g, "vCont;c;C;s;S");
    else if (!strncmp(a, "Cont;", 5))
        return cmd_vcont(g, a + 4);
    else if (!strncmp(a, "Kill", 4)) {
        gdb_send_str(g, "OK");
        kill_machine(g);
        return 1;
    } else
        gdb_send_str(g, "");
    return 0;
}

int gdb_handle(struct gdb *g, const char *pkt, size_t len)
{
    char reply[96];

    switch (pkt[0]) {
    case '?': gdb_stop_reply(g, GDB_SIGTRAP, reply, sizeof(reply)); gdb_send_str(g, reply); return 0;
    case 'g': cmd_g(g); return 0;
    case 'G': cmd_G(g, pkt + 1); return 0;
    case 'p': cmd_p(g, pkt + 1); return 0;
    case 'P': cmd_P(g, pkt + 1); return 0;
    case 'm': cmd_m(g, pkt + 1); return 0;
    case 'M': cmd_write(g, pkt + 1, len - 1, false); return 0;
    case 'X': cmd_write(g, pkt + 1, len - 1, true); return 0;
    case 'Z': cmd_z(g, pkt + 1, true); return 0;
    case 'z': cmd_z(g, pkt + 1, false); return 0;
    case 'H': cmd_H(g, pkt + 1); return 0;
    case 'T': cmd_T(g, pkt + 1); return 0;
    case 'q': cmd_q(g, pkt + 1); return 0;
    case 'v': return cmd_v(g, pkt + 1);
    case 'c': return resume(g, pkt + 1, false);
    case 's': return resume(g, pkt + 1, true);
    case 'C': case 'S': {
        const char *semi = strchr(pkt, ';');
        return resume(g, semi ? semi + 1 : NULL, pkt[0] == 'S');
    }
    case 'D': gdb_send_str(g, "OK"); gdb_detach(g); return 1;
    case 'k': kill_machine(g); return 1;
    case 'Q':
        if (!strcmp(pkt, "QStartNoAckMode")) {
            gdb_send_str(g, "OK");
            g->noack = true;
            return 0;
        }
        gdb_send_str(g, "");
        return 0;
    default:  gdb_send_str(g, ""); return 0;
    }
}
