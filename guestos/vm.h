/*
 * vm.h — process address spaces: three-level Alpha page tables, reserved
 * ranges (VMAs), commit accounting, demand-zero paging, stack growth, and the
 * software walk that copyin/copyout use.
 *
 * The page tables are the commit record (as VMS's demand-zero PTEs): a page
 * is committed when its L3 PTE has PTE_COMMIT.  With V clear it is a
 * demand-zero PTE whose protection bits are already those the page will
 * get; the first touch allocates a zero frame and sets V and the PFN.
 *
 * Accounting, in pages:
 *   - global: every committed page of every process plus the VLM driver's
 *     frames, at most commit_limit() (the frames free at boot minus a
 *     reserve for the kernel).  The commit is one of the kernel's frame
 *     budgets (budget.h): page tables, kernel stacks, the heap, pipes and
 *     RAM files are charged too, all against the frames free at boot, so a
 *     committed page can always get a frame;
 *   - per process: `charged + donated` at most the --proc-limit.  `charged`
 *     counts what the process allocates while it runs (brk, valloc, stack
 *     growth, the image's zero-fill pages); the image's pages that come from
 *     the file and the first USER_STACK_INIT bytes of stack are committed
 *     (globally) but not charged (PTE_NOCHARGE), as image sections are not
 *     charged on Windows.  That lets a VLM donor give exactly one limit.
 *
 * Every function takes the process whose space (p->vm) it changes; when that
 * is not the space running now, its TLB entries are dropped by giving the
 * space a new ASN.
 */
#ifndef GUESTOS_VM_H
#define GUESTOS_VM_H

#include "guestos/kernel.h"

struct proc;

/* Software PTE bits: PTE_COMMIT, PTE_VLMMAP, PTE_NOCHARGE (abi/vlmos_pte.h). */
#include "guestos/abi/vlmos_pte.h"
#include "guestos/abi/vlmos_boot.h"

/* Protections, as PTE bits.  FOE makes non-text pages non-executable. */
#define PROT_DATA   (PTE_KRE | PTE_URE | PTE_KWE | PTE_UWE | PTE_FOE)
#define PROT_BITS   (PTE_KRE | PTE_URE | PTE_KWE | PTE_UWE | PTE_FOE | PTE_FOR | PTE_FOW)
#define PTE_TABLE   (PTE_V | PTE_KRE | PTE_KWE)   /* an L1 or L2 entry */

#define USER_STACK_INIT VUSER_STACK_INIT   /* stack committed at exec, not charged */

enum vma_kind { VMA_IMAGE = 1, VMA_HEAP, VMA_STACK, VMA_RESERVE };

struct vma {
    uint64_t start, end;          /* page aligned, end exclusive */
    int kind;
    struct vma *next;             /* sorted by start */
};

/* An address space.  The threads of a group share one (CLONE_VM): each
 * struct proc points at it and holds a reference; the last vm_free frees
 * it.  The ASN is the space's, so every thread's TLB entries are the same
 * entries and one flush (vm_tlb_flush) serves them all. */
struct vmspace {
    int refs;                     /* threads pointing here */
    unsigned asn;                 /* address space number (sched.c) */
    uint32_t asn_gen;             /* 0: needs a new ASN at the next switch-in */
    uint64_t l1_pfn;              /* the L1 table (PTBR) */
    struct vma *vmas;
    uint64_t committed;           /* pages with PTE_COMMIT */
    uint64_t charged;             /* of those, charged to the limit */
    uint64_t donated;             /* pages donated (vm_donate), still charged */
    uint64_t resident;            /* private frames mapped (FR_PROC; not window pages) */
    uint64_t shared;              /* PTEs mapping a frame shared copy-on-write (FR_COW) */
    uint64_t window_ptes;         /* PTEs in the 64-bit window (vm_map_window) */
    uint64_t ptables;             /* page-table frames */
    uint64_t brk_base, brk;       /* heap: [brk_base, brk) */
    uint64_t stack_low;           /* lowest committed stack address */
};

/* flags of vm_commit */
#define VMC_CHARGE    1           /* count against the process limit */
#define VMC_POPULATE  2           /* allocate the frames now */

