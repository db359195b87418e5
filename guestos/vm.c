/*
 * vm.c — page tables, commit accounting, VMAs, demand-zero faults and
 * stack growth (see vm.h).  Tables are reached through KSEG43.
 */
#include "guestos/budget.h"
#include "guestos/frames.h"
#include "guestos/kalloc.h"
#include "guestos/palcall.h"
#include "guestos/proc.h"
#include "guestos/vm.h"

#define KERNEL_RESERVE_MIN VBOOT_RESERVE_MIN   /* frames kept out of the global commit limit */
#define PTE_PFN_BITS  (~0UL << PTE_PFN_SHIFT)
#define PTE_NEW       (1UL << 19)       /* set by vm_commit while it runs, for its rollback */

static uint64_t g_commit_limit, g_committed;

/* ---- global commit ---------------------------------------------------- */

void vm_commit_init(void)
{
    uint64_t avail = frames_available();
    /* Keep 1/32 of RAM (at least 2 MiB) out of the commit limit, so that
     * committed memory alone never takes the frames page tables, kernel
     * stacks and the heap need.  Those are charged to budgets of their own,
     * and all budgets together to every frame free now (budget.h). */
    uint64_t reserve = MAX(avail >> VBOOT_RESERVE_SHIFT, KERNEL_RESERVE_MIN);
    g_commit_limit = avail > reserve ? avail - reserve : 0;
    budget_init(avail);     /* the kernel's own frames are charged from here on */
}

uint64_t commit_limit(void)     { return g_commit_limit; }
uint64_t commit_total(void)     { return g_committed; }
uint64_t proc_limit_pages(void) { return boot.proc_limit >> PAGE_SHIFT; }

int commit_charge(uint64_t pages)
{
    if (pages > g_commit_limit - g_committed || budget_charge(VB_COMMIT, pages))
        return -VE_NOMEM;
    g_committed += pages;
    return 0;
}

void commit_uncharge(uint64_t pages)
{
    if (pages > g_committed)
        panic("commit_uncharge: %lu pages, only %lu committed",
              (unsigned long)pages, (unsigned long)g_committed);
    g_committed -= pages;
    budget_uncharge(VB_COMMIT, pages);
}

/* ---- page tables ------------------------------------------------------ */

static pte_t *table_of(pte_t e)
{
    return PFN_TO_KVA(PTE_PFN(e));
}

/* The entry of the next-level table that *e points to, creating the table. */
static pte_t *next_level(struct proc *p, pte_t *e, unsigned idx, bool create)
{
    if (!(*e & PTE_V)) {
        if (!create)
            return NULL;
        uint64_t pfn = budget_frame_alloc(VB_PTABLE, FR_PT, (uint32_t)p->tgid);
        if (!pfn)
            return NULL;
        p->vm->ptables++;
        *e = PFN_TO_PTE(pfn) | PTE_TABLE;
    }
    return &table_of(*e)[idx];
}

pte_t *vm_pte(struct proc *p, uint64_t va, bool create)
{
    pte_t *l1 = PFN_TO_KVA(p->vm->l1_pfn);
    pte_t *e = next_level(p, &l1[L1_INDEX(va)], L2_INDEX(va), create);

    return e ? next_level(p, e, L3_INDEX(va), create) : NULL;
}

int vm_init(struct proc *p)
{
    struct vmspace *vm = kmalloc(sizeof(*vm));

    p->vm = NULL;
    if (!vm)
        return -VE_NOMEM;
    memset(vm, 0, sizeof(*vm));
    vm->l1_pfn = budget_frame_alloc(VB_PTABLE, FR_PT, (uint32_t)p->tgid);
    if (!vm->l1_pfn) {
        kfree(vm);
        return -VE_NOMEM;
    }
    vm->ptables = 1;
    vm->refs = 1;
    p->vm = vm;
    return 0;
}

void vm_share(struct proc *p, struct proc *from)
{
    p->vm = from->vm;
    p->vm->refs++;
}

/* The space loaded in the MMU now is curproc's: its threads share it. */
static bool space_running(const struct proc *p)
{
    return p->vm == curproc->vm;
}

void vm_tlb_flush(struct proc *p, uint64_t va)
{
    if (space_running(p))
        pal_tbi(TBI_S, va);
    else
        p->vm->asn_gen = 0;           /* its old entries can never match again */
}

/* Drop all of p's TLB entries: after changing many PTEs at once. */
static void tlb_flush_all(struct proc *p)
{
    if (space_running(p))
        pal_tbi(TBI_IAP, 0);
    else
        p->vm->asn_gen = 0;
}

/* What dropping leaf PTEs takes off a process's counts and the global
 * commit, summed so that a loop over a whole table (free_l3) settles the
 * books once instead of once a page. */
