/*
 * rm — remove files written since boot (RAM files; the initrd is read-only).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int bad = 0;

    for (int i = 1; i < argc; i++)
        if (unlink(argv[i]) != 0) {
            fprintf(stderr, "rm: %s: %s\n", argv[i], strerror(errno));
            bad = 1;
        }
    return bad;
}