/* ---- global commit ---------------------------------------------------- */
void     vm_commit_init(void);    /* after frames_init: sets the global limit */
uint64_t commit_limit(void);
uint64_t commit_total(void);
uint64_t proc_limit_pages(void);
/* Charge/uncharge the global commit (a driver uses these for frames it
 * allocates itself).  charge returns 0 or -VE_NOMEM. */
int  commit_charge(uint64_t pages);
void commit_uncharge(uint64_t pages);

/* ---- address spaces ---------------------------------------------------- */
/* An empty space (an L1 table) for p, p->vm pointing at it with one
 * reference; its frames are owned by p->tgid.  0 or -VE_NOMEM (p->vm NULL). */
int  vm_init(struct proc *p);
/* Make p share from's space (CLONE_VM): one more reference.  Can't fail. */
void vm_share(struct proc *p, struct proc *from);
/* Drop p's reference and set p->vm to NULL; the last reference frees every
 * frame, table and VMA of the space and uncharges its commit (window PTEs
 * are dropped without freeing their frames).  No-op if p->vm is NULL. */
void vm_free(struct proc *p);

/*
 * vm_fork — make child's empty space (vm_init) a copy-on-write copy of
 * parent's: the same VMAs, break and stack; every committed page committed
 * again for the child (charged as in the parent, so a later copy can never
 * fail), every resident page shared: its frame becomes FR_COW (frames.h)
 * and both PTEs get PTE_FOW, so the first write of either faults and copies
 * (vm_fault).  The VLM window's PTEs are not copied (the child's window is
 * empty) and nothing donated is inherited.  Returns 0, or -VE_NOMEM (the
 * commit limit, or no frame for a page table); then the child's space holds
 * part of the copy (vm_free it) and the parent's pages stay shared, which
 * is harmless.
 */
int  vm_fork(struct proc *child, struct proc *parent);

/* True if pte maps a frame shared copy-on-write: a protection change must
 * keep PTE_FOW on it (mman.c's mprotect).  Can't fail. */
bool vm_pte_shared(pte_t pte);

/* The L3 PTE for va, or NULL if a table on the way is missing and !create
 * (or a table could not be allocated).  Tables created are FR_PT of p. */
pte_t *vm_pte(struct proc *p, uint64_t va, bool create);

/* Print every valid L1 and L2 entry of p's page tables and every nonzero L3
 * PTE (its VA, the PTE, the frame or "demand-zero") on the console, in VA
 * order (vmprint.c; the vmprint system call).  0, or -VE_NOSYS in the
 * pgtbl lab's starting tree. */
int vm_print(struct proc *p);

/* Add a VMA [start, start + len) of kind.  0, -VE_INVAL (unaligned, outside
 * user space) or -VE_NOMEM (overlaps another VMA, or no memory). */
int  vm_reserve(struct proc *p, uint64_t start, uint64_t len, int kind);
/* A free, page-aligned range of len bytes for valloc, highest first below
 * the stack; 0 if none. */
uint64_t vm_find_free(struct proc *p, uint64_t len);
/* The VMA containing va, or NULL. */
struct vma *vm_find(struct proc *p, uint64_t va);
/* Decommit and remove the VMA_RESERVE that starts at start.  0 or -VE_INVAL. */
int  vm_release(struct proc *p, uint64_t start);

/*
 * vm_commit — commit [va, va + len) (page aligned, inside p's VMAs) with
 * protection prot (PROT_*).  Already committed pages are left alone.  With
 * VMC_CHARGE the pages count against the process limit.  Returns 0,
 * -VE_NOMEM (limit or global commit exceeded, or no frame for a table;
 * nothing is committed then) or -VE_INVAL.
 */
int  vm_commit(struct proc *p, uint64_t va, uint64_t len, pte_t prot, unsigned flags);
/* Decommit [va, va + len): frames freed, charges returned, TLB entries
 * dropped.  Pages not committed are skipped.  Can't fail. */
void vm_decommit(struct proc *p, uint64_t va, uint64_t len);

/* Map a fresh frame at va holding `n` bytes of data (the rest zero), as a
 * committed page with prot; nocharge for image pages.  0 or -VE_NOMEM. */
int  vm_map_data(struct proc *p, uint64_t va, const void *data, size_t n, pte_t prot,
                 bool nocharge);

