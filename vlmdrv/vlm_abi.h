/*
 * vlm_abi.h — the VLM driver's device interface, shared by the kernel and
 * user space (the client library workloads/lib/vlmlib.h wraps it).
 *
 * Open "/dev/vlm" and issue ioctl(fd, VLM_*, struct *).  Every call returns
 * 0 (or the value it names) or -errno (VE_* of guestos/abi/vlmos.h).  The
 * step numbers are those of the patent (../shared/seeds/000_...txt).
 *
 * Consumer interface (FIG. 5 "consumer allocate/deallocate interfaces" and
 * "read/write request processing"):
 *   VLM_ALLOC        FIG. 6 600 / FIG. 7: allocate `size` bytes; blocks until
 *                    the memory is ready (donors hidden from the caller)
 *   VLM_BUF_CREATE   604: a buffer = a page range of a handle
 *   VLM_MAP          606: map buffer pages into the caller's 64-bit VLM window
 *   VLM_UNMAP        610: remove a mapping
 *   VLM_BUF_RELEASE  612
 *   VLM_FREE         614 / FIG. 10: blocks until every donor has gone
 *   VLM_READ/WRITE   608 / FIG. 9: copy through the driver at a 64-bit offset
 *   VLM_STAT         figures of a handle and of the driver
 *   VLM_SHUTDOWN     abnormal driver shutdown: every pending donor request is
 *                    cancelled (the terminate notification), every handle freed;
 *                    for pid 1 only.  Any other caller's shuts down only its
 *                    own requests.  Another process's handle is -VE_PERM to
 *                    every handle call.
 *
 * Donor interface (FIG. 8; only processes the driver started may use it):
 *   VLM_DONOR_WAIT_CMD   800 / 812: wait for the driver's next command
 *   VLM_DONOR_ALLOCATED  804: "this range is allocated"
 *   VLM_DONOR_REGISTER   812-814: transfer ownership of that range
 *   VLM_DONOR_PENDING    814: sleep until told to release (returns 0), or
 *                        until the driver shuts down (-VE_CANCELED)
 *   VLM_DONOR_DEALLOCATE 806-810: give the donated memory back; the response
 */
#ifndef VLMDRV_VLM_ABI_H
#define VLMDRV_VLM_ABI_H

#include <stdint.h>

#define VLM_DEVICE "/dev/vlm"

#define VLM_IOC(n)          (0x564C0000u | (n))     /* "VL" */
#define VLM_ALLOC           VLM_IOC(1)
#define VLM_BUF_CREATE      VLM_IOC(2)
#define VLM_MAP             VLM_IOC(3)
#define VLM_UNMAP           VLM_IOC(4)
#define VLM_BUF_RELEASE     VLM_IOC(5)
#define VLM_FREE            VLM_IOC(6)
#define VLM_READ            VLM_IOC(7)
#define VLM_WRITE           VLM_IOC(8)
#define VLM_STAT            VLM_IOC(9)
#define VLM_SHUTDOWN        VLM_IOC(10)
#define VLM_DONOR_WAIT_CMD  VLM_IOC(32)
#define VLM_DONOR_ALLOCATED VLM_IOC(33)
#define VLM_DONOR_REGISTER  VLM_IOC(34)
#define VLM_DONOR_PENDING   VLM_IOC(35)
#define VLM_DONOR_DEALLOCATE VLM_IOC(36)

/* VLM_ALLOC flags */
#define VLM_VERBOSE   1       /* the driver prints each step on the console */
#define VLM_TEST_DONOR_TOUCH 0x100  /* test aid: each donor touches the range it
                                       donated after registering it (and is killed:
                                       donated frames are out of its reach) */
#define VLM_TEST_DONOR_SLOW  0x200  /* test aid: each donor waits 10 ms before each
                                       piece, so a test can act during allocation */
#define VLM_TEST_DONATE_NOMEM 0x400 /* test aid: each donor commits its piece without
                                       frames and touches only its first page; the
                                       driver then fails the donation at the first
                                       page that needs a frame, as if RAM had run out
                                       (the donor checks that the page it gave is out
                                       of its reach, TLB included: it must be killed) */

struct vlm_alloc {
    uint64_t size;            /* in: bytes (rounded up to pages) */
    uint32_t flags;           /* in: VLM_* */
    int32_t  handle;          /* out */
    uint32_t donors;          /* out: donor processes used (FIG. 7 702) */
    uint32_t pad;
    uint64_t direct;          /* out: bytes allocated directly (718) */
};

struct vlm_buf {
    int32_t  handle;          /* in */
    int32_t  buf;             /* out */
    uint64_t offset;          /* in: bytes into the handle (page aligned) */
    uint64_t length;          /* in: bytes (page multiple) */
};

#define VLM_MAP_READONLY 1    /* user read-only PTEs */
#define VLM_MAP_REPLACE  2    /* unmap whatever is mapped at va first (window remapping) */

struct vlm_map {
    int32_t  buf;             /* in */
    uint32_t flags;           /* in: VLM_MAP_* */
    uint64_t offset;          /* in: bytes into the buffer (page aligned) */
    uint64_t length;          /* in: bytes (page multiple) */
    uint64_t va;              /* in: window address, or 0 to let the driver choose; out: the address */
    uint64_t ptes;            /* out: PTEs built */
    uint64_t gh_ptes;         /* out: of those, in granularity-hint blocks */
};

struct vlm_rw {
    int32_t  handle;          /* in */
    uint32_t pad;
    uint64_t offset;          /* in: 64-bit byte offset into the handle */
    uint64_t buf;             /* in: user buffer */
    uint64_t length;          /* in: bytes; out: bytes copied */
};

struct vlm_stat {
    int32_t  handle;          /* in: a handle, or -1 for the driver only */
    uint32_t donors;          /* out: donors of the handle */
    uint64_t pages;           /* out: the handle's pages */
    uint64_t direct_pages;    /* out: of those, allocated directly */
    uint64_t buffers;         /* out: buffers of the handle */
    uint64_t mapped_pages;    /* out: pages of the handle mapped now */
    uint64_t ptes_built;      /* out: PTEs the driver has built for the handle */
    uint64_t us_alloc;        /* out: microseconds (virtual) VLM_ALLOC took */
    /* the driver */
    uint64_t drv_handles;     /* handles in use */
    uint64_t drv_frames;      /* frames the driver owns */
    uint64_t drv_unallocated; /* of those, on the unallocated list */
    uint64_t drv_pat_entries; /* PAT size */
    uint64_t drv_donors;      /* live donor processes */
};

/* Donor commands (VLM_DONOR_WAIT_CMD) */
#define VLM_CMD_ALLOCATE 1    /* 714: allocate `bytes` in pieces of at most `chunk` */
#define VLM_CMD_REGISTER 2    /* 708: register the piece just allocated */
#define VLM_CMD_CANCEL   3    /* stop: the request failed or the driver shut down */

struct vlm_donor_cmd {
    uint32_t cmd;             /* out: VLM_CMD_* */
    uint32_t index;           /* out: this donor's number (1-based) */
    uint64_t bytes;           /* out: ALLOCATE: how much in all */
    uint64_t chunk;           /* out: ALLOCATE: largest piece */
};

struct vlm_donor_range {
    uint64_t va;              /* in: start of the allocated piece */
    uint64_t length;          /* in: bytes; 0 with `error` set reports a failure */
    int64_t  error;           /* in: -errno of the failed allocation, or 0 */
};

#endif /* VLMDRV_VLM_ABI_H */