struct drop_tally {
    uint64_t committed, charged, resident, shared, window;
};

/* Undo one leaf PTE: free a private frame (or drop one reference of a shared
 * one), count its charges in *t.  The caller settles *t (settle_drops) and
 * flushes the TLB.  Returns true if it held a valid mapping.  Inlined: the
 * exit of a big process runs it once a page. */
static inline __attribute__((always_inline)) bool drop_pte_tally(struct drop_tally *t, pte_t *e)
{
    pte_t pte = *e;
    bool valid = pte & PTE_V;

    if (likely((pte & (PTE_V | PTE_VLMMAP)) == PTE_V)) {
        frame_unshare(PTE_PFN(pte));            /* freed unless another process shares it */
        t->shared += (pte & PTE_FOW) != 0;      /* counted without a branch: a block less */
        t->resident += (pte & PTE_FOW) == 0;
    } else if (valid) {
        t->window++;
        frame_db(PTE_PFN(pte))->vlm_maps--;     /* for the live view only */
    }
    t->committed += (pte & PTE_COMMIT) != 0;
    t->charged += (pte & (PTE_COMMIT | PTE_NOCHARGE)) == PTE_COMMIT;
    *e = 0;
    return valid;
}

static inline __attribute__((always_inline))
void settle_drops(struct proc *p, const struct drop_tally *t)
{
    p->vm->window_ptes -= t->window;
    p->vm->shared -= t->shared;
    p->vm->resident -= t->resident;
    p->vm->committed -= t->committed;
    p->vm->charged -= t->charged;
    commit_uncharge(t->committed);
}

/* drop_pte_tally for one PTE, settled at once. */
static bool drop_pte(struct proc *p, pte_t *e)
{
    struct drop_tally t = { 0 };
    bool valid = drop_pte_tally(&t, e);

    settle_drops(p, &t);
    return valid;
}

static void free_l3(struct proc *p, pte_t *l3)
{
    struct drop_tally t = { 0 };

#pragma GCC unroll 4
    for (unsigned i = 0; i < PT_ENTRIES; i++)
        drop_pte_tally(&t, &l3[i]);             /* an empty PTE adds nothing */
    settle_drops(p, &t);
}

void vm_free(struct proc *p)
{
    if (!p->vm)
        return;
    if (--p->vm->refs > 0) {          /* other threads still run in it */
        p->vm = NULL;
        return;
    }
    pte_t *l1 = PFN_TO_KVA(p->vm->l1_pfn);

    for (unsigned i = 0; i < PT_ENTRIES; i++) {
        if (!(l1[i] & PTE_V))
            continue;
        pte_t *l2 = table_of(l1[i]);
        for (unsigned j = 0; j < PT_ENTRIES; j++) {
            if (!(l2[j] & PTE_V))
                continue;
            free_l3(p, table_of(l2[j]));
            budget_frame_free(VB_PTABLE, PTE_PFN(l2[j]));
        }
        budget_frame_free(VB_PTABLE, PTE_PFN(l1[i]));
    }
    budget_frame_free(VB_PTABLE, p->vm->l1_pfn);
    while (p->vm->vmas) {
        struct vma *v = p->vm->vmas;
        p->vm->vmas = v->next;
        kfree(v);
    }
    p->vm->l1_pfn = 0;
    p->vm->ptables = 0;
    tlb_flush_all(p);
    kfree(p->vm);
    p->vm = NULL;
}

/* ---- fork: a copy-on-write copy (vm.h) --------------------------------- */

/* Copy parent's committed PTE *pe into the child's *ce: a resident frame
 * is shared (PTE_FOW in both PTEs), a demand-zero PTE is copied as it is.
 * The commit was charged by the caller.  Can't fail. */
