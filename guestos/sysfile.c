/*
 * sysfile.c — descriptor and directory calls (see sysfile.h).  Numbers and
 * argument layouts are Linux's, so programs built for Linux behave.
 */
#include "guestos/file.h"
#include "guestos/initrd.h"
#include "guestos/path.h"
#include "guestos/pipe.h"
#include "guestos/proc.h"
#include "guestos/ramfs.h"
#include "guestos/sysfile.h"

/* True if some live process is in group pgid. */
static bool group_exists(int pgid)
{
    for (int i = 0; i < NPROC; i++)
        if (procs[i] && procs[i]->state != P_ZOMBIE && procs[i]->pgid == pgid)
            return true;
    return false;
}

/* pipe2(int fds[2], flags): flags 0 or O_CLOEXEC (no O_NONBLOCK). */
int64_t sys_pipe2(const uint64_t a[6])
{
    struct file *rd, *wr;
    int fds[2], r;

    if (a[1] & ~(uint64_t)VO_CLOEXEC)
        return -VE_INVAL;
    if ((r = pipe_create(&rd, &wr)) != 0)
        return r;
    fds[0] = fd_alloc(rd);
    fds[1] = fds[0] < 0 ? -VE_MFILE : fd_alloc(wr);
    r = fds[1] < 0 ? -VE_MFILE : copyout(curproc, a[0], fds, sizeof(fds)) ? -VE_FAULT : 0;
    if (r) {                      /* undo: nothing stays open */
        if (fds[0] >= 0)
            curproc->ofile[fds[0]] = NULL;
        if (fds[1] >= 0)
            curproc->ofile[fds[1]] = NULL;
        file_close(rd);
        file_close(wr);
    } else if (a[1] & VO_CLOEXEC) {
        curproc->leader->cloexec |= 1u << fds[0] | 1u << fds[1];
    }
    return r;
}

int64_t sys_dup(const uint64_t a[6])
{
    struct file *f = fd_file(a[0]);
    int fd;

    if (!f)
        return -VE_BADF;
    if ((fd = fd_alloc(f)) >= 0)
        file_dup(f);
    return fd;
}

/* dup3(fd, newfd, flags 0 or O_CLOEXEC): newfd now shares fd's file
 * (newfd closed first), close-on-exec as flags say. */
int64_t sys_dup3(const uint64_t a[6])
{
    struct file *f = fd_file(a[0]);

    if (a[2] & ~(uint64_t)VO_CLOEXEC)
        return -VE_INVAL;
    if (!f || a[1] >= NOFILE)
        return -VE_BADF;
    if (a[0] == a[1])
        return -VE_INVAL;
    struct file *old = curproc->ofile[a[1]];
    curproc->ofile[a[1]] = file_dup(f);
    curproc->leader->cloexec = (curproc->leader->cloexec & ~(1u << a[1])) |
                       (a[2] & VO_CLOEXEC ? 1u << a[1] : 0);
    if (old)
        file_close(old);
    return (int64_t)a[1];
}

int64_t sys_chdir(const uint64_t a[6])
{
    char path[VPATH_MAX];
    int r = copyin_path(a[0], path);

    if (r)
        return r;
    if (!path_is_dir(path))
        return initrd_find(path) || ramfs_exists(path + 1) ? -VE_NOTDIR : -VE_NOENT;
    strlcpy(curproc->cwd, path, VPATH_MAX);
    return 0;
}

/* getcwd(buf, size): the length stored, with its NUL (as Linux's call). */
int64_t sys_getcwd(const uint64_t a[6])
{
    uint64_t n = strlen(curproc->cwd) + 1;

    if (a[1] < n)
        return -VE_RANGE;
    return copyout(curproc, a[0], curproc->cwd, n) ? -VE_FAULT : (int64_t)n;
}

/* unlinkat(dirfd, path, flags 0): only RAM files can go; dirfd is ignored. */
int64_t sys_unlinkat(const uint64_t a[6])
{
    char path[VPATH_MAX];
    int r = copyin_path(a[1], path);

    if (r)
        return r;
    if (a[2])
        return -VE_INVAL;
    if (initrd_find(path))
        return -VE_ACCES;
    if (path_is_dir(path))
        return -VE_ISDIR;
    return ramfs_unlink(path + 1);
}

/* setpgid(pid, pgid): pid 0 is the caller, pgid 0 is pid.  Only the caller
 * or its child may move, to its own pid's group or an existing one. */
int64_t sys_setpgid(const uint64_t a[6])
{
    int64_t pid = (int64_t)a[0], pgid = (int64_t)a[1];
    struct proc *p = pid ? proc_find((int)pid) : curproc;

    if (pid < 0 || pgid < 0 || pid > 0x7FFFFFFF || pgid > 0x7FFFFFFF)
        return -VE_INVAL;
    if (!p || p->state == P_ZOMBIE || (p != curproc && p->parent != curproc->leader))
        return -VE_SRCH;
    if (!pgid)
        pgid = p->pid;
    if (pgid != p->pid && !group_exists((int)pgid))
        return -VE_PERM;
    p->pgid = (int)pgid;
    return 0;
}