/* brk(2): move the break to addr (0 or out of range: leave it).  Returns the
 * break afterwards; the heap is committed, charged, up to it. */
uint64_t vm_brk(struct proc *p, uint64_t addr);

/*
 * vm_fault — resolve a fault of p at va (MMCSR code mmcsr, cause as entMM's
 * a2): a demand-zero page gets its frame, the stack grows, a write to a
 * copy-on-write page (MM_FOW) gets a private copy (or the frame itself when
 * p holds its last reference).  Returns 0 when
 * the access can be retried, else the VSIG_* to kill p with, and writes the
 * reason ("null pointer dereference", "write to read-only memory", ...) into
 * why.
 */
int  vm_fault(struct proc *p, uint64_t va, int mmcsr, int cause, char *why, size_t n);

/* ---- moving data between the kernel and a user space -------------------
 * Each validates every page: user range, mapped or committed (demand-zero
 * pages are filled in, the stack may grow), and the user's read/write
 * permission.  0, or -VE_FAULT with part of the data possibly moved. */
int  copyin(struct proc *p, void *dst, uint64_t uva, size_t len);
int  copyout(struct proc *p, uint64_t uva, const void *src, size_t len);
/* A NUL-terminated string of at most max - 1 bytes: its length, -VE_FAULT,
 * or -VE_NAMETOOLONG. */
int  copyinstr(struct proc *p, char *dst, uint64_t uva, size_t max);
/* True if va lies in a range user space may name at all. */
bool user_va_ok(uint64_t va);

/* ---- frames that leave a process, frames mapped into one ----------------
 * A driver (the VLM driver) takes frames out of a process with vm_donate
 * and maps frames it owns into another's 64-bit window [VLM_WINDOW,
 * VLM_WINDOW_END) with vm_map_window; the VM layer keeps the charges and the
 * page tables right and knows nothing else of the driver.
 *
 * vm_donate: ownership transfer (the VLM patent's FIG. 8, 812).  Every page
 * of [va, va + npages pages) must be committed and charged; each gets its
 * frame (materialized if needed), the frame becomes FR_VLM of p, the PTE is
 * removed, and the page moves from `charged` to `donated` (still counted
 * against the limit; the global charge now belongs to the caller).  The
 * PFNs go to pfns[].  0, -VE_INVAL (a page not committed or not charged:
 * nothing changed) or -VE_NOMEM (no frame; pages already donated stay so,
 * *done tells how many).  The TLB entries of every page donated are gone
 * on return, whatever the result. */
int  vm_donate(struct proc *p, uint64_t va, uint64_t npages, uint32_t *pfns, uint64_t *done);
/* Forget n donated pages of p's charge (the donor deallocated, FIG. 8 808).
 * Panics if p has fewer donated pages (a caller bug). */
void vm_undonate(struct proc *p, uint64_t n);
/* True if [va, va + n pages) is a non-empty, page-aligned range inside the
 * window [VLM_WINDOW, VLM_WINDOW_END).  Can't fail. */
bool vm_window_range_ok(uint64_t va, uint64_t n);
/*
 * vm_map_window — map n frames the caller owns at va in p's window
 * (PTE_VLMMAP, user read/write unless !writable, FOE).  Runs of frames that
 * are contiguous and aligned like their VA (8, 64, 512 pages) get
 * granularity hints 1..3.  Returns the number of PTEs written (*gh_ptes: how
 * many of them are in GH blocks), or -VE_NOMEM (no frame for a table; what
 * was mapped is unmapped again) or -VE_INVAL (va outside the window or
 * already mapped).
 */
int64_t vm_map_window(struct proc *p, uint64_t va, const uint32_t *pfns, uint64_t n, bool writable,
                      uint64_t *gh_ptes);
/* Remove n window PTEs at va (missing ones are skipped); the frames stay the
 * caller's, and page tables left empty are freed.  Returns how many were
 * removed.  Can't fail. */
uint64_t vm_unmap_window(struct proc *p, uint64_t va, uint64_t n);

/* Drop p's TLB entries for va (tbis if p's space is the one loaded now,
 * else a new ASN for the space). */
void vm_tlb_flush(struct proc *p, uint64_t va);

#endif /* GUESTOS_VM_H */
