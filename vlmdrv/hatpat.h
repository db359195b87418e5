/*
 * hatpat.h — the VLM driver's mapping table: the Handle Assignment Table
 * and Page Allocation Table of the EMM "Fast Tables Structure" disclosure
 * (../shared/seeds/004_b14923775b416021.txt), with physical frame numbers
 * as its pages.
 *
 *   HAT[h]  index in the PAT of handle h's header, or a value past the end
 *           of the PAT when h is not in use (the disclosure's "beyond the end
 *           of the second table").
 *   PAT     [0, top)            allocated handles, each a header (its page
 *                               count) followed by its PFNs in logical order
 *                               (disclosure areas 4 and 5)
 *           [top, unalloc)      empty page slots: the work area (area 6)
 *           [unalloc, size)     the unallocated pages list (area 7)
 *
 * Logical page n of handle h is PAT[HAT[h] + 1 + n]: one lookup, O(1).
 * Allocation writes a header at `top` and moves PFNs from the start of the
 * unallocated list behind it; release rotates the handle's block to the end
 * of the allocated area (handles above it move down, their HAT entries with
 * them), and the freed PFNs rejoin the unallocated list through the work area.
 * The allocated area therefore never has holes.
 *
 * The table does not own its storage (the kernel reserves it at boot; the
 * host unit tests pass arrays).  No function allocates memory; none blocks.
 * Compiled into the kernel and into the host tests.
 */
#ifndef VLMDRV_HATPAT_H
#define VLMDRV_HATPAT_H

#include <stdbool.h>
#include <stdint.h>

struct hatpat {
    uint32_t *hat;          /* nhandles entries */
    uint32_t *pat;          /* size entries */
    uint32_t nhandles;
    uint32_t size;
    uint32_t top;           /* first index past the allocated handles */
    uint32_t unalloc;       /* first index of the unallocated list */
};

/* Set up an empty table over the given storage: every HAT entry past the
 * end, no pages.  Can't fail. */
void hp_init(struct hatpat *t, uint32_t *hat, uint32_t nhandles, uint32_t *pat, uint32_t size);

/* Put n frames on the unallocated list (in the order given: the first one is
 * handed out first).  Returns 0, or -1 if the empty slots cannot hold them
 * (the table is unchanged). */
int hp_add_unallocated(struct hatpat *t, const uint32_t *pfns, uint32_t n);

/* Take n frames off the unallocated list (the first-added first) into out.
 * Returns 0, or -1 if fewer than n are there (unchanged). */
int hp_take_unallocated(struct hatpat *t, uint32_t *out, uint32_t n);

/*
 * hp_alloc — a new handle with n logical pages taken from the start of the
 * unallocated list.  Returns the handle (the lowest free number), or -1 if
 * no handle is free or fewer than n frames are unallocated (unchanged).
 */
int hp_alloc(struct hatpat *t, uint32_t n);

/* Release handle h: its frames go back to the unallocated list and the
 * handles above it move down.  Returns 0, or -1 for a handle not in use. */
int hp_free(struct hatpat *t, uint32_t h);

/* Frame of logical page n of handle h, or 0 if h is not in use or n is past
 * its end.  O(1). */
uint32_t hp_page(const struct hatpat *t, uint32_t h, uint64_t n);

/* Pointer to handle h's PFNs (its pages 0..count-1), or NULL. */
const uint32_t *hp_pages(const struct hatpat *t, uint32_t h);

/* Page count of handle h, or 0 if it is not in use. */
uint32_t hp_count(const struct hatpat *t, uint32_t h);
bool     hp_in_use(const struct hatpat *t, uint32_t h);

/* Figures: frames on the unallocated list, empty slots. */
static inline uint32_t hp_unallocated(const struct hatpat *t) { return t->size - t->unalloc; }
static inline uint32_t hp_empty(const struct hatpat *t)       { return t->unalloc - t->top; }

#endif /* VLMDRV_HATPAT_H */
