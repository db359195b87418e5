/* v_exec.c — execve under VLM/OS (issue 21): qemu-riscv64 cannot exec a
 * RISC-V program without the host's binfmt_misc, so run.sh checks these
 * lines itself.  argv and envp arrive, close-on-exec descriptors are
 * closed and others kept, a failed execve leaves the caller running, the
 * new image starts fresh, posix_spawn (clone with CLONE_VM|CLONE_VFORK and
 * a stack of its own) works, a program in a RAM file runs. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;
static int image_state = 1;             /* the new image must see 1 again */

static int child(int argc, char **argv)
{
    printf("exec'd: argc %d argv[1] %s argv[2] %s FOO=%s BAR=%s state %d\n", argc, argv[1],
           argc > 2 ? argv[2] : "-", getenv("FOO") ? getenv("FOO") : "(none)",
           getenv("BAR") ? getenv("BAR") : "(none)", image_state);
    printf("exec'd: fd 5 %s, fd 6 %s\n", fcntl(5, F_GETFD) < 0 ? "closed" : "open",
           fcntl(6, F_GETFD) < 0 ? "closed" : "open");
    return 7;
}

/* A program written to a RAM file runs too.  RAM files hold 512 KiB: the
 * musl build fits; a glibc build may not (then it says so). */
static void ram_exec(const char *self)
{
    int in = open(self, O_RDONLY), out = open("/ramcopy", O_WRONLY | O_CREAT | O_TRUNC, 0755), st;
    char buf[8192];
    ssize_t n;
    long total = 0;
    int ok = in >= 0 && out >= 0;

    while (ok && (n = read(in, buf, sizeof(buf))) > 0) {
        ok = write(out, buf, n) == n;
        total += n;
    }
    close(in);
    close(out);
    if (!ok) {
        printf("ram copy: too big\n");
        unlink("/ramcopy");
        return;
    }
    pid_t pid = fork();
    if (pid == 0) {
        execve("/ramcopy", (char *[]){ "ramcopy", "child", "from RAM", NULL }, environ);
        _exit(127);
    }
    waitpid(pid, &st, 0);
    printf("ram exec of %ld bytes: status %d\n", total, WEXITSTATUS(st));
    unlink("/ramcopy");
}

int main(int argc, char **argv)
{
    int st;

    if (argc > 1 && !strcmp(argv[1], "child"))
        return child(argc, argv);
    setvbuf(stdout, NULL, _IONBF, 0);
    image_state = 2;
    dup2(1, 5);
    dup3(1, 6, O_CLOEXEC);
    pid_t pid = fork();
    if (pid == 0) {
        char *av[] = { argv[0], "child", "two words", NULL };
        char *ev[] = { "FOO=bar", "BAR=baz qux", NULL };
        execve("/proc/self/exe", av, ev);
        _exit(127);
    }
    waitpid(pid, &st, 0);
    printf("exec child status %d\n", WEXITSTATUS(st));
    errno = 0;
    printf("execve missing: %d errno %d\n", execve("/no/such", (char *[]){ "x", NULL }, NULL), errno);
    printf("still here, state %d\n", image_state);
    pid = fork();
    if (pid == 0) {
        execl(argv[0], argv[0], "child", (char *)NULL);   /* by its name in the initrd */
        _exit(127);
    }
    waitpid(pid, &st, 0);
    printf("execl by name: status %d\n", WEXITSTATUS(st));
    char *sav[] = { argv[0], "child", "spawned", NULL };
    char *sev[] = { "FOO=spawn", NULL };
    int r = posix_spawn(&pid, "/proc/self/exe", NULL, NULL, sav, sev);
    waitpid(pid, &st, 0);
    printf("posix_spawn: %d, status %d\n", r, WEXITSTATUS(st));
    ram_exec(argv[0]);
    return 0;
}
