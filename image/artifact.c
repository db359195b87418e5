/*
 * artifact.c — see artifact.h.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include "image/artifact.h"

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* dir/name in buf if that file exists. */
static bool try_dir(char *buf, size_t n, const char *dir, const char *name)
{
    snprintf(buf, n, "%s/%s", dir, name);
    return is_file(buf);
}

int artifact_find(const char *name, char *buf, size_t n)
{
    char dir[4096];
    const char *env = getenv("ALPHAVLM_BUILD");
    ssize_t len;

    if (env && *env)
        return try_dir(buf, n, env, name) ? 0 : -1;
    len = readlink("/proc/self/exe", dir, sizeof(dir) - 4);
    if (len <= 0 || len >= (ssize_t)sizeof(dir) - 4)
        return -1;
    dir[len] = 0;
    char *slash = strrchr(dir, '/');
    if (!slash)
        return -1;
    *slash = 0;                                        /* the binary's directory */
    if (try_dir(buf, n, dir, name))
        return 0;
    strcat(dir, "/..");                                /* build/asan/alphavlm -> build/ */
    return try_dir(buf, n, dir, name) ? 0 : -1;
}

int artifact_find_vlmos(const char **kernel, const char **initrd)
{
    static char kpath[4200], ipath[4200];

    if (artifact_find("guestos/kernel.elf", kpath, sizeof(kpath))) {
        fprintf(stderr, "alphavlm run: cannot find guestos/kernel.elf in the build "
                "directory (run make, or set ALPHAVLM_BUILD)\n");
        return -1;
    }
    *kernel = kpath;
    if (*initrd)
        return 0;
    if (artifact_find("initrd.cpio", ipath, sizeof(ipath))) {
        fprintf(stderr, "alphavlm run: cannot find initrd.cpio in the build directory "
                "(run make)\n");
        return -1;
    }
    *initrd = ipath;
    return 0;
}

const char *png_path_problem(const char *path)
{
    char dir[4096];
    size_t n = strlen(path);
    const char *slash = strrchr(path, '/');

    if (n < 5 || strcasecmp(path + n - 4, ".png"))
        return "expected a file name ending in .png";
    snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - path) + 1 : 1, slash ? path : ".");
    if (access(dir, W_OK) != 0)
        return "its directory does not exist or is not writable";
    return NULL;
}