/* LAB(cow): BEGIN SOLUTION */
/* LAB(cow): STUB: static void fork_pte(struct proc *child, struct proc *parent, pte_t *pe, pte_t *ce) */
/* LAB(cow): STUB: { */
/* LAB(cow): STUB:     (void)parent; */
/* LAB(cow): STUB:     *ce = *pe; */
/* LAB(cow): STUB:     if (*pe & PTE_V) {              // the placeholder: every page copied at once */
/* LAB(cow): STUB:         uint64_t pfn = frame_alloc(FR_PROC, (uint32_t)child->pid); */
/* LAB(cow): STUB:         if (!pfn) */
/* LAB(cow): STUB:             panic("fork_pte: no frame for a committed page"); */
/* LAB(cow): STUB:         memcpy(PFN_TO_KVA(pfn), PFN_TO_KVA(PTE_PFN(*pe)), PAGE_SIZE); */
/* LAB(cow): STUB:         if (!(*pe & PTE_FOE)) */
/* LAB(cow): STUB:             pal_imb(pfn << PAGE_SHIFT, PAGE_SIZE); */
/* LAB(cow): STUB:         *ce = (*pe & ~(PTE_PFN_BITS | PTE_FOW)) | PFN_TO_PTE(pfn); */
/* LAB(cow): STUB:         child->vm->resident++; */
/* LAB(cow): STUB:     } */
/* LAB(cow): STUB:     child->vm->committed++; */
/* LAB(cow): STUB:     if (!(*pe & PTE_NOCHARGE)) */
/* LAB(cow): STUB:         child->vm->charged++; */
/* LAB(cow): STUB: } */
static void fork_pte(struct proc *child, struct proc *parent, pte_t *pe, pte_t *ce)
{
    pte_t pte = *pe;

    if (pte & PTE_V) {
        frame_share(PTE_PFN(pte));
        if (!(pte & PTE_FOW)) {
            pte |= PTE_FOW;             /* the parent's next write copies too */
            *pe = pte;
            parent->vm->resident--;
            parent->vm->shared++;
        }
        child->vm->shared++;
    }
    *ce = pte;
    child->vm->committed++;
    child->vm->charged += !(pte & PTE_NOCHARGE);
}
/* LAB(cow): END SOLUTION */

/* Does fork copy this PTE?  Committed ones, but not window pages. */
static bool inherited(pte_t pte)
{
    return (pte & (PTE_COMMIT | PTE_VLMMAP)) == PTE_COMMIT;
}

/* Copy the committed PTEs of the L3 table t (VA base) into child, whose L3
 * table for base is found (or made) only if there is a PTE to copy; *left
 * counts down the pages charged and not yet copied.  0 or -VE_NOMEM (no
 * page table). */
static int fork_l3(struct proc *child, struct proc *parent, pte_t *t, uint64_t base,
                   uint64_t *left)
{
    unsigned k = 0, n = 0;
    pte_t *ct;

    while (k < PT_ENTRIES && !inherited(t[k]))
        k++;
    if (k == PT_ENTRIES)
        return 0;
    if (!(ct = vm_pte(child, base, true)))      /* &ct[0]: base is the table's first VA */
        return -VE_NOMEM;
    for (; k < PT_ENTRIES; k++) {
        if (likely(inherited(t[k]))) {
            fork_pte(child, parent, &t[k], &ct[k]);
            n++;
        }
    }
    *left -= n;
    return 0;
}

static int fork_vmas(struct proc *child, const struct proc *parent)
{
    for (const struct vma *v = parent->vm->vmas; v; v = v->next) {
        int r = vm_reserve(child, v->start, v->end - v->start, v->kind);
        if (r)
            return r;
    }
    return 0;
}

int vm_fork(struct proc *child, struct proc *parent)
{
    pte_t *l1 = PFN_TO_KVA(parent->vm->l1_pfn);
    uint64_t left = parent->vm->committed;
    int r = 0;

    if ((r = fork_vmas(child, parent)) != 0 || (r = commit_charge(left)) != 0)
        return r;
    for (unsigned i = 0; i < PT_ENTRIES && !r; i++) {
        if (!(l1[i] & PTE_V))
            continue;
        pte_t *l2 = table_of(l1[i]);
        for (unsigned j = 0; j < PT_ENTRIES && !r; j++)
            if (l2[j] & PTE_V)
                r = fork_l3(child, parent, table_of(l2[j]),
                            ((uint64_t)i << L1_SHIFT) | ((uint64_t)j << L2_SHIFT), &left);
    }
    commit_uncharge(left);              /* what a failure left uncopied */
    tlb_flush_all(parent);              /* its writable pages are FOW now */
    child->vm->brk_base = parent->vm->brk_base;
    child->vm->brk = parent->vm->brk;
    child->vm->stack_low = parent->vm->stack_low;
    return r;
}

/* ---- VMAs ----------------------------------------------------------- */

bool user_va_ok(uint64_t va)
{
    return (va >= USER_BASE && va < USER_END) || (va >= VLM_WINDOW && va < VLM_WINDOW_END);
}

struct vma *vm_find(struct proc *p, uint64_t va)
{
    for (struct vma *v = p->vm->vmas; v && v->start <= va; v = v->next)
        if (va < v->end)
            return v;
    return NULL;
}

static bool range_free(struct proc *p, uint64_t start, uint64_t end)
{
    for (struct vma *v = p->vm->vmas; v; v = v->next)
        if (v->start < end && start < v->end)
            return false;
    return true;
}

