/*
 * snap.c — see snap.h.  Reads of guest RAM and of the CPU thread's counters
 * are relaxed atomic loads: they may be stale, never undefined.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "view/snap.h"
#include "guestos/abi/vlmos.h"
#include "guestos/abi/vlmos_view.h"
#include "guestos/abi/vlmos_pte.h"

#define LD(p) __atomic_load_n((p), __ATOMIC_RELAXED)

struct snap *snap_new(void)
{
    struct snap *s = calloc(1, sizeof(*s));
    if (!s)
        fprintf(stderr, "alphavlm: view: out of memory\n");
    return s;
}

void snap_free(struct snap *s)
{
    free(s);
}

static uint64_t rd64(struct machine *m, uint64_t pa)
{
    const uint64_t *p = machine_pa(m, pa & ~7UL, 8);
    return p ? LD(p) : 0;
}

static uint32_t rd32(struct machine *m, uint64_t pa)
{
    const uint32_t *p = machine_pa(m, pa & ~3UL, 4);
    return p ? LD(p) : 0;
}

uint64_t snap_kva_pa(struct machine *m, uint64_t va, uint64_t len)
{
    uint64_t pa;

    if (va >= KSEG43_BASE && va < KSEG43_END)
        pa = va - KSEG43_BASE;
    else if (va >= KSEG32_BASE && va < KSEG32_END)
        pa = va - KSEG32_BASE;
    else
        return 0;
    return machine_pa(m, pa, len) ? pa : 0;
}

/* The published struct vview, or false if there is none (yet). */
static bool read_kview(struct machine *m, struct vview *v)
{
    uint64_t pa = rd64(m, HWRPB_PA + HWRPB_KVIEW);
    const void *p = pa ? machine_pa(m, pa, sizeof(*v)) : NULL;

    if (!p)
        return false;
    memcpy(v, p, sizeof(*v));
    return v->magic == VVIEW_MAGIC && v->frame_size == sizeof(struct vview_frame) &&
           v->nproc <= 4096;
}

static const struct vview_frame *frame_db(struct machine *m, uint64_t nframes)
{
    uint64_t pa = rd64(m, HWRPB_PA + HWRPB_FRAMEDB);
    return pa ? machine_pa(m, pa, nframes * sizeof(struct vview_frame)) : NULL;
}

static void copy_tlb(struct snap_tlb *d, const struct tlb *t, uint64_t seq)
{
    unsigned n = t->n < 4096 ? t->n : 4096;

    for (unsigned i = 0; i < n; i++) {
        struct tlb_entry e = t->e[i];          /* may be torn: only drawn */
        struct tlb_entry *o = &d->e[i];
        bool same = e.valid == o->valid && (!e.valid ||
                    (e.vpn == o->vpn && e.pte == o->pte && e.asn == o->asn));
        if (!same && seq > 0) {
            d->mark[i] = e.valid ? TM_FILL : TM_INVAL;
            d->evicted_vpn[i] = e.valid && o->valid ? o->vpn : 0;
            d->fade[i] = seq;
        }
        *o = e;
    }
    d->n = n;
}

static void read_vmas(struct machine *m, const struct vview *v, uint64_t head,
                      struct snap_proc *p)
{
    p->nvma = 0;
    for (uint64_t va = head; va && p->nvma < SNAP_NVMA; ) {
        uint64_t pa = snap_kva_pa(m, va, (uint64_t)v->v_next + 8);
        if (!pa)
            break;
        struct snap_vma *x = &p->vma[p->nvma++];
        x->start = rd64(m, pa + v->v_start);
        x->end = rd64(m, pa + v->v_end);
        x->kind = (int)rd32(m, pa + v->v_kind);
        x->text = false;
        va = rd64(m, pa + v->v_next);
    }
}

/* A user PTE of process p (the same three levels as mmu/walk.c), or 0. */
static uint64_t user_pte(struct machine *m, uint64_t l1_pfn, uint64_t va)
{
    uint64_t e = l1_pfn << PAGE_SHIFT | L1_INDEX(va) * 8;
    uint64_t pte = rd64(m, e);
    if (!(pte & PTE_V))
        return 0;
    pte = rd64(m, PTE_PFN(pte) << PAGE_SHIFT | L2_INDEX(va) * 8);
    if (!(pte & PTE_V))
        return 0;
    return rd64(m, PTE_PFN(pte) << PAGE_SHIFT | L3_INDEX(va) * 8);
}

/* Image VMAs cover text and data alike: split them where the pages change
 * from executable (FOE clear: text) to not (data).  Long images are judged
 * by their first 4096 pages. */
