/*
 * ramfs.h — files written since boot, in kernel pages, beside the read-only
 * initrd (an overlay: the initrd's names stay read-only; new names are RAM
 * files).  They live until they are removed (unlinkat) or the machine stops.
 *
 * Names are canonical paths without the leading "/" (path.h).  A RAM file
 * holds at most RAMFS_FILE_MAX bytes; there are at most RAMFS_FILES.
 */
#ifndef GUESTOS_RAMFS_H
#define GUESTOS_RAMFS_H

#include "guestos/kernel.h"

struct file;

#define RAMFS_FILES    32
#define RAMFS_PAGES    64                        /* pages a file may hold */
#define RAMFS_FILE_MAX (RAMFS_PAGES * PAGE_SIZE) /* 512 KiB */

/*
 * ramfs_open — open the RAM file `name` with open flags (VO_*): VO_CREAT
 * makes it if it is missing, VO_TRUNC empties it.  Returns 0 and *out, or
 * -VE_NOENT (missing, no VO_CREAT), -VE_EXIST (VO_CREAT|VO_EXCL and it
 * exists), -VE_NOSPC (no free slot), -VE_NOMEM.  The caller checks that the
 * name is not an initrd member and that its directory exists.
 */
int ramfs_open(const char *name, int flags, struct file **out);

/* True if a RAM file has this name.  Can't fail. */
bool ramfs_exists(const char *name);

/* Remove a RAM file: its pages go back when the last descriptor closes.
 * 0, or -VE_NOENT. */
int ramfs_unlink(const char *name);

/* The size of an open RAM file, or -1 if f is not one (for lseek). */
int64_t ramfs_size(const struct file *f);

/* Copy up to len bytes of the RAM file `name` from off into the kernel
 * buffer buf (execve reads programs so); with buf NULL, only its size.
 * Returns the bytes copied (0 past the end), the size, or -VE_NOENT. */
int64_t ramfs_kread(const char *name, uint64_t off, void *buf, uint64_t len);

/* The name of RAM file slot i (NULL if the slot is free; i < RAMFS_FILES). */
const char *ramfs_name(int i);

#endif /* GUESTOS_RAMFS_H */
