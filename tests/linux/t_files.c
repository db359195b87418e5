/* File I/O: a RAM file written and read back (fopen/fwrite/fread, fseek,
 * stat), and the program's own file (an initrd file under VLM/OS). */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    char buf[256];
    struct stat st;
    FILE *f = fopen("t_files.tmp", "w+");

    (void)argc;
    if (!f)
        return perror("fopen"), 1;
    for (int i = 0; i < 100; i++)
        fprintf(f, "line %d\n", i);
    fseek(f, 0, SEEK_SET);
    int lines = 0;
    while (fgets(buf, sizeof(buf), f))
        lines++;
    printf("lines %d, at %ld\n", lines, ftell(f));
    fclose(f);
    printf("stat %d size %ld regular %d\n", stat("t_files.tmp", &st), (long)st.st_size,
           S_ISREG(st.st_mode));
    printf("unlink %d\n", unlink("t_files.tmp"));
    printf("gone %d\n", access("t_files.tmp", F_OK));
    int fd = open(argv[0], O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return perror("open self"), 1;
    printf("read %zd\n", read(fd, buf, 4));
    printf("elf %d\n", !memcmp(buf, "\177ELF", 4));
    printf("fstat %d regular %d\n", fstat(fd, &st), S_ISREG(st.st_mode));
    printf("cloexec %d\n", fcntl(fd, F_GETFD) & FD_CLOEXEC);
    printf("close %d\n", close(fd));
    printf("open missing %d\n", open("no/such/file", O_RDONLY));
    return 0;
}