static void split_image(struct machine *m, struct snap_proc *p)
{
    struct snap_vma out[SNAP_NVMA];
    int n = 0;

    for (int i = 0; i < p->nvma && n < SNAP_NVMA; i++) {
        struct snap_vma v = p->vma[i];
        if (v.kind != VVMA_IMAGE) {
            out[n++] = v;
            continue;
        }
        uint64_t lim = v.start + 4096 * PAGE_SIZE < v.end ? v.start + 4096 * PAGE_SIZE : v.end;
        for (uint64_t a = v.start; a < lim && n < SNAP_NVMA; a += PAGE_SIZE) {
            uint64_t pte = user_pte(m, p->l1_pfn, a);
            bool text = (pte & PTE_COMMIT) && !(pte & PTE_FOE);
            if (a == v.start || out[n - 1].text != text)
                out[n++] = (struct snap_vma){ a, a + PAGE_SIZE, VVMA_IMAGE, text };
            else
                out[n - 1].end = a + PAGE_SIZE;
        }
        if (n)
            out[n - 1].end = v.end;
    }
    memcpy(p->vma, out, (size_t)n * sizeof(out[0]));
    p->nvma = n;
}

/* The part of the 64-bit VLM window p has page tables for, to 8 MiB (one
 * L2 entry): the L1 and L2 entries over [VLM_WINDOW, VLM_WINDOW_END). */
static void window_extent(struct machine *m, struct snap_proc *p)
{
    p->win_lo = p->win_hi = 0;
    if (!p->vlm_mapped)
        return;
    for (uint64_t i = L1_INDEX(VLM_WINDOW); i <= L1_INDEX(VLM_WINDOW_END - 1); i++) {
        uint64_t e1 = rd64(m, p->l1_pfn << PAGE_SHIFT | i * 8);
        if (!(e1 & PTE_V))
            continue;
        for (uint64_t j = 0; j < PT_ENTRIES; j++) {
            if (!(rd64(m, PTE_PFN(e1) << PAGE_SHIFT | j * 8) & PTE_V))
                continue;
            uint64_t va = i << L1_SHIFT | j << L2_SHIFT;
            if (!p->win_lo)
                p->win_lo = va;
            p->win_hi = va + (1UL << L2_SHIFT);
        }
    }
}

static uint16_t max_off(const struct vview *v);

/* The largest offset the reader uses in an address space (struct vmspace). */
static uint16_t max_vm_off(const struct vview *v)
{
    const uint16_t o[] = { v->p_asn, v->p_l1_pfn, v->p_vmas, v->p_committed, v->p_charged,
                           v->p_donated, v->p_resident, v->p_vlm_mapped, v->p_brk_base, v->p_brk,
                           v->p_stack_low };
    uint16_t mx = 0;
    for (size_t i = 0; i < sizeof(o) / sizeof(o[0]); i++)
        mx = o[i] > mx ? o[i] : mx;
    return mx;
}

static void read_name(struct machine *m, const struct vview *v, uint64_t pa, struct snap_proc *p)
{
    const char *name = machine_pa(m, pa + v->p_name, SNAP_NAME);
    for (int i = 0; i < SNAP_NAME; i++)
        p->name[i] = i < SNAP_NAME - 1 && name ? LD(&name[i]) : 0;
}

/* One thread: its own fields, then its address space's through the vm
 * pointer (threads of one process read the same space). */
static void read_proc(struct machine *m, const struct vview *v, uint64_t pa, struct snap_proc *p)
{
    memset(p, 0, sizeof(*p));
    p->pid = (int)rd32(m, pa + v->p_pid);
    p->state = (int)rd32(m, pa + v->p_state);
    p->tgid = v->p_tgid ? (int)rd32(m, pa + v->p_tgid) : p->pid;
    p->vm = rd64(m, pa + v->p_vm);
    uint64_t vm = p->vm ? snap_kva_pa(m, p->vm, (uint64_t)max_vm_off(v) + 8) : 0;
    if (!vm) {
        p->vm = 0;                                    /* an exited thread: no space */
        read_name(m, v, pa, p);
        return;
    }
    p->asn = (int)rd32(m, vm + v->p_asn);
    uint64_t drv = rd64(m, pa + v->p_drvdata);       /* a driver's record, or 0 */
    uint64_t drv_pa = drv ? snap_kva_pa(m, drv, sizeof(struct vview_drvproc)) : 0;
    p->vlm_role = drv_pa ? (int)rd32(m, drv_pa + offsetof(struct vview_drvproc, role)) : 0;
    read_name(m, v, pa, p);
    p->l1_pfn = rd64(m, vm + v->p_l1_pfn);
    p->committed = rd64(m, vm + v->p_committed);
    p->charged = rd64(m, vm + v->p_charged);
    p->donated = rd64(m, vm + v->p_donated);
    p->resident = rd64(m, vm + v->p_resident);
    p->vlm_mapped = rd64(m, vm + v->p_vlm_mapped);
    p->brk_base = rd64(m, vm + v->p_brk_base);
    p->brk = rd64(m, vm + v->p_brk);
    p->stack_low = rd64(m, vm + v->p_stack_low);
    window_extent(m, p);
    read_vmas(m, v, rd64(m, vm + v->p_vmas), p);
    split_image(m, p);
}

