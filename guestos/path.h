/*
 * path.h — path names: the current directory, and directories over the flat
 * initrd.
 *
 * A canonical path is absolute, "/" or "/a/b": no ".", "..", empty or
 * trailing components.  Directories are implied by names: "/d" is a
 * directory when some initrd member or RAM file is named "d/...", and "/"
 * always is (the initrd today is flat, so "/" is the only one).
 */
#ifndef GUESTOS_PATH_H
#define GUESTOS_PATH_H

#include "guestos/kernel.h"

/*
 * path_resolve — the canonical form of path (absolute, or relative to cwd,
 * itself canonical) in out[VPATH_MAX].  ".." of "/" is "/".  Returns 0, or
 * -VE_NOENT (empty path) or -VE_NAMETOOLONG (out would not fit).
 */
int path_resolve(const char *cwd, const char *path, char out[VPATH_MAX]);

/* True if the canonical path is a directory (see above).  Can't fail. */
bool path_is_dir(const char *path);

/* The canonical path of the directory holding canonical path (into out;
 * out may be path itself). */
void path_parent(const char *path, char out[VPATH_MAX]);

/*
 * copyin_path — copy a user path string in and resolve it against the
 * calling process's current directory.  0, -VE_FAULT, -VE_NAMETOOLONG or
 * -VE_NOENT.
 */
int copyin_path(uint64_t upath, char out[VPATH_MAX]);

/*
 * path_list — the file at or after listing slot `slot`: initrd members, then
 * RAM files.  Returns the slot to ask for next and sets *name, or returns 0
 * at the end.
 */
uint64_t path_list(uint64_t slot, const char **name);

#endif /* GUESTOS_PATH_H */
