/*
 * ls [DIR] — list a directory (default: the current one): the initrd's
 * programs and files, then the files written since boot.  Directories are
 * implied by names (docs/vlmos.md): a name "d/x" under the directory shows
 * as "d/", once.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "workloads/lib/vlmos_user.h"

#define MAXNAMES 256

/* The canonical absolute form of dir, without the leading "/" ("" for "/"). */
static int resolve(const char *dir, char *out, size_t n)
{
    char old[VPATH_MAX];

    if (!getcwd(old, sizeof(old)) || chdir(dir) != 0 || !getcwd(out, n) || chdir(old) != 0)
        return -1;
    memmove(out, out + 1, strlen(out));
    return 0;
}

int main(int argc, char **argv)
{
    char dir[VPATH_MAX], name[VPATH_MAX], seen[MAXNAMES][VPATH_MAX];
    int nseen = 0;

    if (resolve(argc > 1 ? argv[1] : ".", dir, sizeof(dir)) != 0) {
        fprintf(stderr, "ls: %s: %s\n", argc > 1 ? argv[1] : ".", strerror(errno));
        return 1;
    }
    size_t dlen = strlen(dir);
    for (int slot = 0; (slot = initrd_list(slot, name, sizeof(name))) > 0; ) {
        if (dlen && (strncmp(name, dir, dlen) || name[dlen] != '/'))
            continue;                                /* not under dir */
        char *rest = name + (dlen ? dlen + 1 : 0), *slash = strchr(rest, '/');
        if (slash)
            slash[1] = 0;                            /* a directory: "d/" */
        bool dup = false;
        for (int i = 0; i < nseen && !dup; i++)
            dup = !strcmp(seen[i], rest);
        if (dup || nseen == MAXNAMES)
            continue;
        strcpy(seen[nseen], rest);
        printf("%s%s", nseen++ ? "  " : "", rest);
    }
    printf("\n");
    return 0;
}
