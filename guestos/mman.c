/*
 * mman.c — mmap, munmap, mprotect, madvise (see mman.h).
 */
#include "guestos/mman.h"
#include "guestos/file.h"
#include "guestos/kalloc.h"
#include "guestos/palcall.h"
#include "guestos/proc.h"

#define SMALL_PAGE 4096UL             /* what Linux programs think a page is */

/* Linux PROT_* as PTE protection bits.  Write implies read; PROT_NONE keeps
 * only the kernel's read bit (a user access faults). */
static pte_t prot_pte(uint64_t prot)
{
    pte_t pte = PTE_KRE;

    if (prot & (VPROT_READ | VPROT_WRITE | VPROT_EXEC))
        pte |= PTE_URE;
    if (prot & VPROT_WRITE)
        pte |= PTE_KWE | PTE_UWE;
    if (!(prot & VPROT_EXEC))
        pte |= PTE_FOE;
    return pte;
}

/* A length that rounds to whole pages without wrapping, inside user space. */
static bool len_ok(uint64_t len)
{
    return len && len <= USER_END;
}

/* Remove [s, e) from the VMA_RESERVE v (s, e inside it): its pages are
 * decommitted; v shrinks, goes, or splits in two.  0 or -VE_NOMEM (no
 * memory for the second half; nothing changed). */
static int cut_vma(struct proc *p, struct vma *v, uint64_t s, uint64_t e)
{
    if (s > v->start && e < v->end) {
        struct vma *t = kmalloc(sizeof(*t));
        if (!t)
            return -VE_NOMEM;
        *t = (struct vma){ e, v->end, v->kind, v->next };
        v->next = t;
        v->end = e;
    }
    vm_decommit(p, s, e - s);
    if (s == v->start && e == v->end)
        return vm_release(p, v->start);
    if (s == v->start)
        v->start = e;
    else
        v->end = s;
    return 0;
}

/* Unmap the VMA_RESERVE parts of [addr, end).  0 or -VE_NOMEM. */
static int unmap_range(struct proc *p, uint64_t addr, uint64_t end)
{
    struct vma *v = p->vm.vmas;

    while (v && v->start < end) {
        struct vma *next = v->next;
        if (v->kind == VMA_RESERVE && v->end > addr) {
            int r = cut_vma(p, v, MAX(addr, v->start), MIN(end, v->end));
            if (r)
                return r;
        }
        v = next;
    }
    return 0;
}

int64_t sys_munmap(const uint64_t a[6])
{
    uint64_t addr = a[0], len = a[1];

    if (addr & PAGE_MASK || !len_ok(len) || addr >= USER_END || len > USER_END - addr)
        return -VE_INVAL;
    return unmap_range(curproc, addr, addr + ROUNDUP(len, PAGE_SIZE));
}

/* True if [s, e) meets no VMA. */
static bool range_free(struct proc *p, uint64_t s, uint64_t e)
{
    for (struct vma *v = p->vm.vmas; v; v = v->next)
        if (v->start < e && s < v->end)
            return false;
    return true;
}

/* Where an mmap of size bytes goes: the hint if it is free, else the
 * highest free range; MAP_FIXED replaces what is there (mmap'd pages
 * only).  The address, or -VE_*. */
static int64_t place(struct proc *p, uint64_t addr, uint64_t size, uint64_t flags)
{
    bool in_user = addr >= USER_BASE && addr < USER_END && size <= USER_END - addr;

    if (flags & (VMAP_FIXED | VMAP_FIXED_NOREPLACE)) {
        if (addr & PAGE_MASK || !in_user)
            return -VE_INVAL;
        if (range_free(p, addr, addr + size))
            return (int64_t)addr;
        if (flags & VMAP_FIXED_NOREPLACE)
            return -VE_EXIST;
        int r = unmap_range(p, addr, addr + size);
        if (r)
            return r;
        return range_free(p, addr, addr + size) ? (int64_t)addr : -VE_NOMEM;
    }
    addr = ROUNDDOWN(addr, PAGE_SIZE);
    if (in_user && addr && range_free(p, addr, addr + size))
        return (int64_t)addr;
    addr = vm_find_free(p, size);
    return addr ? (int64_t)addr : -VE_NOMEM;
}

