#define _GNU_SOURCE
/* pread64/pwrite64 (the offset stays), statx, fcntl's commands, the
 * terminal ioctls on a non-terminal, sched_getaffinity, with Linux's
 * errnos for bad arguments. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#define SHOW(what, expr) do { errno = 0; long r_ = (long)(expr); \
        printf("%s %ld errno %d\n", what, r_, r_ < 0 ? errno : 0); } while (0)

int main(int argc, char **argv)
{
    char buf[64];
    int fd = open("t_io2.tmp", O_RDWR | O_CREAT | O_TRUNC, 0644), p[2];
    struct statx sx;
    struct termios t;
    cpu_set_t set;
    pid_t pg;

    (void)argc;
    SHOW("write", write(fd, "0123456789abcdef", 16));
    SHOW("pread", pread(fd, buf, 4, 6));
    printf("got %.4s at %ld\n", buf, (long)lseek(fd, 0, SEEK_CUR));
    SHOW("pwrite", pwrite(fd, "XY", 2, 2));
    SHOW("pread past end", pread(fd, buf, 8, 100));
    SHOW("pread", pread(fd, buf, 16, 0));
    printf("got %.16s at %ld\n", buf, (long)lseek(fd, 0, SEEK_CUR));
    SHOW("pread negative", pread(fd, buf, 4, -1));
    SHOW("pread bad fd", pread(99, buf, 4, 0));
    SHOW("pipe", pipe(p));
    SHOW("pread pipe", pread(p[0], buf, 4, 0));
    SHOW("pwrite pipe", pwrite(p[1], buf, 4, 0));
    int ro = open(argv[0], O_RDONLY);
    SHOW("pwrite read-only", pwrite(ro, buf, 4, 0));
    SHOW("pread self", pread(ro, buf, 4, 1));
    printf("got %.3s\n", buf);

    SHOW("statx", statx(AT_FDCWD, "t_io2.tmp", 0, STATX_BASIC_STATS, &sx));
    printf("size %llu regular %d mask-size %d\n", (unsigned long long)sx.stx_size,
           S_ISREG(sx.stx_mode), !!(sx.stx_mask & STATX_SIZE));
    SHOW("statx fd", statx(ro, "", AT_EMPTY_PATH, STATX_SIZE, &sx));
    printf("elf size>0 %d\n", sx.stx_size > 0);
    SHOW("statx dir", statx(AT_FDCWD, ".", 0, STATX_TYPE, &sx));
    printf("dir %d\n", S_ISDIR(sx.stx_mode));
    SHOW("statx missing", statx(AT_FDCWD, "no/such", 0, STATX_BASIC_STATS, &sx));
    SHOW("statx bad flags", statx(AT_FDCWD, ".", 0x6000, STATX_BASIC_STATS, &sx));
    SHOW("statx reserved mask", statx(AT_FDCWD, ".", 0, 0x80000000u, &sx));

    SHOW("F_GETFD", fcntl(fd, F_GETFD));
    SHOW("F_SETFD", fcntl(fd, F_SETFD, FD_CLOEXEC));
    SHOW("F_GETFD", fcntl(fd, F_GETFD));
    SHOW("F_GETFL rdwr", fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND));
    SHOW("F_SETFL append", fcntl(fd, F_SETFL, O_APPEND));
    SHOW("F_GETFL", fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND));
    SHOW("F_DUPFD 8", fcntl(fd, F_DUPFD, 8));
    SHOW("F_GETFD dup", fcntl(8, F_GETFD));
    SHOW("F_DUPFD_CLOEXEC 5", fcntl(fd, F_DUPFD_CLOEXEC, 5));
    SHOW("F_GETFD dup", fcntl(7, F_GETFD));
    SHOW("F_DUPFD bad", fcntl(fd, F_DUPFD, -1));
    SHOW("fcntl bad cmd", fcntl(fd, 9999));
    SHOW("fcntl bad fd", fcntl(77, F_GETFD));

    SHOW("TCGETS", ioctl(0, TCGETS, &t));
    SHOW("TCSETS", ioctl(0, TCSETS, &t));
    SHOW("TIOCGPGRP", ioctl(0, TIOCGPGRP, &pg));
    SHOW("TCSETS file", ioctl(fd, TCSETS, &t));

    SHOW("sched_getaffinity", sched_getaffinity(0, sizeof(set), &set));
    printf("cpus>=1 %d\n", CPU_COUNT(&set) >= 1);
    SHOW("sched_getaffinity small", syscall(123, 0, 4, &set));
    SHOW("sched_getaffinity odd", syscall(123, 0, 12, &set));
    SHOW("sched_getaffinity pid", sched_getaffinity(123456, sizeof(set), &set));
    SHOW("unlink", unlink("t_io2.tmp"));
    return 0;
}