int vm_reserve(struct proc *p, uint64_t start, uint64_t len, int kind)
{
    uint64_t end = start + len;

    if ((start | len) & PAGE_MASK || start < USER_BASE || end > USER_END || end < start)
        return -VE_INVAL;
    if (!range_free(p, start, end))
        return -VE_NOMEM;
    struct vma *v = kmalloc(sizeof(*v));
    if (!v)
        return -VE_NOMEM;
    v->start = start;
    v->end = end;
    v->kind = kind;
    struct vma **pp = &p->vm->vmas;
    while (*pp && (*pp)->start < start)
        pp = &(*pp)->next;
    v->next = *pp;
    *pp = v;
    return 0;
}

uint64_t vm_find_free(struct proc *p, uint64_t len)
{
    uint64_t best = 0, lo = USER_BASE;

    if (!len || len & PAGE_MASK || len > USER_END)
        return 0;
    /* Walk the gaps in address order and keep the highest that fits, so valloc
     * grows down from the stack and brk grows up from the image. */
    for (struct vma *v = p->vm->vmas; ; v = v->next) {
        uint64_t hi = v ? v->start : USER_END;
        if (hi > lo && hi - lo >= len && (!v || v->kind != VMA_HEAP))
            best = hi - len;
        if (!v)
            break;
        lo = v->kind == VMA_HEAP ? v->end + (64UL << 20) : v->end;   /* room for brk */
    }
    return best;
}

int vm_release(struct proc *p, uint64_t start)
{
    struct vma **pp = &p->vm->vmas;

    while (*pp && (*pp)->start != start)
        pp = &(*pp)->next;
    if (!*pp || (*pp)->kind != VMA_RESERVE)
        return -VE_INVAL;
    struct vma *v = *pp;
    vm_decommit(p, v->start, v->end - v->start);
    *pp = v->next;
    kfree(v);
    return 0;
}

/* ---- commit and decommit ---------------------------------------------- */

/* True if every page of [va, end) lies in one of p's VMAs. */
static bool covered(struct proc *p, uint64_t va, uint64_t end)
{
    while (va < end) {
        struct vma *v = vm_find(p, va);
        if (!v)
            return false;
        va = v->end;
    }
    return true;
}

/* Pages of [va, end) that are not committed yet (tables are not created). */
static uint64_t count_uncommitted(struct proc *p, uint64_t va, uint64_t end)
{
    uint64_t n = 0;

    for (; va < end; va += PAGE_SIZE) {
        pte_t *e = vm_pte(p, va, false);
        if (!e || !(*e & PTE_COMMIT))
            n++;
    }
    return n;
}

/* Give the demand-zero page at *e (va) its frame, unless it has one.  0 or
 * -VE_NOMEM.  Always inlined: a watchpoint on a PTE then stops in page_in
 * itself, as docs/debugging.md walks through (gcc stopped inlining it on
 * its own when p->vm became a pointer). */
static inline __attribute__((always_inline)) int materialize(struct proc *p, pte_t *e)
{
    uint64_t pfn;

    if (*e & PTE_V)
        return 0;                       /* already has its frame */
    if (!(pfn = frame_alloc(FR_PROC, (uint32_t)p->tgid)))
        return -VE_NOMEM;
    *e = (*e & ~PTE_PFN_BITS) | PFN_TO_PTE(pfn) | PTE_V;
    p->vm->resident++;
    return 0;
}

static int charge_pages(struct proc *p, uint64_t n, bool charge)
{
    if (charge && p->vm->charged + p->vm->donated + n > proc_limit_pages())
        return -VE_NOMEM;
    return commit_charge(n);
}

/* Finish a vm_commit: clear PTE_NEW on [va, end), or on failure drop the
 * pages that carry it (only those this call committed). */
static void commit_finish(struct proc *p, uint64_t va, uint64_t end, bool undo)
{
    for (; va < end; va += PAGE_SIZE) {
        pte_t *e = vm_pte(p, va, false);
        if (!e || !(*e & PTE_NEW))
            continue;
        *e &= ~PTE_NEW;
        if (undo && drop_pte(p, e))
            vm_tlb_flush(p, va);
    }
}

int vm_commit(struct proc *p, uint64_t va, uint64_t len, pte_t prot, unsigned flags)
{
    uint64_t end = va + len, a;
    bool charge = flags & VMC_CHARGE;

    if ((va | len) & PAGE_MASK || end < va || !covered(p, va, end))
        return -VE_INVAL;
    uint64_t n = count_uncommitted(p, va, end);
    int r = charge_pages(p, n, charge);
    if (r)
        return r;
    for (a = va; a < end && !r; a += PAGE_SIZE) {
        pte_t *e = vm_pte(p, a, true);
        if (!e) {
            r = -VE_NOMEM;
            break;
        }
        if (*e & PTE_COMMIT)
            continue;
        *e = prot | PTE_COMMIT | PTE_NEW | (charge ? 0 : PTE_NOCHARGE);
        n--;
        p->vm->committed++;
        if (charge)
            p->vm->charged++;
        /* LAB(pgtbl): BEGIN SOLUTION */
        /* LAB(pgtbl): STUB: r = materialize(p, e); */
        if (flags & VMC_POPULATE)
            r = materialize(p, e);
        /* LAB(pgtbl): END SOLUTION */
    }
    commit_uncharge(n);                 /* pages a failure left uncommitted */
    commit_finish(p, va, a, r != 0);
    return r;
}

