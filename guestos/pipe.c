/*
 * pipe.c — pipes (see pipe.h).  The kernel is never preempted and runs on
 * one CPU, so the ring needs no lock: a sleeper re-checks its condition
 * after every wakeup (xv6's piperead/pipewrite, with sleep_on).
 */
#include "guestos/file.h"
#include "guestos/kalloc.h"
#include "guestos/pipe.h"
#include "guestos/proc.h"

struct pipe {
    uint8_t *buf;                 /* PIPE_BUF_SIZE bytes (a kernel page) */
    uint64_t nread, nwritten;     /* totals: the ring holds [nread, nwritten) */
    int readers, writers;         /* open ends */
};

/* LAB(proc): BEGIN SOLUTION */
/* LAB(proc): STUB: static int64_t pipe_read(struct file *f, uint64_t ubuf, uint64_t len) */
/* LAB(proc): STUB: { */
/* LAB(proc): STUB:     (void)f, (void)ubuf, (void)len; */
/* LAB(proc): STUB:     return -VE_NOSYS; */
/* LAB(proc): STUB: } */
/* LAB(proc): STUB:  */
/* LAB(proc): STUB: static int64_t pipe_write(struct file *f, uint64_t ubuf, uint64_t len) */
/* LAB(proc): STUB: { */
/* LAB(proc): STUB:     (void)f, (void)ubuf, (void)len; */
/* LAB(proc): STUB:     return -VE_NOSYS; */
/* LAB(proc): STUB: } */
static uint64_t pipe_used(const struct pipe *p)
{
    return p->nwritten - p->nread;
}

/* Copy n bytes between the ring and user memory at offset pos of the
 * stream: two pieces where the ring wraps.  0 or -VE_FAULT. */
static int ring_copy(struct pipe *p, uint64_t pos, uint64_t uva, uint64_t n, bool to_user)
{
    uint64_t at = pos % PIPE_BUF_SIZE, first = MIN(n, PIPE_BUF_SIZE - at);

    if (copy_user(to_user, p->buf + at, uva, first) ||
        copy_user(to_user, p->buf, uva + first, n - first))
        return -VE_FAULT;
    return 0;
}

static int64_t pipe_read(struct file *f, uint64_t ubuf, uint64_t len)
{
    struct pipe *p = f->priv;

    while (!pipe_used(p) && p->writers) {
        int r = sleep_on(p, 0);
        if (r)
            return r;
    }
    uint64_t n = MIN(len, pipe_used(p));
    if (n && ring_copy(p, p->nread, ubuf, n, true))
        return -VE_FAULT;
    p->nread += n;
    wakeup(p);                    /* writers waiting for room */
    return (int64_t)n;
}

/* Writes larger than the ring go in pieces, sleeping while it is full; a
 * write interrupted by a kill or a fault returns what went in so far. */
static int64_t pipe_write(struct file *f, uint64_t ubuf, uint64_t len)
{
    struct pipe *p = f->priv;
    uint64_t done = 0;

    while (done < len) {
        if (!p->readers)
            return done ? (int64_t)done : -VE_PIPE;
        uint64_t room = PIPE_BUF_SIZE - pipe_used(p);
        if (!room) {
            int r = sleep_on(p, 0);
            if (r)
                return done ? (int64_t)done : r;
            continue;
        }
        uint64_t n = MIN(room, len - done);
        if (ring_copy(p, p->nwritten, ubuf + done, n, false))
            return done ? (int64_t)done : -VE_FAULT;
        p->nwritten += n;
        done += n;
        wakeup(p);                /* readers waiting for bytes */
    }
    return (int64_t)done;
}
/* LAB(proc): END SOLUTION */

/* Readiness as Linux's pipe_poll: the read end has POLLIN with bytes in the
 * ring and POLLHUP once no writer is left (an empty ring then is POLLHUP
 * alone); the write end has POLLOUT with room and POLLERR once no reader is
 * left.  Both wait on the channel the pipe's readers and writers sleep on. */
static int pipe_rd_poll(struct file *f, const void **chan)
{
    struct pipe *p = f->priv;

    *chan = p;                        /* every change wakes p's sleepers */
    return (p->nwritten != p->nread ? VPOLLIN | VPOLLRDNORM : 0) | (p->writers ? 0 : VPOLLHUP);
}

static int pipe_wr_poll(struct file *f, const void **chan)
{
    struct pipe *p = f->priv;

    *chan = p;
    return (p->nwritten - p->nread < PIPE_BUF_SIZE ? VPOLLOUT | VPOLLWRNORM : 0) | (p->readers ? 0 : VPOLLERR);
}

/* One end closed: wake the other side (it may now see EOF or EPIPE); the
 * last end frees the pipe. */
static void pipe_close(struct file *f)
{
    struct pipe *p = f->priv;

    if (f->mode == VO_RDONLY)
        p->readers--;
    else
        p->writers--;
    wakeup(p);
    if (!p->readers && !p->writers) {
        kpage_free(p->buf, VB_PIPE);
        kfree(p);
    }
}

static const struct file_ops pipe_rd_ops = { .read = pipe_read, .close = pipe_close,
                                             .poll = pipe_rd_poll };
static const struct file_ops pipe_wr_ops = { .write = pipe_write, .close = pipe_close,
                                             .poll = pipe_wr_poll };

int pipe_create(struct file **rd, struct file **wr)
{
    struct pipe *p = kmalloc(sizeof(*p));

    if (p && !(p->buf = kpage_alloc(VB_PIPE))) {
        kfree(p);
        p = NULL;
    }
    *rd = p ? file_alloc(&pipe_rd_ops, VO_RDONLY) : NULL;
    *wr = *rd ? file_alloc(&pipe_wr_ops, VO_WRONLY) : NULL;
    if (!*wr) {
        if (*rd)
            kfree(*rd);
        if (p) {
            kpage_free(p->buf, VB_PIPE);
            kfree(p);
        }
        return -VE_NOMEM;
    }
    (*rd)->priv = (*wr)->priv = p;
    p->readers = p->writers = 1;
    return 0;
}
