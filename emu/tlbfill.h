/*
 * tlbfill.h — Unicorn's UC_HOOK_TLB_FILL, answered by the AXP64 MMU.
 *
 * QEMU's softmmu TLB is a 4 KiB-granular cache in front of the MMU.
 * Exact policy: it never holds a translation the TLB model does not hold
 * (each model eviction stops the CPU and flushes it), so model misses are
 * exact.  Fast policy: every fill walks the page tables directly (protection
 * stays exact; miss counts are QEMU's), and the cache is flushed after a
 * growing number of fills so QEMU's dynamic sizing lets it grow.
 */
#ifndef TLBFILL_H
#define TLBFILL_H

#include "emu/machine.h"

/* On a fault: records m->fault and returns false; Unicorn then stops with
 * UC_ERR_EXCEPTION at the faulting instruction. */
bool tlbfill_hook(uc_engine *uc, uint64_t vaddr, uc_mem_type type,
                  uc_tlb_entry *result, void *user);

#endif /* TLBFILL_H */
