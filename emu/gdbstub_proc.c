/*
 * gdbstub_proc.c — VLM/OS's processes as the debugger sees them, read from
 * the table the kernel publishes in the HWRPB (axp64.h HWRPB_PROCTAB,
 * docs/pal.md).
 */
#include <string.h>
#include "emu/gdbstub_int.h"
#include "emu/gvm.h"

static uint64_t hwrpb_q(struct machine *m, unsigned off)
{
    uint64_t v;
    memcpy(&v, m->ram + HWRPB_PA + off, 8);
    return v;
}

static uint16_t desc16(uint64_t q, int i)
{
    return (uint16_t)(q >> (16 * i));
}

/* Read one process record at kernel VA kva (through the superpages). */
static int read_proc(struct machine *m, uint64_t kva, uint64_t offs, unsigned name_len,
                     struct gdb_proc *p)
{
    uint8_t rec[512];
    size_t need = 0;
    int32_t pid, state;

    for (int i = 0; i < 4; i++)
        if (desc16(offs, i) + 8u > need)
            need = desc16(offs, i) + 8u;
    need = need < desc16(offs, 2) + name_len ? desc16(offs, 2) + name_len : need;
    if (need > sizeof(rec) || gvm_read(m, kva, rec, need, MODE_KERNEL) != MMR_OK)
        return -1;
    memcpy(&pid, rec + desc16(offs, 0), 4);
    memcpy(&state, rec + desc16(offs, 1), 4);
    memcpy(&p->kstack_pa, rec + desc16(offs, 3), 8);
    p->pid = pid;
    p->state = state;
    size_t n = name_len < sizeof(p->name) ? name_len : sizeof(p->name) - 1;
    memcpy(p->name, rec + desc16(offs, 2), n);
    p->name[n] = 0;
    return 0;
}

/* PTBR and ASN from the process's PCB (the OSF/1 layout swpctx reads). */
static int read_pcb(struct machine *m, struct gdb_proc *p)
{
    uint8_t *pcb = (p->kstack_pa & 7) ? NULL : machine_pa(m, p->kstack_pa, PCB_SIZE);
    uint32_t asn;

    if (!pcb)
        return -1;
    memcpy(&p->ptbr, pcb + PCB_PTBR, 8);
    memcpy(&asn, pcb + PCB_ASN, 4);
    p->asn = asn & ((1u << ASN_BITS) - 1);
    return 0;
}

int gdb_procs(struct machine *m, struct gdb_proc *out, int max)
{
    uint64_t tab = hwrpb_q(m, HWRPB_PROCTAB), desc = hwrpb_q(m, HWRPB_PROCTAB_DESC);
    uint64_t offs = hwrpb_q(m, HWRPB_PROC_OFFS);
    unsigned slots = desc16(desc, 0), name_len = desc16(desc, 1);
    uint64_t *ptrs = tab ? machine_pa(m, tab, (uint64_t)slots * 8) : NULL;
    int n = 0;

    for (unsigned i = 0; ptrs && i < slots && n < max; i++) {
        uint64_t kva;
        memcpy(&kva, &ptrs[i], 8);
        if (kva && read_proc(m, kva, offs, name_len, &out[n]) == 0 && out[n].pid > 0 &&
            out[n].state != 0 && read_pcb(m, &out[n]) == 0)
            n++;
    }
    return n;
}

int gdb_proc_find(struct machine *m, int pid, struct gdb_proc *p)
{
    struct gdb_proc all[128];
    int n = gdb_procs(m, all, 128);

    for (int i = 0; i < n; i++)
        if (all[i].pid == pid) {
            *p = all[i];
            return 0;
        }
    return -1;
}

int gdb_current_pid(struct machine *m)
{
    struct gdb_proc all[128];
    int n = gdb_procs(m, all, 128);

    for (int i = 0; i < n; i++)
        if (m->pcbb && all[i].kstack_pa == m->pcbb)
            return all[i].pid;
    return 0;
}

const char *gdb_proc_state(int state)
{
    /* guestos/proc.h enum proc_state */
    static const char *const names[] = { "unused", "runnable", "running", "sleeping", "zombie" };
    return state >= 0 && state < 5 ? names[state] : "?";
}

int gdb_thread_space(struct gdb *g, long tid, struct mmu_space *s, int *mode)
{
    struct machine *m = g->m;
    struct gdb_proc p;

    *s = m->space;
    *mode = m->mode;
    if (tid <= 0 || tid == GDB_TID_CPU)
        return 0;
    if (gdb_proc_find(m, (int)tid - 1, &p))
        return -1;
    if (m->mode == MODE_USER && p.kstack_pa == m->pcbb)
        return 0;                                   /* running in user mode: live */
    s->ptbr = p.ptbr;
    s->ptbr_valid = true;
    *mode = MODE_USER;
    return 0;
}
