/*
 * vlm.h — the VLM driver inside the kernel (DESIGN.md section 8): the
 * device /dev/vlm that implements the patent's flows (FIG. 6-10) on VLM/OS.
 * Its user-space interface is vlm_abi.h; its mapping table is hatpat.h; its
 * lifecycles are vlmstate.h.
 *
 * The kernel core never calls the driver by name: vlm.c registers its
 * operations table with KDRIVER (guestos/kdriver.h), and the core calls
 *   boot_reserve  the PAT (one entry per frame of RAM), before frames_init;
 *   init          registers /dev/vlm;
 *   proc_exit     p is exiting (or was killed) at any step: a consumer's
 *                 mappings, buffers and handles are released and its donors
 *                 told to go; a donor that dies fails the request it was
 *                 still allocating for, or simply leaves one it had completed
 *                 (the driver owns the frames).  Nothing is lost: every frame
 *                 goes back when its handle is freed;
 *   audit         memaudit's vlm_pool (the frames the driver accounts for:
 *                 every handle's and the unallocated list), vlm_reserved
 *                 (direct-part commit charged but not yet backed by frames)
 *                 and max_direct.
 * A kernel linked without vlmdrv/ (make build/nodrv/kernel.elf) has no
 * /dev/vlm: opening it fails with -VE_NOENT.
 */
#ifndef VLMDRV_VLM_H
#define VLMDRV_VLM_H

#include <stdint.h>
#include "guestos/abi/vlmos_view.h"

/* The roles are the ones the live view shows (one home: abi/vlmos_view.h). */
#define VLM_ROLE_CONSUMER VVIEW_ROLE_CONSUMER
#define VLM_ROLE_DONOR    VVIEW_ROLE_DONOR

/* The driver's record of a process that used it, found through struct
 * proc's drvdata (NULL for every other process); made at its first
 * VLM_ALLOC or when the driver starts it as a donor, gone at its exit.
 * role comes first: the live view reads it (abi/vlmos_view.h). */
struct vlm_proc {
    int32_t role;                 /* VLM_ROLE_CONSUMER or VLM_ROLE_DONOR; 0: record free */
    int req, donor;               /* a donor's request slot and donor index (1..) */
    uint64_t direct;              /* a consumer's directly allocated VLM pages */
};

#endif /* VLMDRV_VLM_H */
