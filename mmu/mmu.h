/*
 * mmu.h — the AXP64 MMU: page-table walk, superpages, TLB model.
 *
 * Error convention: every translation function, and every caller that
 * passes a translation result on (the fill hook, emu/gvm.c's copies for the
 * PAL, the tracer and the debugger), returns an mm_result: MMR_OK (0) on success,
 * as everywhere else in the emulator, or a nonzero reason.  It is its own
 * enum type, distinct from the MMCSR codes of axp64.h (MM_TNV == 0 there):
 * mm_mmcsr() converts an architectural fault to the code entMM receives.
 * (A TNV once equalled "0 on success" here, and a kernel stack that did not
 * map was taken for a successful copy.)  MMR_MCHK_* are machine checks: the
 * page tables themselves are broken (a kernel bug), and the machine halts.
 *
 * Ownership: struct mmu does not own the RAM it walks; tlb_init allocates the
 * entry arrays, tlb_free releases them.
 */
#ifndef MMU_H
#define MMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "axp64/axp64.h"

typedef enum mm_result {
    MMR_OK = 0,            /* translated */
    /* Architectural faults, in MMCSR order (mm_mmcsr): entMM's a1. */
    MMR_TNV, MMR_ACV, MMR_FOR, MMR_FOE, MMR_FOW,
    /* Machine checks: the kernel's page tables are broken. */
    MMR_MCHK_PT,           /* a page-table PTE lies outside RAM */
    MMR_MCHK_NXM,          /* the mapped frame lies outside RAM */
    MMR_MCHK_RSV,          /* reserved PTE bits (7, 10, 11, 14, 15) set */
} mm_result;

_Static_assert(MMR_FOW - MMR_TNV == MM_FOW - MM_TNV && MMR_FOE - MMR_TNV == MM_FOE - MM_TNV,
               "mm_result's faults are in MMCSR order");

/* True for the machine-check results. */
static inline bool mm_is_mchk(mm_result r)
{
    return r >= MMR_MCHK_PT;
}

/* The MMCSR code (MM_TNV..MM_FOW, axp64.h) of an architectural fault. */
static inline unsigned mm_mmcsr(mm_result r)
{
    return (unsigned)r - (unsigned)MMR_TNV + MM_TNV;
}

/* A one-word name: "ok", "TNV", ..., "mchk-pt". Can't fail. */
const char *mm_result_name(mm_result r);

enum mm_access { MM_READ = 0, MM_WRITE = 1, MM_EXEC = 2 };
enum cpu_mode  { MODE_KERNEL = 0, MODE_USER = 1 };

/* Permission bits of a translation, as granted to the current mode. */
#define PROT_R  1u
#define PROT_W  2u
#define PROT_X  4u

/* Superpage kinds reported by a walk. */
enum { SP_NONE = 0, SP_KSEG32 = 1, SP_KSEG43 = 2 };

/* Everything a walk saw: the record a trace or a debugger shows. */
struct mmu_walk {
    uint64_t va;
    uint64_t pa;           /* valid when fault == MMR_OK */
    mm_result fault;       /* what mmu_walk returned */
    int      superpage;    /* SP_* */
    int      levels;       /* PTEs read: 0 (superpage/early fault) .. 3 */
    uint64_t pte_pa[3];    /* PA of the PTE read at each level */
    uint64_t pte[3];       /* its value */
    unsigned prot;         /* PROT_* the current mode gets (after FOx) */
};

/* The physical memory and address-space registers a walk reads. */
struct mmu_space {
    const uint8_t *ram;
    uint64_t ram_size;
    uint64_t ptbr;         /* PFN of the L1 table */
    bool     ptbr_valid;   /* false until the first swpctx */
};

/*
 * mmu_check_pte — the leaf permission check (Alpha ARM order): V clear ->
 * TNV; the mode lacks read (or write) enable -> ACV; then FOR/FOE/FOW.
 * Shared by the walk and by TLB hits so both judge a PTE the same way.
 * Sets *prot to what the mode may do.  Returns MMR_OK or the fault.
 * Exec requires read enable, as on Alpha.
 */
mm_result mmu_check_pte(pte_t pte, int mode, int access, unsigned *prot);

/*
 * mmu_walk — translate va with no side effects on any TLB or counter: the
 * probe path for debuggers and traces, and the miss path of the TLB.  Order:
 * canonical address, superpage, L1, L2, L3, leaf check.  Fills *w entirely.
 * Returns w->fault: MMR_OK, an architectural fault or a machine check.
 */
mm_result mmu_walk(const struct mmu_space *s, uint64_t va, int mode, int access,
             struct mmu_walk *w);

/* ---- TLB model ------------------------------------------------------- */

struct tlb_entry {
    uint64_t vpn;      /* VA >> PAGE_SHIFT, aligned to the GH block */
    uint64_t pte;      /* the leaf PTE as read (PFN aligned per GH on use) */
    uint64_t npages;   /* pages covered: GH_PAGES(gh) */
    uint8_t  asn;
    bool     valid;
};

struct tlb_stats {
    uint64_t lookups, hits, misses, fills, evictions, invalidations;
};

#define TLB_FILTER 256

struct tlb {
    const char *name;       /* "ITB" / "DTB" */
    struct tlb_entry *e;
    unsigned n;
    unsigned next;          /* round-robin replacement pointer */
    struct tlb_stats st;
    /* A counting filter over the valid one-page entries' VPNs, and how many
     * valid entries span more pages: a miss usually needs no scan. */
    uint16_t filter[TLB_FILTER];
    unsigned multi;
};

/* Allocate n entries (1..4096), all invalid.  Returns 0, or -1 with a message. */
int  tlb_init(struct tlb *t, const char *name, unsigned n);
void tlb_free(struct tlb *t);

/* tlb_find — the same match as tlb_lookup, without counting anything. */
struct tlb_entry *tlb_find(const struct tlb *t, uint64_t va, unsigned asn);

/*
 * tlb_lookup — the entry that maps va for asn (ASM entries match every ASN),
 * or NULL.  Counts a lookup, and a hit or a miss.
 */
struct tlb_entry *tlb_lookup(struct tlb *t, uint64_t va, unsigned asn);

/*
 * tlb_insert — put the translation of va by leaf pte into the slot at the
 * round-robin pointer and advance it.  Returns the slot; *victim (if not
 * NULL) gets the entry that was there, valid or not.  Can't fail.
 */
unsigned tlb_insert(struct tlb *t, uint64_t va, pte_t pte, unsigned asn,
                    struct tlb_entry *victim);

/* PA that entry e gives for va (GH-aligned PFN plus the page's offset). */
uint64_t tlb_entry_pa(const struct tlb_entry *e, uint64_t va);

/* Invalidation, one per tbi flavour.  Each returns how many entries it dropped. */
unsigned tlb_inval_all(struct tlb *t);                             /* tbia */
unsigned tlb_inval_process(struct tlb *t);                         /* tbiap */
unsigned tlb_inval_va(struct tlb *t, uint64_t va, unsigned asn);   /* tbis* */

#endif /* MMU_H */
