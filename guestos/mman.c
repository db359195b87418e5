/*
 * mman.c — mmap, munmap, mprotect, madvise (see mman.h).
 */
#include "guestos/mman.h"
#include "guestos/file.h"
#include "guestos/kalloc.h"
#include "guestos/palcall.h"
#include "guestos/proc.h"
#include "guestos/ramfs.h"

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

/* Unmap the VMA_RESERVE parts of [addr, end).  0 or -VE_NOMEM, and then
 * nothing changed: only a range strictly inside one VMA needs a split (the
 * one allocation), and then that VMA is the only one the range meets. */
static int unmap_range(struct proc *p, uint64_t addr, uint64_t end)
{
    struct vma *v = p->vm->vmas;

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
    for (struct vma *v = p->vm->vmas; v; v = v->next)
        if (v->start < e && s < v->end)
            return false;
    return true;
}

/* True if every VMA meeting [s, e) is mmap'd (VMA_RESERVE): what MAP_FIXED
 * may replace.  An image, heap or stack range is never replaced. */
static bool only_mmapped(struct proc *p, uint64_t s, uint64_t e)
{
    for (struct vma *v = p->vm->vmas; v; v = v->next)
        if (v->start < e && s < v->end && v->kind != VMA_RESERVE)
            return false;
    return true;
}

/* Where an mmap of size bytes goes: the hint if it is free, else the
 * highest free range; MAP_FIXED replaces what is there if it is all
 * mmap'd pages, and is refused (-VE_NOMEM, nothing changed) if the range
 * meets the image, heap or stack.  The address, or -VE_*. */
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
        if (!only_mmapped(p, addr, addr + size))
            return -VE_NOMEM;           /* refused before anything is unmapped */
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

/* Fill the fresh mapping [addr, addr + size), committed read-write, from
 * file f at off (a read-only private file mapping is a copy: VLM/OS has no
 * page cache); bytes past the end of the file read zero.  0 or -VE_*. */
static int64_t fill_from_file(struct file *f, uint64_t addr, uint64_t size, uint64_t off)
{
    uint64_t saved = f->off;
    int64_t n = 0;

    f->off = off;
    for (uint64_t done = 0; done < size && n >= 0; done += (uint64_t)n) {
        n = f->ops->read(f, addr + done, size - done);
        if (n == 0)
            break;
    }
    f->off = saved;
    return n < 0 ? n : 0;
}

/* The checks of a file mapping, Linux's order: -VE_BADF, -VE_NODEV (not a
 * regular file: pipes, devices, directories; and MAP_SHARED, which VLM/OS
 * does not do for files), -VE_ACCES (not open for reading). */
static int64_t file_map_ok(uint64_t fd, uint64_t flags, struct file **out)
{
    struct file *f = (int64_t)fd < 0 ? NULL : fd_file(fd);

    if (!f)
        return -VE_BADF;
    if ((!f->data && ramfs_size(f) < 0) || (flags & 3) != VMAP_PRIVATE)
        return -VE_NODEV;
    if (f->mode == VO_WRONLY)
        return -VE_ACCES;
    *out = f;
    return 0;
}

static int protect_page(struct proc *p, uint64_t va, pte_t prot, bool none);

int64_t sys_mmap(const uint64_t a[6])
{
    struct proc *p = curproc;
    uint64_t len = a[1], prot = a[2], flags = a[3], type = flags & 3;
    struct file *f = NULL;
    int64_t addr;
    int r;

    if (!len_ok(len) || (type != VMAP_PRIVATE && type != VMAP_SHARED) ||
        prot & ~(uint64_t)(VPROT_READ | VPROT_WRITE | VPROT_EXEC) || a[5] & (SMALL_PAGE - 1))
        return -VE_INVAL;
    if (!(flags & VMAP_ANONYMOUS) && (addr = file_map_ok(a[4], flags, &f)) < 0)
        return addr;
    uint64_t size = ROUNDUP(len, PAGE_SIZE);
    if ((addr = place(p, a[0], size, flags)) < 0)
        return addr;
    if ((r = vm_reserve(p, (uint64_t)addr, size, VMA_RESERVE)) != 0)
        return r;
    pte_t first = f ? prot_pte(VPROT_READ | VPROT_WRITE) : prot_pte(prot);
    if ((prot || f) && (r = vm_commit(p, (uint64_t)addr, size, first, VMC_CHARGE)) != 0) {
        vm_release(p, (uint64_t)addr);
        return r;
    }
    if (f && (r = (int)fill_from_file(f, (uint64_t)addr, size, a[5])) != 0) {
        unmap_range(p, (uint64_t)addr, (uint64_t)addr + size);
        return r;
    }
    for (uint64_t va = (uint64_t)addr; f && va < (uint64_t)addr + size; va += PAGE_SIZE)
        protect_page(p, va, prot_pte(prot), false);     /* committed: cannot fail */
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
    /* A frame shared since fork keeps PTE_FOW: made writable, it is copied
     * at the first write, never written in place. */
    *e = (*e & ~PROT_BITS) | prot | (vm_pte_shared(*e) ? PTE_FOW : 0);
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
        /* ...taken back at once.  That cannot fail today (the charge was
         * just returned and nothing ran since), but if it did, the caller,
         * not the kernel, pays: the page stays reserved only. */
        if (vm_commit(p, va, PAGE_SIZE, prot, VMC_CHARGE))
            return -VE_NOMEM;
    }
    return 0;
}