void vm_decommit(struct proc *p, uint64_t va, uint64_t len)
{
    uint64_t end = va + len, dropped = 0;

    for (; va < end; va += PAGE_SIZE) {
        pte_t *e = vm_pte(p, va, false);
        if (!e) {
            va = ROUNDUP(va + 1, 1UL << L2_SHIFT) - PAGE_SIZE;  /* no L3 table: skip it */
            continue;
        }
        if (*e & PTE_COMMIT && drop_pte(p, e) && dropped++ < 64)
            vm_tlb_flush(p, va);
    }
    if (dropped >= 64)
        tlb_flush_all(p);
}

int vm_map_data(struct proc *p, uint64_t va, const void *data, size_t n, pte_t prot,
                bool nocharge)
{
    int r = vm_commit(p, va, PAGE_SIZE, prot, (nocharge ? 0 : VMC_CHARGE) | VMC_POPULATE);

    if (r)
        return r;
    pte_t *e = vm_pte(p, va, false);
    memcpy(PFN_TO_KVA(PTE_PFN(*e)), data, MIN(n, PAGE_SIZE));
    return 0;
}

/* ---- brk -------------------------------------------------------------- */

static struct vma *heap_vma(struct proc *p)
{
    for (struct vma *v = p->vm->vmas; v; v = v->next)
        if (v->kind == VMA_HEAP)
            return v;
    return NULL;
}

uint64_t vm_brk(struct proc *p, uint64_t addr)
{
    struct vma *h = heap_vma(p);
    uint64_t old_top = ROUNDUP(p->vm->brk, PAGE_SIZE), top = ROUNDUP(addr, PAGE_SIZE);

    if (!h || addr < p->vm->brk_base || addr >= USER_END)
        return p->vm->brk;
    if (top > old_top) {
        if (!range_free(p, h->end, top) && top > h->end)
            return p->vm->brk;            /* would run into another VMA */
        uint64_t old_end = h->end;
        h->end = MAX(h->end, top);
        if (vm_commit(p, old_top, top - old_top, PROT_DATA, VMC_CHARGE)) {
            h->end = old_end;
            return p->vm->brk;
        }
    } else if (top < old_top) {
        vm_decommit(p, top, old_top - top);
        h->end = MAX(top, h->start);
    }
    p->vm->brk = addr;
    return addr;
}

/* ---- faults ------------------------------------------------------------ */

static struct vma *stack_vma(struct proc *p)
{
    for (struct vma *v = p->vm->vmas; v; v = v->next)
        if (v->kind == VMA_STACK)
            return v;
    return NULL;
}

/*
 * Make the page at va present if it may be: a demand-zero page gets its
 * frame; an address in the stack reservation above the guard page commits
 * (charged) everything from there up to the stack's current low end.
 * Returns 0, or the VSIG_* with *why set.
 */
static int page_in(struct proc *p, uint64_t va, const char **why)
{
    pte_t *e = vm_pte(p, va, false);
    struct vma *s;

    if (e && (*e & PTE_V))
        return 0;
    /* LAB(pgtbl): BEGIN SOLUTION */
    if (e && (*e & PTE_COMMIT)) {
        *why = "out of memory";
        if (materialize(p, e))
            return VSIG_XCPU;
        ktrace(TRACE_OS_PAGEIN, va, PTE_PFN(*e) << PAGE_SHIFT, 0, 0, 0);
        return 0;
    }
    /* LAB(pgtbl): END SOLUTION */
    s = stack_vma(p);
    if (s && va >= s->start && va < p->vm->stack_low) {
        uint64_t low = ROUNDDOWN(va, PAGE_SIZE);
        if (low < s->start + PAGE_SIZE) {
            /* The guard page's first byte with a valloc range below it: an
             * access that straddled up out of that range (the PAL reports
             * the page it crossed into), not a stack growing down. */
            struct vma *below = va == s->start ? vm_find(p, va - 1) : NULL;
            *why = below && below->kind == VMA_RESERVE
                   ? "access past the end of a valloc range (into the stack's guard page)"
                   : "stack overflow (guard page)";
            return VSIG_SEGV;
        }
        if (vm_commit(p, low, p->vm->stack_low - low, PROT_DATA, VMC_CHARGE)) {
            *why = "stack overflow (commit limit)";
            return VSIG_XCPU;
        }
        p->vm->stack_low = low;
        e = vm_pte(p, va, false);
        *why = "out of memory";
        if (materialize(p, e))
            return VSIG_XCPU;
        ktrace(TRACE_OS_PAGEIN, va, PTE_PFN(*e) << PAGE_SHIFT, 1, 0, 0);
        return 0;
    }
    *why = va < USER_BASE ? "null pointer dereference" : "access to unmapped memory";
    return VSIG_SEGV;
}

