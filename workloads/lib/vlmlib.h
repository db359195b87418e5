/*
 * vlm.h — the VLM client library: a consumer's view of /dev/vlm
 * (vlmdrv/vlm_abi.h has the ioctls and the patent steps behind them).
 *
 * Every call opens the device on first use.  On failure it returns -1 (or
 * NULL) and sets errno:
 *   EINVAL  a bad argument, or a handle/buffer/mapping that is not the
 *           caller's (a process can use only its own handles)
 *   ENOMEM  not enough memory (a donor ran out, the global commit is full,
 *           or a window table could not be built)
 *   EAGAIN  a driver table is full
 *   EBUSY   the buffer still has mappings (unmap first, FIG. 6 610 then 612)
 *   EFAULT  a bad user pointer
 *   EINTR   the caller was killed while it waited
 *   ECANCELED the driver shut down while the request was pending
 */
#ifndef VLM_CLIENT_H
#define VLM_CLIENT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "vlmdrv/vlm_abi.h"

/* Allocate size bytes (FIG. 6 600).  Blocks until the memory is ready: the
 * driver serves up to the per-process limit directly and starts donor
 * processes for the rest.  flags: VLM_VERBOSE prints each step on the
 * console.  Returns a handle >= 0; *info (if not NULL) gets the donor count
 * and the direct part. */
int vlm_alloc(uint64_t size, unsigned flags, struct vlm_alloc *info);

/* A buffer of `length` bytes at `offset` in handle h (604).  Page-aligned
 * arguments.  Returns a buffer number >= 0. */
int vlm_buf_create(int h, uint64_t offset, uint64_t length);

/* Map `length` bytes at `offset` of buffer b into the caller's 64-bit window
 * (606).  va == NULL lets the driver choose (aligned for granularity
 * hints); otherwise that address, which VLM_MAP_REPLACE first clears (a
 * moving window over a big handle).  Returns the address; *ptes (if not
 * NULL) gets the PTEs built.  Frames come zeroed the first time. */
void *vlm_map(int b, uint64_t offset, uint64_t length, void *va, unsigned flags, uint64_t *ptes);

/* Unmap the mapping that starts at va (610). */
int vlm_unmap(void *va);

/* Release buffer b (612); its mappings must be gone. */
int vlm_buf_release(int b);

/* Free handle h (614, FIG. 10): mappings and buffers of it go too; returns
 * when every donor has deallocated and ended. */
int vlm_free(int h);

/* Copy through the driver (608, FIG. 9) at a 64-bit offset: bytes copied. */
ssize_t vlm_read(int h, uint64_t offset, void *buf, size_t len);
ssize_t vlm_write(int h, uint64_t offset, const void *buf, size_t len);

/* Figures of handle h (or h = -1: the driver's only). */
int vlm_stat(int h, struct vlm_stat *st);

/* Abnormal driver shutdown: every pending request is cancelled. */
int vlm_shutdown(void);

/* The device's descriptor (opened on first use), or -1. */
int vlm_fd(void);

#endif /* VLM_CLIENT_H */
