/*
 * path.c — path names and directories implied by file names (see path.h).
 */
#include "guestos/initrd.h"
#include "guestos/path.h"
#include "guestos/proc.h"
#include "guestos/ramfs.h"

/* Append component c (n bytes) to the canonical path out, or drop its last
 * component for "..".  0 or -VE_NAMETOOLONG. */
static int push_component(char *out, const char *c, size_t n)
{
    size_t len = strlen(out);

    if (n == 1 && c[0] == '.')
        return 0;
    if (n == 2 && c[0] == '.' && c[1] == '.') {
        while (len > 1 && out[len - 1] != '/')
            len--;
        out[len > 1 ? len - 1 : 1] = 0;
        return 0;
    }
    if (len + (len > 1) + n >= VPATH_MAX)
        return -VE_NAMETOOLONG;
    if (len > 1)
        out[len++] = '/';
    memcpy(out + len, c, n);
    out[len + n] = 0;
    return 0;
}

int path_resolve(const char *cwd, const char *path, char out[VPATH_MAX])
{
    if (!path[0])
        return -VE_NOENT;
    strlcpy(out, path[0] == '/' ? "/" : cwd, VPATH_MAX);
    for (const char *s = path; *s; ) {
        while (*s == '/')
            s++;
        size_t n = 0;
        while (s[n] && s[n] != '/')
            n++;
        if (n && push_component(out, s, n))
            return -VE_NAMETOOLONG;
        s += n;
    }
    return 0;
}

/* True if name (no leading "/") lies under directory dir (canonical). */
static bool under(const char *name, const char *dir)
{
    size_t n = strlen(dir + 1);
    return !dir[1] || (!strncmp(name, dir + 1, n) && name[n] == '/');
}

bool path_is_dir(const char *path)
{
    const struct initrd_file *f;

    for (uint64_t i = 0; (f = initrd_get(i)) != NULL; i++)
        if (under(f->name, path))
            return true;
    for (int i = 0; i < RAMFS_FILES; i++)
        if (ramfs_name(i) && under(ramfs_name(i), path))
            return true;
    return !path[1];
}

void path_parent(const char *path, char out[VPATH_MAX])
{
    char tmp[VPATH_MAX];

    path_resolve(path, "..", tmp);
    strlcpy(out, tmp, VPATH_MAX);
}

uint64_t path_list(uint64_t slot, const char **name)
{
    uint64_t n = 0;
    const struct initrd_file *f;

    while (initrd_get(n))
        n++;
    if ((f = initrd_get(slot)) != NULL) {
        *name = f->name;
        return slot + 1;
    }
    for (uint64_t i = MAX(slot, n); i - n < RAMFS_FILES; i++)
        if ((*name = ramfs_name((int)(i - n))) != NULL)
            return i + 1;
    return 0;
}

int copyin_path(uint64_t upath, char out[VPATH_MAX])
{
    char raw[VPATH_MAX];
    int r = copyinstr(curproc, raw, upath, sizeof(raw));

    return r < 0 ? r : path_resolve(curproc->cwd, raw, out);
}