/* The page-fault path's demand paging (entMM from user mode), kept a
 * function of its own so a debugger's `b fault_in` stops at user faults
 * only; copyin/copyout page in through page_in directly. */
__attribute__((noinline)) static int fault_in(struct proc *p, uint64_t va, const char **why)
{
    return page_in(p, va, why);
}

/*
 * Give p its own copy of the copy-on-write page at *e (va): a new frame
 * with the shared one's bytes, or, when p holds the last reference, the
 * shared frame itself.  The frame is always there: vm_fork committed the
 * page for p, so the books hold one frame for it.  0 or -VE_NOMEM (the
 * books were wrong; the PTE is unchanged).
 */
/* LAB(cow): BEGIN SOLUTION */
/* LAB(cow): STUB: static int cow_break(struct proc *p, uint64_t va, pte_t *e) */
/* LAB(cow): STUB: { */
/* LAB(cow): STUB:     (void)p, (void)va, (void)e; */
/* LAB(cow): STUB:     return -VE_NOMEM; */
/* LAB(cow): STUB: } */
static int cow_break(struct proc *p, uint64_t va, pte_t *e)
{
    uint64_t old = PTE_PFN(*e), pfn = old;
    struct frame *f = frame_db(old);

    if (f->state == FR_COW && f->aux > 1) {
        if (!(pfn = frame_alloc(FR_PROC, (uint32_t)p->tgid)))
            return -VE_NOMEM;
        memcpy(PFN_TO_KVA(pfn), PFN_TO_KVA(old), PAGE_SIZE);
        if (!(*e & PTE_FOE))
            pal_imb(pfn << PAGE_SHIFT, PAGE_SIZE);
        frame_unshare(old);
    } else {
        frame_set(old, FR_PROC, (uint32_t)p->tgid);   /* the last reference: keep it */
        f->aux = 0;
    }
    *e = (*e & ~(PTE_PFN_BITS | PTE_FOW)) | PFN_TO_PTE(pfn);
    p->vm->shared--;
    p->vm->resident++;
    vm_tlb_flush(p, va);
    /* code 2: a copy, 3: the last reference kept (trace/text.c names them) */
    ktrace(TRACE_OS_PAGEIN, va, pfn << PAGE_SHIFT, pfn == old ? 3 : 2, old << PAGE_SHIFT, 0);
    return 0;
}
/* LAB(cow): END SOLUTION */

bool vm_pte_shared(pte_t pte)
{
    return (pte & (PTE_V | PTE_FOW | PTE_VLMMAP)) == (PTE_V | PTE_FOW);
}

/* The write fault on a copy-on-write page (MM_FOW), a function of its own
 * so a debugger's `b cow_fault` stops at these only.  A page the process
 * may not write at all is not copied: that is an access violation. */
__attribute__((noinline)) static int cow_fault(struct proc *p, uint64_t va, const char **why)
{
    pte_t *e = vm_pte(p, va, false);

    if (!e || !vm_pte_shared(*e) || !(*e & PTE_UWE)) {
        *why = "write to read-only memory";
        return VSIG_SEGV;
    }
    *why = "out of memory";
    return cow_break(p, va, e) ? VSIG_XCPU : 0;
}

/* Why an access that found a valid PTE (or a superpage) was refused. */
static const char *violation(struct proc *p, uint64_t va, int mmcsr, int cause)
{
    pte_t *e;

    if (!VA_CANONICAL(va))
        return "access to a non-canonical address";
    if (va >= VLM_WINDOW_END)
        return "access to kernel memory";
    if (!user_va_ok(va))
        return "access to unmapped memory";
    if (mmcsr == MM_FOE)
        return "execute of non-executable memory";
    e = vm_pte(p, va, false);
    if (cause == MM_CAUSE_STORE && e && (*e & PTE_V) && !(*e & PTE_UWE))
        return "write to read-only memory";
    return "access violation";
}

