/*
 * vlmos_pte.h — how VLM/OS uses the PTE software field (bits 31:16,
 * PTE_SW_MASK in axp64/axp64.h).  Shared by the kernel (guestos/vm.c sets
 * them) and the trace tools (`alphavlm trace step` shows them in a walk).
 */
#ifndef VLMOS_PTE_H
#define VLMOS_PTE_H

#define PTE_COMMIT    (1UL << 16)  /* committed page (valid, or demand-zero if V clear) */
#define PTE_VLMMAP    (1UL << 17)  /* VLM window mapping: the driver owns the frame */
#define PTE_NOCHARGE  (1UL << 18)  /* committed but not charged to the process limit */

#endif /* VLMOS_PTE_H */
