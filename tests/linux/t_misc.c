#define _GNU_SOURCE
/* uname, isatty, getrandom, ids, prctl, umask, sysinfo, rlimits. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

int main(void)
{
    struct utsname u;
    unsigned char r1[32], r2[32];
    char name[16];
    struct sysinfo si;
    struct rlimit rl;

    printf("uname %d machine %s\n", uname(&u), u.machine);
    printf("isatty %d %d %d\n", isatty(0), isatty(1), isatty(2));
    printf("getrandom %zd %zd differ %d\n", getrandom(r1, sizeof(r1), 0),
           getrandom(r2, sizeof(r2), 0), memcmp(r1, r2, sizeof(r1)) != 0);
    printf("getrandom bad flags %zd errno %d\n", getrandom(r1, 4, 0x100), errno);
    printf("ids agree %d\n", getuid() == geteuid() && getgid() == getegid());
    printf("tid is pid %d\n", gettid() == getpid());
    printf("prctl set %d\n", prctl(PR_SET_NAME, "renamed-process-long"));
    printf("prctl get %d %s\n", prctl(PR_GET_NAME, name), name);
    printf("umask %o %o\n", umask(027), umask(022));
    printf("sysinfo %d ram>0 %d\n", sysinfo(&si), si.totalram > 0);
    printf("getrlimit %d\n", getrlimit(RLIMIT_AS, &rl));
    printf("sysconf ticks %ld\n", sysconf(_SC_CLK_TCK));
    return 0;
}