int vm_fault(struct proc *p, uint64_t va, int mmcsr, int cause, char *why, size_t n)
{
    const char *reason = NULL;
    int sig = 0;

    if (mmcsr == MM_FOW && cause == MM_CAUSE_STORE && user_va_ok(va))
        sig = cow_fault(p, va, &reason);
    else if (mmcsr == MM_TNV && user_va_ok(va))
        sig = fault_in(p, va, &reason);
    else if (mmcsr == MM_TNV && va < USER_BASE)
        sig = VSIG_SEGV, reason = "null pointer dereference";
    else
        sig = VSIG_SEGV, reason = violation(p, va, mmcsr, cause);
    if (sig)
        ksnprintf(why, n, "%s: %s at va %#lx", reason,
                  cause == MM_CAUSE_FETCH ? "fetch" : cause == MM_CAUSE_STORE ? "store" : "load",
                  (unsigned long)va);
    return sig;
}

/* ---- copyin / copyout ------------------------------------------------- */

/* KSEG43 pointer to user byte va for reading or writing, or NULL. */
static uint8_t *user_byte(struct proc *p, uint64_t va, bool write)
{
    const char *why;

    if (!user_va_ok(va) || page_in(p, va, &why))
        return NULL;
    pte_t *e = vm_pte(p, va, false);
    if (!(*e & PTE_URE) || (write && !(*e & PTE_UWE)))
        return NULL;
    if (write && vm_pte_shared(*e) && cow_break(p, ROUNDDOWN(va, PAGE_SIZE), e))
        return NULL;                    /* the kernel's store copies, as the user's would */
    pte_t pte = *e;
    return (uint8_t *)PFN_TO_KVA(PTE_PFN(pte)) + (va & PAGE_MASK);
}

static int copy_user(struct proc *p, uint64_t uva, void *kbuf, size_t len, bool to_user)
{
    uint8_t *k = kbuf;

    while (len) {
        size_t chunk = MIN(len, PAGE_SIZE - (uva & PAGE_MASK));
        uint8_t *u = user_byte(p, uva, to_user);
        if (!u)
            return -VE_FAULT;
        if (to_user)
            memcpy(u, k, chunk);
        else
            memcpy(k, u, chunk);
        uva += chunk;
        k += chunk;
        len -= chunk;
    }
    return 0;
}

int copyin(struct proc *p, void *dst, uint64_t uva, size_t len)
{
    return copy_user(p, uva, dst, len, false);
}

int copyout(struct proc *p, uint64_t uva, const void *src, size_t len)
{
    return copy_user(p, uva, (void *)src, len, true);
}

int copyinstr(struct proc *p, char *dst, uint64_t uva, size_t max)
{
    for (size_t i = 0; i < max; i++) {
        uint8_t *u = user_byte(p, uva + i, false);
        if (!u)
            return -VE_FAULT;
        dst[i] = (char)*u;
        if (!*u)
            return (int)i;
    }
    return -VE_NAMETOOLONG;
}

/* ---- frames that leave a process, frames mapped into one (vm.h) ------- */

/* Flush the TLB entries of n pages at va (all of p's entries if many). */
static void flush_range(struct proc *p, uint64_t va, uint64_t n)
{
    if (n > 64)
        tlb_flush_all(p);
    else
        for (uint64_t i = 0; i < n; i++)
            vm_tlb_flush(p, va + i * PAGE_SIZE);
}

int vm_donate(struct proc *p, uint64_t va, uint64_t npages, uint32_t *pfns, uint64_t *done)
{
    int err = 0;

    *done = 0;
    /* LAB(vlm): BEGIN SOLUTION */
    /* LAB(vlm): STUB: flush_range(p, va, 0); */
    /* LAB(vlm): STUB: (void)npages, (void)pfns, (void)err; */
    /* LAB(vlm): STUB: return -VE_NOSYS; */
    for (uint64_t i = 0; i < npages; i++) {
        pte_t *e = vm_pte(p, va + i * PAGE_SIZE, false);
        if (!e || !(*e & PTE_COMMIT) || (*e & (PTE_NOCHARGE | PTE_VLMMAP)))
            return -VE_INVAL;
    }
    for (uint64_t i = 0; i < npages; i++) {
        pte_t *e = vm_pte(p, va + i * PAGE_SIZE, false);
        if ((!(*e & PTE_V) && materialize(p, e)) ||
            (vm_pte_shared(*e) && cow_break(p, va + i * PAGE_SIZE, e))) {
            err = -VE_NOMEM;            /* a shared frame is never donated: p's copy is */
            break;
        }
        pfns[i] = (uint32_t)PTE_PFN(*e);
        frame_set(PTE_PFN(*e), FR_VLM, (uint32_t)p->tgid);
        *e = 0;                          /* unmapped: the donor cannot reach it */
        p->vm->resident--;
        p->vm->committed--;
        p->vm->charged--;
        p->vm->donated++;
        (*done)++;
    }
    /* On every path: a page that left the tables must leave the TLB too, or
     * the donor could still reach a frame that is the driver's now. */
    flush_range(p, va, *done);
    return err;
    /* LAB(vlm): END SOLUTION */
}