int64_t sys_mmap(const uint64_t a[6])
{
    struct proc *p = curproc;
    uint64_t len = a[1], prot = a[2], flags = a[3], type = flags & 3;
    int64_t addr;
    int r;

    if (!len_ok(len) || (type != VMAP_PRIVATE && type != VMAP_SHARED) ||
        prot & ~(uint64_t)(VPROT_READ | VPROT_WRITE | VPROT_EXEC) || a[5] & (SMALL_PAGE - 1))
        return -VE_INVAL;
    if (!(flags & VMAP_ANONYMOUS))
        return (int64_t)a[4] < 0 || !fd_file(a[4]) ? -VE_BADF : -VE_NODEV;
    uint64_t size = ROUNDUP(len, PAGE_SIZE);
    if ((addr = place(p, a[0], size, flags)) < 0)
        return addr;
    if ((r = vm_reserve(p, (uint64_t)addr, size, VMA_RESERVE)) != 0)
        return r;
    if (prot && (r = vm_commit(p, (uint64_t)addr, size, prot_pte(prot), VMC_CHARGE)) != 0) {
        vm_release(p, (uint64_t)addr);
        return r;
    }
    return addr;
}

/* Change one page's protection: a committed page gets new bits (and a
 * resident one becomes visible to instruction fetch if now executable); an
 * uncommitted page of an mmap reservation is committed, charged.  0 or
 * -VE_NOMEM. */
static int protect_page(struct proc *p, uint64_t va, pte_t prot, bool none)
{
    pte_t *e = vm_pte(p, va, false);

    if (!e || !(*e & PTE_COMMIT)) {
        struct vma *v = vm_find(p, va);
        if (none || v->kind != VMA_RESERVE)
            return 0;
        return vm_commit(p, va, PAGE_SIZE, prot, VMC_CHARGE);
    }
    *e = (*e & ~PROT_BITS) | prot;
    if ((*e & PTE_V) && !(prot & PTE_FOE))
        pal_imb(PTE_PFN(*e) << PAGE_SHIFT, PAGE_SIZE);
    vm_tlb_flush(p, va);
    return 0;
}

int64_t sys_mprotect(const uint64_t a[6])
{
    struct proc *p = curproc;
    uint64_t addr = a[0], len = a[1], prot = a[2];

    if (addr & (SMALL_PAGE - 1) || prot & ~(uint64_t)(VPROT_READ | VPROT_WRITE | VPROT_EXEC) ||
        addr >= USER_END || len > USER_END - addr)
        return -VE_INVAL;
    uint64_t s = ROUNDUP(addr, PAGE_SIZE), e = ROUNDDOWN(addr + ROUNDUP(len, SMALL_PAGE), PAGE_SIZE);
    for (uint64_t va = ROUNDDOWN(addr, PAGE_SIZE); va < addr + len; va += PAGE_SIZE)
        if (!vm_find(p, va))
            return -VE_NOMEM;
    for (uint64_t va = s; va < e; va += PAGE_SIZE) {
        int r = protect_page(p, va, prot_pte(prot), !prot);
        if (r)
            return r;
    }
    return 0;
}

int64_t sys_madvise(const uint64_t a[6])
{
    struct proc *p = curproc;
    uint64_t addr = a[0], len = a[1], advice = a[2];

    if (addr & PAGE_MASK || advice > 100 || addr >= USER_END || len > USER_END - addr)
        return -VE_INVAL;
    if (advice != VMADV_DONTNEED)
        return 0;
    for (uint64_t va = addr; va < addr + len; va += PAGE_SIZE) {
        struct vma *v = vm_find(p, va);
        pte_t *e = vm_pte(p, va, false);
        if (!v)
            return -VE_NOMEM;
        if (v->kind != VMA_RESERVE || !e || !(*e & PTE_V))
            continue;
        pte_t prot = *e & PROT_BITS;
        vm_decommit(p, va, PAGE_SIZE);           /* frees the frame and the charge... */
        if (vm_commit(p, va, PAGE_SIZE, prot, VMC_CHARGE))   /* ...taken back at once */
            panic("madvise: recommit of a page just freed failed");
    }
    return 0;
}