static uint16_t max_off(const struct vview *v)
{
    const uint16_t o[] = { v->p_pid, v->p_state, v->p_name, v->p_drvdata, v->p_vm, v->p_tgid };
    uint16_t mx = 0;
    for (size_t i = 0; i < sizeof(o) / sizeof(o[0]); i++)
        mx = o[i] > mx ? o[i] : mx;
    return mx;
}

static void read_procs(struct snap *s, struct machine *m, const struct vview *v)
{
    uint64_t cur = rd64(m, v->curproc_pa);
    uint64_t len = (uint64_t)max_off(v) + SNAP_NAME + 8;

    s->nproc = 0;
    s->cur = -1;
    for (uint32_t i = 0; i < v->nproc && s->nproc < SNAP_NPROC; i++) {
        uint64_t kva = rd64(m, v->procs_pa + 8 * i);
        uint64_t pa = kva ? snap_kva_pa(m, kva, len) : 0;
        if (!pa)
            continue;
        if (kva == cur)
            s->cur = s->nproc;
        read_proc(m, v, pa, &s->proc[s->nproc++]);
    }
    if (s->cur >= 0 && s->proc[s->cur].pid > 0)
        s->last_pid = s->proc[s->cur].pid;
}

/* True if a thread before proc[i] has proc[i]'s address space (or it has none). */
static bool snap_space_seen(const struct snap *s, int i)
{
    for (int j = 0; j < i; j++)
        if (s->proc[j].vm == s->proc[i].vm)
            return true;
    return !s->proc[i].vm;
}

/* Frames per category: the kernel's per-state counts; the image is split
 * from the other boot frames, the VLM window's pages from the VLM frames. */