void vm_undonate(struct proc *p, uint64_t n)
{
    if (n > p->vm->donated)
        panic("vm_undonate: pid %d has %lu donated pages, not %lu", p->pid,
              (unsigned long)p->vm->donated, (unsigned long)n);
    p->vm->donated -= n;
}

bool vm_window_range_ok(uint64_t va, uint64_t n)
{
    /* va is checked against the end before the subtraction, which would
     * wrap for a va past it (0xFFFFFFFFFFFFE000 made page 0 a window page). */
    return !(va & PAGE_MASK) && va >= VLM_WINDOW && va < VLM_WINDOW_END && n &&
           n <= (VLM_WINDOW_END - va) >> PAGE_SHIFT;
}

/* Largest granularity hint for the run at pfns[i] mapped at va: 8^g pages
 * contiguous in PA, aligned in both VA and PA, all within n. */
static unsigned gh_for(uint64_t va, const uint32_t *pfns, uint64_t i, uint64_t n)
{
    for (unsigned g = 3; g > 0; g--) {
        uint64_t np = GH_PAGES(g);
        if (((va >> PAGE_SHIFT) & (np - 1)) || (pfns[i] & (np - 1)) || i + np > n)
            continue;
        uint64_t k = 1;
        while (k < np && pfns[i + k] == pfns[i] + k)
            k++;
        if (k == np)
            return g;
    }
    return 0;
}

int64_t vm_map_window(struct proc *p, uint64_t va, const uint32_t *pfns, uint64_t n, bool writable,
                      uint64_t *gh_ptes)
{
    pte_t prot = PTE_KRE | PTE_URE | PTE_FOE | (writable ? PTE_KWE | PTE_UWE : 0);

    *gh_ptes = 0;
    if (!vm_window_range_ok(va, n))
        return -VE_INVAL;
    for (uint64_t i = 0; i < n; ) {
        unsigned g = gh_for(va + i * PAGE_SIZE, pfns, i, n);
        if (g)
            *gh_ptes += GH_PAGES(g);
        for (uint64_t k = 0; k < GH_PAGES(g); k++, i++) {
            pte_t *e = vm_pte(p, va + i * PAGE_SIZE, true);
            if (!e || *e) {
                vm_unmap_window(p, va, i);
                return e ? -VE_INVAL : -VE_NOMEM;
            }
            *e = PFN_TO_PTE(pfns[i]) | prot | ((pte_t)g << PTE_GH_SHIFT) | PTE_VLMMAP | PTE_V;
            p->vm->window_ptes++;
            frame_db(pfns[i])->vlm_maps++;        /* for the live view only */
        }
    }
    return (int64_t)n;
}

/* Free the table *e points to if every entry in it is zero. */
static bool prune(struct proc *p, pte_t *e)
{
    pte_t *t = table_of(*e);

    for (unsigned i = 0; i < PT_ENTRIES; i++)
        if (t[i])
            return false;
    budget_frame_free(VB_PTABLE, PTE_PFN(*e));
    *e = 0;
    p->vm->ptables--;
    return true;
}

/* After an unmap, free the L3 (and L2) tables of [va, va + n pages) that are
 * empty now: a big window must not leave megabytes of empty tables behind. */
static void prune_tables(struct proc *p, uint64_t va, uint64_t n)
{
    pte_t *l1 = PFN_TO_KVA(p->vm->l1_pfn);
    uint64_t end = va + n * PAGE_SIZE;

    for (uint64_t a = ROUNDDOWN(va, 1UL << L2_SHIFT); a < end; a += 1UL << L2_SHIFT) {
        pte_t *e1 = &l1[L1_INDEX(a)];
        if (!(*e1 & PTE_V))
            continue;
        pte_t *e2 = &table_of(*e1)[L2_INDEX(a)];
        if ((*e2 & PTE_V) && prune(p, e2))
            prune(p, e1);
    }
}

uint64_t vm_unmap_window(struct proc *p, uint64_t va, uint64_t n)
{
    uint64_t removed = 0;

    for (uint64_t i = 0; i < n; i++) {
        pte_t *e = vm_pte(p, va + i * PAGE_SIZE, false);
        if (!e || !(*e & PTE_VLMMAP))
            continue;
        drop_pte(p, e);
        removed++;
    }
    if (removed) {
        tlb_flush_all(p);
        prune_tables(p, va, n);
    }
    return removed;
}
