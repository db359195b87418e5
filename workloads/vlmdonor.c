/*
 * vlmdonor — a VLM donor process (patent FIG. 8).  The VLM driver starts it;
 * nobody else should (the driver refuses its interface to other processes).
 *
 * 800  wait for the driver's command to allocate (at most one per-process
 *      limit, in pieces that fit this process's 2 GiB user space);
 * 802  allocate each piece with an ordinary system call (valloc);
 * 804  report it allocated;  812-814 on the driver's command, register it:
 *      ownership passes to the driver and the pages leave this address space;
 *      the piece's address range is then released for the next one;
 * 814  issue the pending request and sleep holding the memory;
 * 806  the request completes (terminate notification) or is cancelled;
 * 808  deallocate: give the donated memory back;  810 respond, and end.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "workloads/lib/vlmlib.h"
#include "workloads/lib/vlmos_user.h"

/* The driver's sleeps end with EINTR when a signal is pending; a donor has
 * no handlers, so that is a stop and continue (job control, issue 21), and
 * the wait goes on: only the driver's command or a cancellation ends it (a
 * SIGKILL never returns).  The kernel restarts no ioctl by itself. */
static int wait_cmd(int fd, struct vlm_donor_cmd *c)
{
    int r;
    while ((r = ioctl(fd, VLM_DONOR_WAIT_CMD, (long)c)) < 0 && errno == EINTR)
        ;
    return r;
}

/* 814: hold until the terminate notification or a cancellation (EINTR: as above). */
static void pending(int fd)
{
    while (ioctl(fd, VLM_DONOR_PENDING, 0) < 0 && errno == EINTR)
        ;
}

static volatile char *last_piece;       /* for the "touch" test aid */
static bool slow;                       /* the "slow" test aid */
static bool lazy;                       /* the "lazy" test aid (VLM_TEST_DONATE_NOMEM) */

/* 802-814 for one piece.  0, or -1 if the request ended. */
static int donate_piece(int fd, uint64_t len)
{
    struct vlm_donor_cmd c;
    if (slow) {
        struct timespec ts = { 0, 10 * 1000 * 1000 };
        nanosleep(&ts, NULL);
    }
    void *p = vmem_alloc(NULL, len, VA_RESERVE | VA_COMMIT | (lazy ? 0 : VA_POPULATE));   /* 802 */
    if (lazy && p)
        *(volatile char *)p = 1;                    /* one page resident, and in the TLB */
    struct vlm_donor_range r = { (uint64_t)(uintptr_t)p, p ? len : 0, p ? 0 : -errno };

    if (ioctl(fd, VLM_DONOR_ALLOCATED, (long)&r) < 0 || !p)                  /* 804 */
        return -1;
    if (wait_cmd(fd, &c) < 0 || c.cmd != VLM_CMD_REGISTER)                    /* 708 */
        return -1;
    if (ioctl(fd, VLM_DONOR_REGISTER, (long)&r) < 0) {                        /* 812-814 */
        if (lazy && errno == ENOMEM) {              /* the first page went before the failure */
            *(volatile char *)p = 2;                /* test aid: this store must kill us */
            printf("vlmdonor: FAIL: donated page %p still reachable after a failed donation\n", p);
            kill(1, SIGKILL);                       /* nobody waits for a donor: end the run loudly */
        }
        return -1;
    }
    last_piece = p;
    return vmem_free(p, 0, VF_RELEASE);             /* the range is empty now; reuse it */
}

int main(int argc, char **argv)
{
    struct vlm_donor_cmd c;
    int fd = vlm_fd();

    slow = argc > 2 && strstr(argv[2], "slow");
    lazy = argc > 2 && strstr(argv[2], "lazy");
    if (fd < 0 || wait_cmd(fd, &c) < 0)                                       /* 800 */
        return 1;
    if (c.cmd == VLM_CMD_ALLOCATE)
        for (uint64_t done = 0; done < c.bytes; ) {
            uint64_t n = c.bytes - done < c.chunk ? c.bytes - done : c.chunk;
            if (donate_piece(fd, n) < 0)
                break;
            done += n;
        }
    if (argc > 2 && strstr(argv[2], "touch") && last_piece)
        (void)*last_piece;                          /* test aid: this must kill us */
    pending(fd);                                                              /* 814 -> 806 */
    return ioctl(fd, VLM_DONOR_DEALLOCATE, 0) < 0;                            /* 808-810 */
}