static void read_counts(struct snap *s, struct machine *m, const struct vview *v)
{
    uint64_t n[VFR_NSTATES], mapped = 0;

    for (int i = 0; i < VFR_NSTATES; i++)
        n[i] = rd64(m, v->counts_pa + 8 * (uint64_t)i);
    for (int i = 0; i < s->nproc; i++)
        if (!snap_space_seen(s, i))
            mapped += s->proc[i].vlm_mapped;          /* each address space once */
    memset(s->in_cat, 0, sizeof(s->in_cat));
    s->in_cat[VC_FREE] = n[VFR_FREE];
    s->in_cat[VC_ZERO] = n[VFR_ZERO];
    s->in_cat[VC_IMAGE] = s->kernel_end_pfn;
    s->in_cat[VC_BOOT] = n[VFR_BOOT] > s->kernel_end_pfn ? n[VFR_BOOT] - s->kernel_end_pfn : 0;
    s->in_cat[VC_KHEAP] = n[VFR_KERNEL];
    s->in_cat[VC_PT] = n[VFR_PT];
    s->in_cat[VC_PROC] = n[VFR_PROC];
    s->in_cat[VC_COW] = n[VFR_COW];
    s->in_cat[VC_MAPPED] = mapped < n[VFR_VLM] ? mapped : n[VFR_VLM];
    s->in_cat[VC_VLM] = n[VFR_VLM] - s->in_cat[VC_MAPPED];
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Rates over windows of at least a second; the first window starts at 0. */
static void rates(struct snap *s)
{
    double dt = s->t - s->r_t;

    if (s->seq == 0) {                 /* a first (or single) picture: the whole run */
        s->mpki = s->icount ? 1000.0 * (double)s->misses / (double)s->icount : 0;
        s->r_t = s->t;
        s->r_icount = s->icount;
        s->r_faults = s->faults;
        s->r_syscalls = s->syscalls;
        s->r_misses = s->misses;
        return;
    }
    if (dt < 1.0)
        return;
    uint64_t di = s->icount - s->r_icount;
    s->mpki = di ? 1000.0 * (double)(s->misses - s->r_misses) / (double)di : 0;
    s->faults_s = (double)(s->faults - s->r_faults) / dt;
    s->syscalls_s = (double)(s->syscalls - s->r_syscalls) / dt;
    s->r_t = s->t;
    s->r_icount = s->icount;
    s->r_faults = s->faults;
    s->r_syscalls = s->syscalls;
    s->r_misses = s->misses;
}

void snap_take(struct snap *s, struct machine *m)
{
    struct vview v;

    s->t = now_s();
    s->ram_size = m->cfg.ram_size;
    s->counting = m->counting;
    s->icount = LD(&m->icount);
    s->syscalls = LD(&m->st.syscalls);
    s->faults = LD(&m->st.mm_faults);
    s->misses = LD(&m->itb.st.misses) + LD(&m->dtb.st.misses);
    s->asn = LD(&m->asn);
    copy_tlb(&s->itb, &m->itb, s->seq);
    copy_tlb(&s->dtb, &m->dtb, s->seq);
    s->nframes = m->cfg.ram_size >> PAGE_SHIFT;
    s->published = read_kview(m, &v) && v.nframes <= s->nframes && frame_db(m, v.nframes);
    if (s->published) {
        s->nframes = v.nframes;
        s->kernel_end_pfn = v.kernel_end >> PAGE_SHIFT;
        s->proc_limit = v.proc_limit;
        read_procs(s, m, &v);
        read_counts(s, m, &v);
    } else {
        s->nproc = 0;
        s->cur = -1;
    }
    rates(s);
    s->seq++;
}

static uint32_t key_of(const struct snap *s, const struct vview_frame *f, uint64_t pfn)
{
    switch (LD(&f->state)) {
    case VFR_FREE:   return VKEY(VC_FREE, 0);
    case VFR_ZERO:   return VKEY(VC_ZERO, 0);
    case VFR_BOOT:   return VKEY(pfn < s->kernel_end_pfn ? VC_IMAGE : VC_BOOT, 0);
    case VFR_KERNEL: return VKEY(VC_KHEAP, 0);
    case VFR_PT:     return VKEY(VC_PT, LD(&f->owner));
    case VFR_PROC:   return VKEY(VC_PROC, LD(&f->owner));
    case VFR_COW:    return VKEY(VC_COW, LD(&f->owner));
    case VFR_VLM:    return VKEY(LD(&f->vlm_maps) ? VC_MAPPED : VC_VLM, LD(&f->owner));
    default:         return VKEY(VC_UNKNOWN, 0);
    }
}

uint32_t snap_frame_key(const struct snap *s, struct machine *m, uint64_t pfn, int *owner)
{
    const struct vview_frame *db = s->published ? frame_db(m, s->nframes) : NULL;

    *owner = 0;
    if (!db || pfn >= s->nframes)
        return VKEY(VC_UNKNOWN, 0);
    *owner = (int)LD(&db[pfn].owner);
    return key_of(s, &db[pfn], pfn);
}

/* The key most frames of [pfn, pfn+per) have (in-use frames count 4). */
static uint32_t cell_key(const struct snap *s, const struct vview_frame *db, uint64_t pfn,
                         uint64_t per)
{
    uint32_t key[8];
    unsigned weight[8], nk = 0, best = 0;

    for (uint64_t i = 0; i < per && pfn + i < s->nframes; i++) {
        uint32_t k = key_of(s, &db[pfn + i], pfn + i);
        unsigned j = 0, w = VKEY_CAT(k) <= VC_FREE ? 1 : 4;
        while (j < nk && key[j] != k)
            j++;
        if (j == nk && nk < 8)
            key[nk] = k, weight[nk++] = 0;
        if (j < nk)
            weight[j] += w;
    }
    if (!nk)
        return VKEY(VC_UNKNOWN, 0);
    for (unsigned j = 1; j < nk; j++)
        if (weight[j] > weight[best])
            best = j;
    return key[best];
}

void snap_cells(const struct snap *s, struct machine *m, uint64_t first, uint64_t per,
                uint32_t *keys, unsigned n)
{
    const struct vview_frame *db = s->published ? frame_db(m, s->nframes) : NULL;

    for (unsigned c = 0; c < n; c++) {
        uint64_t pfn = first + c * per;
        keys[c] = db && pfn < s->nframes ? cell_key(s, db, pfn, per) : VKEY(VC_UNKNOWN, 0);
    }
}

const struct snap_proc *snap_find(const struct snap *s, int pid)
{
    for (int i = 0; i < s->nproc; i++)
        if (s->proc[i].pid == pid)
            return &s->proc[i];
    return NULL;
}

int snap_users(const struct snap *s)
{
    int n = 0;
    for (int i = 0; i < s->nproc; i++)
        n += s->proc[i].pid > 0;
    return n;
}
