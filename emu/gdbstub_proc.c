/*
 * gdbstub_proc.c — VLM/OS's processes as the debugger sees them, read from
 * the process table the kernel describes in its struct vview (HWRPB_KVIEW,
 * guestos/abi/vlmos_view.h: the one description the live view reads too);
 * (emu/gvm.c is the debugger's view of virtual memory).
 */
#include <string.h>
#include "emu/gdbstub_int.h"
#include "emu/gvm.h"
#include "guestos/abi/vlmos.h"
#include "guestos/abi/vlmos_view.h"

int gdb_kview(struct machine *m, struct vview *v)
{
    uint64_t pa;
    const void *p;

    memcpy(&pa, m->ram + HWRPB_PA + HWRPB_KVIEW, 8);
    if (!pa || !(p = machine_pa(m, pa, sizeof(*v))))
        return -1;
    memcpy(v, p, sizeof(*v));
    return v->magic == VVIEW_MAGIC ? 0 : -1;
}

/* Read one process record at kernel VA kva (through the superpages), its
 * fields where v says they are. */
static int read_proc(struct machine *m, const struct vview *v, uint64_t kva, struct gdb_proc *p)
{
    uint8_t rec[512];
    const size_t end[] = { v->p_pid + 4u, v->p_state + 4u, v->p_kstack_pa + 8u, v->p_tgid + 4u,
                           (size_t)v->p_name + v->name_size };   /* bytes each field needs */
    size_t need = 0;
    int32_t pid, tgid, state;

    for (size_t i = 0; i < sizeof(end) / sizeof(end[0]); i++)
        need = end[i] > need ? end[i] : need;
    if (need > sizeof(rec) || gvm_read(m, kva, rec, need, MODE_KERNEL) != MMR_OK)
        return -1;
    memcpy(&pid, rec + v->p_pid, 4);
    memcpy(&state, rec + v->p_state, 4);
    memcpy(&tgid, rec + v->p_tgid, 4);
    memcpy(&p->kstack_pa, rec + v->p_kstack_pa, 8);
    p->pid = pid;
    p->tgid = tgid;
    p->state = state;
    size_t n = v->name_size < sizeof(p->name) ? v->name_size : sizeof(p->name) - 1;
    memcpy(p->name, rec + v->p_name, n);
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
    struct vview v;
    uint64_t *ptrs = NULL;
    int n = 0;

    if (gdb_kview(m, &v) == 0)
        ptrs = machine_pa(m, v.procs_pa, (uint64_t)v.nproc * 8);
    for (unsigned i = 0; ptrs && i < v.nproc && n < max; i++) {
        uint64_t kva;
        memcpy(&kva, &ptrs[i], 8);
        if (kva && read_proc(m, &v, kva, &out[n]) == 0 && out[n].pid > 0 &&
            out[n].state != VPS_UNUSED && read_pcb(m, &out[n]) == 0)
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
    static const char *const names[VPS_NSTATES] = { VPS_NAMES };
    return state >= 0 && state < VPS_NSTATES ? names[state] : "?";
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
