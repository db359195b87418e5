/*
 * snap.h — a snapshot of the machine for the live view: the TLB arrays,
 * counters, the frame states VLM/OS publishes (guestos/abi/vlmos_view.h)
 * folded into display cells, and its process table.
 *
 * snap_take reads the machine while the CPU may be running on another
 * thread.  Every value it reads is only drawn, never trusted: kernel
 * pointers are checked against RAM before they are followed, lists are
 * bounded, strings are cut to their buffer.  A torn read shows a stale or odd
 * value for one frame (50 ms) and is gone at the next.
 *
 * Ownership: a snapshot owns its arrays (snap_free releases them).
 */
#ifndef VIEW_SNAP_H
#define VIEW_SNAP_H

#include <stdbool.h>
#include <stdint.h>
#include "emu/machine.h"

/* What a frame (or a cell of frames) shows, in legend order. */
enum vcat {
    VC_UNKNOWN = 0,   /* the kernel has not published its frame database */
    VC_ZERO, VC_FREE, VC_IMAGE, VC_BOOT, VC_KHEAP, VC_PT, VC_PROC, VC_COW, VC_VLM, VC_MAPPED,
    VC_COUNT
};

/* A cell's colour key: category and the pid that picks the hue. */
#define VKEY(cat, pid)   ((uint32_t)(cat) << 24 | ((uint32_t)(pid) & 0xFFFFFF))
#define VKEY_CAT(k)      ((int)((k) >> 24))
#define VKEY_PID(k)      ((int)((k) & 0xFFFFFF))

#define SNAP_NPROC   64
#define SNAP_NVMA    24
#define SNAP_NAME    16

struct snap_vma { uint64_t start, end; int kind; bool text; };

struct snap_proc {
    int pid, state, asn, vlm_role, nvma;   /* vlm_role: VVIEW_ROLE_*, 0 if none */
    int tgid;                     /* its process: pid for a process's first thread */
    uint64_t vm;                  /* kernel address of its address space (shared by threads), 0 if none */
    char name[SNAP_NAME];
    uint64_t l1_pfn, committed, charged, donated, resident, vlm_mapped;
    uint64_t brk_base, brk, stack_low;
    uint64_t win_lo, win_hi;      /* the VLM window's mapped extent (8 MiB granules), 0 if none */
    struct snap_vma vma[SNAP_NVMA];
};

/* Marks of what changed in a TLB slot since the previous snapshot. */
enum { TM_NONE = 0, TM_FILL, TM_INVAL };

struct snap_tlb {
    unsigned n;
    struct tlb_entry e[4096];
    uint8_t mark[4096];          /* TM_* */
    uint64_t evicted_vpn[4096];  /* the VPN a fill replaced (valid before), else 0 */
    uint64_t fade[4096];         /* snapshot number of the last mark */
};

struct snap {
    uint64_t seq;                 /* snapshots taken so far */
    double   t;                   /* host seconds */
    uint64_t icount, syscalls, faults, misses, ram_size;
    bool counting;                /* icount counts instructions */
    unsigned asn;
    struct snap_tlb itb, dtb;
    /* Rates over the last second (moving). */
    double mpki, faults_s, syscalls_s;
    uint64_t r_icount, r_faults, r_syscalls, r_misses;
    double r_t;
    /* Frames. */
    bool published;
    uint64_t nframes, kernel_end_pfn, proc_limit;
    uint64_t in_cat[VC_COUNT];    /* frames in each category (the kernel's counts) */
    /* Processes. */
    int nproc, cur;               /* cur: index into proc[], -1 if unknown */
    int last_pid;                 /* the last process other than idle seen running */
    struct snap_proc proc[SNAP_NPROC];
};

/* Allocate a zeroed snapshot.  NULL after a message if out of memory. */
struct snap *snap_new(void);
void snap_free(struct snap *s);

/* Refresh s from the machine (s keeps the previous one's TLB for the marks
 * and its counters for the rates).  Can't fail. */
void snap_take(struct snap *s, struct machine *m);

/*
 * snap_frame_key — the colour key of frame pfn (VKEY), read from the
 * published frame database now.  VC_UNKNOWN when nothing is published.
 * *owner gets the owner pid (0 if none).  Can't fail.
 */
uint32_t snap_frame_key(const struct snap *s, struct machine *m, uint64_t pfn, int *owner);

/*
 * snap_cells — fold frames [first, first + n*per) into n cell keys: each
 * cell shows the key most of its frames have, frames in use counting four
 * times a free or zero frame (a few page tables among 80 free frames still
 * show).  keys has n entries.  Can't fail.
 */
void snap_cells(const struct snap *s, struct machine *m, uint64_t first, uint64_t per,
                uint32_t *keys, unsigned n);

/* Processes other than idle (pid 0). */
int snap_users(const struct snap *s);

/* The process with this pid in s, or NULL. */
const struct snap_proc *snap_find(const struct snap *s, int pid);

/* PA of a kernel pointer (KSEG43 or KSEG32 VA) if [pa, pa+len) is RAM, else 0. */
uint64_t snap_kva_pa(struct machine *m, uint64_t va, uint64_t len);

#endif /* VIEW_SNAP_H */
