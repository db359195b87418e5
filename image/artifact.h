/*
 * artifact.h — the files around the images: where the build's artifacts
 * are (the kernel, the initrd, the programs with their debug info), found
 * the same way by `alphavlm run`, crash reports and the trace tools; and
 * whether a picture can be written where the user asked.
 */
#ifndef ARTIFACT_H
#define ARTIFACT_H

#include <stddef.h>

/*
 * artifact_find — the path of build artifact `name` (e.g.
 * "guestos/kernel.elf") into buf[0..n): in $ALPHAVLM_BUILD if set, else in
 * the running binary's directory or its parent (build/asan/alphavlm finds
 * build/).  0 if that file exists, -1 (no message) if not.
 */
int artifact_find(const char *name, char *buf, size_t n);

/*
 * artifact_find_vlmos — *kernel = the build's guestos/kernel.elf and, if
 * *initrd is NULL (no --initrd), *initrd = its initrd.cpio, as
 * artifact_find finds them.  The strings are static.  0, or -1 after one
 * line "alphavlm run: cannot find ..." (*kernel and *initrd then
 * unchanged, or only *kernel set).
 */
int artifact_find_vlmos(const char **kernel, const char **initrd);

/* Why a picture cannot be written to path (not FILE.png, or its directory
 * is missing or not writable), or NULL if it can.  Prints nothing. */
const char *png_path_problem(const char *path);

#endif /* ARTIFACT_H */
