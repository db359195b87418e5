/*
 * budget.h — who pays for every frame the kernel hands out.
 *
 * Each frame outside the boot reservations is charged, BEFORE it is taken,
 * to one budget (enum vbudget, abi/vlmos.h): committed process pages and the
 * VLM driver's frames (VB_COMMIT, through vm.h's commit_charge), page tables,
 * kernel stacks, the kernel heap, pipe rings, RAM-file pages.  The charges
 * together never exceed budget_limit(), the frames free when the budgets
 * were set up, so a charged frame can always be had: a request that cannot
 * be met fails at its charge, with an errno, at the call that asked, and
 * nothing that frees (exit, kill, close, the VLM driver's release) ever
 * needs a frame.  docs/vlmos.md, "Who pays for what", has the table.
 */
#ifndef GUESTOS_BUDGET_H
#define GUESTOS_BUDGET_H

#include "guestos/kernel.h"
#include "guestos/abi/vlmos.h"

/* Set the limit: `frames` (the frames free once the boot reservations are
 * made).  Call once, after frames_init and before the first charge. */
void budget_init(uint64_t frames);

/* Charge n frames to budget kind.  0, or -VE_NOMEM when the charges would
 * pass the limit (nothing is charged then).  Panics on a bad kind. */
int budget_charge(int kind, uint64_t n);

/* Give back n frames of kind's charge.  Panics if kind holds fewer (an
 * uncharge without its charge is a kernel bug).  Can't fail otherwise. */
void budget_uncharge(int kind, uint64_t n);

/* Charge one frame to kind, then take a zero frame for (state, owner).
 * Returns its PFN, or 0 (the charge failed; nothing charged, nothing taken,
 * or the frame database had no frame although the books said it had: the
 * charge is returned and memaudit will show the imbalance). */
uint64_t budget_frame_alloc(int kind, int state, uint32_t owner);

/* Free a frame from budget_frame_alloc and uncharge it.  Can't fail. */
void budget_frame_free(int kind, uint64_t pfn);

uint64_t budget_limit(void);
uint64_t budget_charged(int kind);      /* one budget's charge */
uint64_t budget_total(void);            /* every charge together */

#endif /* GUESTOS_BUDGET_H */
