/*
 * frames.h — the frame database (one record per 8 KiB physical frame) with
 * its two lists, as in VMS/NT: the *zeroed* list and the *free* list
 * (released, contents stale).  Allocation always returns a zero frame.  On
 * this machine a never-touched frame is not free to use (its first touch
 * costs the host page faults), so allocation prefers a recently freed frame,
 * cleared by the PAL zero service, and falls back to the zeroed list.  When
 * many frames have been freed (a big process or VLM allocation ended), the
 * idle loop zeroes them in contiguous runs, which gives their host memory
 * back (frames_zero_some).
 *
 * The database itself, and anything else the kernel must have physically
 * contiguous (the VLM driver's PAT), is carved out at boot by boot_alloc()
 * before frames_init() puts the remaining frames on the zeroed list.
 *
 * Frame numbers are PFNs; PFN 0 holds the HWRPB, is never allocatable, and
 * so serves as "no frame".
 */
#ifndef GUESTOS_FRAMES_H
#define GUESTOS_FRAMES_H

#include "guestos/kernel.h"
#include "guestos/abi/vlmos_boot.h"

enum frame_state {
    FR_ZERO = 0,    /* zeroed: on the zeroed list, or above the never-used mark */
    FR_FREE,        /* on the free list, contents stale */
    FR_BOOT,        /* HWRPB, kernel image, initrd, boot reservations: never freed */
    FR_KERNEL,      /* kernel heap and kernel stacks */
    FR_PT,          /* a page table of process `owner` */
    FR_PROC,        /* mapped in the user space of process `owner` */
    FR_VLM,         /* owned by the VLM driver; `owner` = donor pid (0: direct part) */
    FR_COW,         /* shared copy-on-write by `aux` PTEs (fork); `owner` = the pid that forked */
    FR_NSTATES
};

/* The record layout is published to the machine's live view
 * (abi/vlmos_view.h struct vview_frame): keep the two in step. */
struct frame {
    uint8_t  state;     /* enum frame_state */
    uint8_t  flags;
    uint16_t vlm_maps;  /* window PTEs mapping this frame (vm_map_window) */
    uint32_t owner;     /* pid for FR_PT / FR_PROC / FR_VLM */
    uint32_t next;      /* list link (PFN), 0 ends the list */
    uint32_t aux;       /* owner-defined (the VLM driver stores the handle);
                           FR_COW: the reference count, PTEs that map the frame */
};
_Static_assert(sizeof(struct frame) == VBOOT_FRAME_BYTES, "the host sizes the frame database");

/* Reserve `bytes` (rounded up to whole frames) of physically contiguous,
 * zeroed memory before frames_init(); returns its KSEG43 address.  Panics if
 * RAM is too small (a boot failure, not recoverable). */
void *boot_alloc(uint64_t bytes);

/* Build the database: frames below the boot high-water mark are FR_BOOT,
 * the rest are zeroed (a fresh machine's RAM reads as zero).  Cost is
 * proportional to the boot reservation, not to RAM: the records of frames
 * never used are never written (FR_ZERO is 0), and allocation takes them in
 * ascending order from a mark once the zeroed list is empty. */
void frames_init(void);

/*
 * frame_alloc — a zero frame for `state` (FR_KERNEL, FR_PT, FR_PROC, FR_VLM)
 * owned by `owner`.  Returns its PFN, or 0 when no frame is left (the
 * caller turns that into -VE_NOMEM).  Callers charge a budget first
 * (budget.h: budget_frame_alloc, or commit_charge for process and VLM
 * frames), so for them 0 means the books are wrong.
 */
uint64_t frame_alloc(int state, uint32_t owner);

/* frame_free — put an allocated frame on the free list.  Panics on a frame
 * that is already free or FR_BOOT (a double free is a kernel bug). */
void frame_free(uint64_t pfn);

/* The database and its length, for the inline functions below (fork and
 * exit call them once a page); only frames.c writes them. */
extern struct frame *frames_db;
extern uint64_t frames_n;
_Noreturn void frame_db_beyond(uint64_t pfn);   /* frame_db's panic */

/* The record of pfn (which must be < frames_total(): panics otherwise). */
static inline struct frame *frame_db(uint64_t pfn)
{
    if (unlikely(pfn >= frames_n))
        frame_db_beyond(pfn);
    return &frames_db[pfn];
}

/* Change the state/owner of an allocated frame (ownership transfer). */
void frame_set(uint64_t pfn, int state, uint32_t owner);

/* Copy-on-write sharing (fork, vm.h vm_fork).  frame_share adds one
 * reference to a mapped process frame: an FR_PROC frame becomes FR_COW with
 * two references, an FR_COW frame gets one more.  Panics on any other state.
 * frame_unshare drops one reference of an FR_PROC or FR_COW frame and frees
 * it with the last; returns true if it freed the frame.  Neither can fail.
 * Inline: fork shares, and exit unshares, every page of a process (the
 * frame_set and frame_free of a first share and a last unshare are calls). */
/* LAB(cow): BEGIN SOLUTION */
/* LAB(cow): STUB: static inline void frame_share(uint64_t pfn) */
/* LAB(cow): STUB: { */
/* LAB(cow): STUB:     (void)pfn; */
/* LAB(cow): STUB: } */
/* LAB(cow): STUB:  */
/* LAB(cow): STUB: static inline bool frame_unshare(uint64_t pfn) */
/* LAB(cow): STUB: { */
/* LAB(cow): STUB:     frame_free(pfn);                // no frame is shared until fork shares it */
/* LAB(cow): STUB:     return true; */
/* LAB(cow): STUB: } */
static inline void frame_share(uint64_t pfn)
{
    struct frame *f = frame_db(pfn);

    if (likely(f->state == FR_COW)) {     /* likely: a process that forks again */
        f->aux++;
    } else if (f->state == FR_PROC) {
        frame_set(pfn, FR_COW, f->owner);
        f->aux = 2;                 /* the old mapping and the new one */
    } else {
        panic("frame_share: pfn %#lx is in state %u", (unsigned long)pfn, f->state);
    }
}

static inline bool frame_unshare(uint64_t pfn)
{
    struct frame *f = frame_db(pfn);

    if (likely(f->state == FR_COW && f->aux > 1)) {   /* likely: exit after fork */
        f->aux--;
        return false;
    }
    if (f->state != FR_PROC && f->state != FR_COW)
        panic("frame_unshare: pfn %#lx is in state %u", (unsigned long)pfn, f->state);
    frame_free(pfn);
    return true;
}
/* LAB(cow): END SOLUTION */

/* Zero up to `max` frames of the free list onto the zeroed list, a run of
 * contiguous frames at a time.  Returns how many it zeroed.  Can't fail. */
unsigned frames_zero_some(unsigned max);
/* True when the free list is big enough to be worth zeroing in the background. */
bool frames_zeroing_due(void);

uint64_t frames_total(void);              /* frames of RAM */
uint64_t frames_available(void);          /* free + zeroed */
uint64_t frames_zeroed(void);
uint64_t frames_in_state(int state);      /* frames now in that state */
const uint64_t *frames_counts(void);      /* all of them: [FR_NSTATES] (kview.c publishes it) */
/* Count the frames of each state by walking the whole database (an
 * independent check of the running counts, for memaudit).  Can't fail. */
void frames_recount(unsigned long n[FR_NSTATES]);
/* The reference counts of every FR_COW frame, summed.  Can't fail. */
unsigned long frames_cow_refs(void);

#endif /* GUESTOS_FRAMES_H */
