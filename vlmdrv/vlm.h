/*
 * vlm.h — the VLM driver inside the kernel (DESIGN.md section 8): the
 * device /dev/vlm that implements the patent's flows (FIG. 6-10) on VLM/OS.
 * Its user-space interface is vlm_abi.h; its mapping table is hatpat.h.
 */
#ifndef VLMDRV_VLM_H
#define VLMDRV_VLM_H

struct proc;

#define VLM_ROLE_CONSUMER 1
#define VLM_ROLE_DONOR    2

/* Reserve the PAT (one entry per frame of RAM, plus headers) with
 * boot_alloc and register /dev/vlm.  Call before frames_init. */
void vlm_boot_reserve(void);
void vlm_init(void);

/*
 * vlm_proc_exit — p is exiting (or was killed) at any step: a consumer's
 * mappings, buffers and handles are released and its donors told to go; a
 * donor that dies fails the request it was still allocating for, or simply
 * leaves one it had completed (the driver owns the frames).  Nothing is
 * lost: every frame goes back when its handle is freed.  Can't fail.
 */
void vlm_proc_exit(struct proc *p);

/* For memaudit: *pool = the frames the driver accounts for (every handle's,
 * the unallocated list, frames registered for requests not yet handles);
 * *reserved = direct-part commit charged but not yet backed by frames.
 * Together they are the driver's share of the global commit.  Can't fail. */
void vlm_audit(unsigned long *pool, unsigned long *reserved);

#endif /* VLMDRV_VLM_H */
