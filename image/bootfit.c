/*
 * bootfit.c — see bootfit.h.  Each computation mirrors the kernel code
 * named beside it; the numbers come from guestos/abi/vlmos_boot.h.
 */
#include <elf.h>
#include <stdio.h>
#include <string.h>
#include "axp64/axp64.h"
#include "guestos/abi/vlmos.h"
#include "guestos/abi/vlmos_boot.h"
#include "image/bootfit.h"
#include "image/cpio.h"

#define PAGEUP(x) (((x) + PAGE_MASK) & ~PAGE_MASK)

int bootfit_initrd(const uint8_t *buf, size_t len, char *err, size_t errlen)
{
    struct cpio_member m;
    size_t off = 0, nfiles = 0;

    (void)len;                                   /* checked: the trailer ends the walk */
    while (cpio_next(buf, &off, &m)) {
        if ((m.mode & 0170000) != 0100000 || !*m.name)
            continue;                            /* the kernel indexes regular files only */
        if (strlen(m.name) >= VPATH_MAX) {
            snprintf(err, errlen, "member '%.40s...': name longer than VLM/OS's %d characters",
                     m.name, VPATH_MAX - 1);
            return -1;
        }
        if (++nfiles > VINITRD_MAX_FILES) {
            snprintf(err, errlen, "more than VLM/OS's %d files", VINITRD_MAX_FILES);
            return -1;
        }
    }
    return 0;
}

/* Does any PT_LOAD segment cover the page at va?  (exec.c page_info) */
static int covered(const Elf64_Phdr *ph, int n, uint64_t va)
{
    for (int i = 0; i < n; i++)
        if (ph[i].p_type == PT_LOAD && va + PAGE_SIZE > ph[i].p_vaddr &&
            va < ph[i].p_vaddr + ph[i].p_memsz)
            return 1;
    return 0;
}

uint64_t bootfit_program_pages(const uint8_t *buf, size_t len, const char *name)
{
    const uint8_t *d;
    size_t size;
    Elf64_Ehdr eh;

    if (cpio_find(buf, len, name, &d, &size) || size < sizeof(eh))
        return 0;
    memcpy(&eh, d, sizeof(eh));
    if (memcmp(eh.e_ident, ELFMAG, SELFMAG) || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
        eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phnum > 16 ||
        eh.e_phoff > size || size - eh.e_phoff < eh.e_phnum * sizeof(Elf64_Phdr))
        return 0;
    Elf64_Phdr ph[16];
    uint64_t lo = UINT64_MAX, hi = 0, pages = VUSER_STACK_INIT / PAGE_SIZE;
    memcpy(ph, d + eh.e_phoff, eh.e_phnum * sizeof(Elf64_Phdr));
    for (int i = 0; i < eh.e_phnum; i++)
        if (ph[i].p_type == PT_LOAD && ph[i].p_memsz && ph[i].p_vaddr < USER_STACK_TOP) {
            lo = ph[i].p_vaddr < lo ? ph[i].p_vaddr & ~PAGE_MASK : lo;
            uint64_t end = PAGEUP(ph[i].p_vaddr + ph[i].p_memsz);
            hi = end > hi && end <= USER_STACK_TOP ? end : hi;
        }
    for (uint64_t va = lo; va < hi; va += PAGE_SIZE)
        pages += covered(ph, eh.e_phnum, va);
    return pages;
}

/* The commit limit with `ram` bytes (vlm_boot_reserve, frames_init,
 * vm_commit_init), or 0 when the reservations do not fit. */
static uint64_t commit_limit(uint64_t image_end, uint64_t ram)
{
    uint64_t frames = ram >> PAGE_SHIFT, next = PAGEUP(image_end);

    next += PAGEUP((frames + VBOOT_PAT_HANDLES + 1) * VBOOT_PAT_ENTRY);
    next += PAGEUP(frames * VBOOT_FRAME_BYTES);
    if (next >= ram)
        return 0;
    uint64_t avail = frames - (next >> PAGE_SHIFT);
    uint64_t reserve = avail >> VBOOT_RESERVE_SHIFT;
    reserve = reserve > VBOOT_RESERVE_MIN ? reserve : VBOOT_RESERVE_MIN;
    return avail > reserve ? avail - reserve : 0;
}

uint64_t bootfit_ram_floor(uint64_t image_end, uint64_t pages)
{
    uint64_t ram = PAGEUP(image_end) + PAGE_SIZE;

    while (commit_limit(image_end, ram) < pages || commit_limit(image_end, ram) == 0)
        ram += PAGE_SIZE;                        /* a few hundred steps: the floor is MiBs */
    return ram;
}
