/*
 * vlm.c — the VLM client library (see vlm.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include "workloads/lib/vlmlib.h"
#include "workloads/lib/vlmos_user.h"

static int fd = -1;

int vlm_fd(void)
{
    if (fd < 0)
        fd = open(VLM_DEVICE, O_RDWR);
    return fd;
}

static int call(unsigned cmd, long arg)
{
    int f = vlm_fd();
    return f < 0 ? -1 : ioctl(f, cmd, arg);
}

int vlm_alloc(uint64_t size, unsigned flags, struct vlm_alloc *info)
{
    struct vlm_alloc a = { .size = size, .flags = flags };
    if (call(VLM_ALLOC, (long)&a) < 0)
        return -1;
    if (info)
        *info = a;
    return a.handle;
}

int vlm_buf_create(int h, uint64_t offset, uint64_t length)
{
    struct vlm_buf b = { .handle = h, .offset = offset, .length = length };
    return call(VLM_BUF_CREATE, (long)&b) < 0 ? -1 : b.buf;
}

void *vlm_map(int b, uint64_t offset, uint64_t length, void *va, unsigned flags, uint64_t *ptes)
{
    struct vlm_map m = { .buf = b, .flags = flags, .offset = offset, .length = length,
                         .va = (uint64_t)(uintptr_t)va };
    if (call(VLM_MAP, (long)&m) < 0)
        return NULL;
    if (ptes)
        *ptes = m.ptes;
    return (void *)(uintptr_t)m.va;
}

int vlm_unmap(void *va)        { return call(VLM_UNMAP, (long)va); }
int vlm_buf_release(int b)     { return call(VLM_BUF_RELEASE, b); }
int vlm_free(int h)            { return call(VLM_FREE, h); }
int vlm_shutdown(void)         { return call(VLM_SHUTDOWN, 0); }

static ssize_t rw(unsigned cmd, int h, uint64_t offset, const void *buf, size_t len)
{
    struct vlm_rw r = { .handle = h, .offset = offset, .buf = (uint64_t)(uintptr_t)buf, .length = len };
    int f = vlm_fd();
    if (f < 0)
        return -1;
    long n = vsyscall(SYS_ioctl, f, cmd, (long)&r, 0, 0, 0);
    if (n < 0) {
        errno = n == -VE_CANCELED ? ECANCELED : (int)-n;
        return -1;
    }
    return n;
}

ssize_t vlm_read(int h, uint64_t offset, void *buf, size_t len)
{
    return rw(VLM_READ, h, offset, buf, len);
}

ssize_t vlm_write(int h, uint64_t offset, const void *buf, size_t len)
{
    return rw(VLM_WRITE, h, offset, buf, len);
}

int vlm_stat(int h, struct vlm_stat *st)
{
    st->handle = h;
    return call(VLM_STAT, (long)st);
}
