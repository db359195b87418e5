/*
 * initrd.h — the cpio "newc" archive the emulator loads (DESIGN.md section 7):
 * the programs VLM/OS can run.  Parsed once at boot; members are used in
 * place (KSEG43), read-only.
 */
#ifndef GUESTOS_INITRD_H
#define GUESTOS_INITRD_H

#include "guestos/kernel.h"

#include "guestos/abi/vlmos_boot.h"

#define INITRD_MAX_FILES VINITRD_MAX_FILES   /* the host checks it too */

struct initrd_file {
    char name[VPATH_MAX];         /* without a leading "./" or "/" */
    const uint8_t *data;
    uint64_t size;
};

/* Parse the archive at boot.initrd_pa.  Returns the number of members, or
 * -VE_NOEXEC after printing one line naming the first bad header. */
int initrd_init(void);

/* Member number i, or NULL past the end. */
const struct initrd_file *initrd_get(uint64_t i);

/* The member named path (a leading "/" or "./" is ignored), or NULL.  A
 * later member of the same name wins (as extracting the archive would). */
const struct initrd_file *initrd_find(const char *path);

#endif /* GUESTOS_INITRD_H */