/* Move the pages of [from, from + len) to [to, to + len) (a fresh
 * reservation): PTEs move with their frames and charge, nothing is copied.
 * 0 or -VE_NOMEM (no page table at to; pages moved so far stay moved). */
static int move_pages(struct proc *p, uint64_t from, uint64_t to, uint64_t len)
{
    for (uint64_t i = 0; i < len; i += PAGE_SIZE) {
        pte_t *src = vm_pte(p, from + i, false), *dst;
        if (!src || !(*src & PTE_COMMIT))
            continue;
        if (!(dst = vm_pte(p, to + i, true)))
            return -VE_NOMEM;
        src = vm_pte(p, from + i, false);       /* creating dst may not move it, but be sure */
        *dst = *src;
        *src = 0;
        vm_tlb_flush(p, from + i);
        vm_tlb_flush(p, to + i);
    }
    return 0;
}

/* Grow [old, old + olen) to nlen where it is: the new pages get the
 * protection of the last old page (reserved only if it has none). */
static int grow_in_place(struct proc *p, uint64_t old, uint64_t olen, uint64_t nlen)
{
    pte_t *e = vm_pte(p, old + olen - PAGE_SIZE, false);
    int r = vm_reserve(p, old + olen, nlen - olen, VMA_RESERVE);

    if (r || !e || !(*e & PTE_COMMIT))
        return r;
    if ((r = vm_commit(p, old + olen, nlen - olen, *e & PROT_BITS, VMC_CHARGE)) != 0)
        vm_release(p, old + olen);
    return r;
}

/* The checks of mremap, Linux's answers: -VE_INVAL for a bad address,
 * length or flag, -VE_FAULT if the old range is not one mmap'd mapping. */
static int remap_ok(struct proc *p, const uint64_t a[6], uint64_t olen, uint64_t nlen)
{
    uint64_t old = a[0], flags = a[3];
    struct vma *v;

    if (old & PAGE_MASK || flags & ~(uint64_t)(VMREMAP_MAYMOVE | VMREMAP_FIXED) ||
        ((flags & VMREMAP_FIXED) && !(flags & VMREMAP_MAYMOVE)) || !len_ok(a[2]) || !olen)
        return -VE_INVAL;
    if ((flags & VMREMAP_FIXED) && (a[4] & PAGE_MASK || a[4] < USER_BASE ||
                                    a[4] >= USER_END || nlen > USER_END - a[4] ||
                                    (a[4] < old + olen && old < a[4] + nlen)))
        return -VE_INVAL;
    if (old >= USER_END || olen > USER_END - old)
        return -VE_FAULT;
    for (uint64_t va = old; va < old + olen; va = v->end)   /* adjacent mmaps are one */
        if (!(v = vm_find(p, va)) || v->kind != VMA_RESERVE)
            return -VE_FAULT;
    return 0;
}

int64_t sys_mremap(const uint64_t a[6])
{
    struct proc *p = curproc;
    uint64_t old = a[0], olen = ROUNDUP(a[1], PAGE_SIZE), nlen = ROUNDUP(a[2], PAGE_SIZE), to;
    int r = remap_ok(p, a, olen, nlen);

    if (r)
        return r;
    if (!(a[3] & VMREMAP_FIXED) && nlen <= olen)
        return (r = unmap_range(p, old + nlen, old + olen)) ? r : (int64_t)old;
    if (!(a[3] & VMREMAP_FIXED) && range_free(p, old + olen, old + nlen))
        return (r = grow_in_place(p, old, olen, nlen)) ? r : (int64_t)old;
    if (!(a[3] & VMREMAP_MAYMOVE))
        return -VE_NOMEM;
    bool fixed = a[3] & VMREMAP_FIXED;
    int64_t at = place(p, fixed ? a[4] : 0, nlen, fixed ? VMAP_FIXED : 0);
    if (at < 0)
        return at;
    to = (uint64_t)at;                  /* [to, to + nlen) is free: reserve it in two */
    if ((r = vm_reserve(p, to, MIN(olen, nlen), VMA_RESERVE)) != 0)
        return r;
    if ((r = move_pages(p, old, to, MIN(olen, nlen))) != 0 ||
        (nlen > olen && (r = grow_in_place(p, to, olen, nlen)) != 0))
        return r;
    return (r = unmap_range(p, old, old + olen)) ? r : (int64_t)to;
}
