/*
 * loader.c — see loader.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "emu/loader.h"
#include "image/cpio.h"
#include "image/elfimg.h"

#define THP_MIN_RAM (1UL << 30)

int ram_alloc(struct machine *m)
{
    void *p = mmap(NULL, m->cfg.ram_size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        fprintf(stderr, "alphavlm: cannot reserve %lu bytes of RAM: %s\n",
                (unsigned long)m->cfg.ram_size, strerror(errno));
        return -1;
    }
    /* Transparent huge pages for a big guest: one that touches gigabytes
     * (the VLM demo writes 10 GiB) pays one host fault per 2 MiB instead of
     * one per 4 KiB (a 2 GiB run: 10.1 s -> 2.3 s).  Small machines do
     * without: they gain nothing measurable, and a scattered touch would
     * cost a 2 MiB host page instead of 4 KiB.  Advice only. */
    if (m->cfg.ram_size >= THP_MIN_RAM)
        madvise(p, m->cfg.ram_size, MADV_HUGEPAGE);
    m->ram = p;
    m->space.ram = p;
    m->space.ram_size = m->cfg.ram_size;
    return 0;
}

/* Copy one loaded segment to its physical address; *end grows past it. */
static int load_segment(struct machine *m, const char *path, const struct elfimg_seg *sg,
                        uint64_t *end)
{
    if (sg->paddr < KERNEL_MIN_PA || !machine_pa(m, sg->paddr, sg->memsz)) {
        fprintf(stderr, "alphavlm: %s: segment at PA %#lx+%#lx does not fit in RAM "
                "(%#lx..%#lx)\n", path, (unsigned long)sg->paddr, (unsigned long)sg->memsz,
                KERNEL_MIN_PA, (unsigned long)m->cfg.ram_size);
        return -1;
    }
    memcpy(m->ram + sg->paddr, sg->bytes, sg->filesz);
    memset(m->ram + sg->paddr + sg->filesz, 0, sg->memsz - sg->filesz);
    if (sg->paddr + sg->memsz > *end)
        *end = sg->paddr + sg->memsz;
    return 0;
}

int load_kernel(struct machine *m, const char *path, uint64_t *entry, uint64_t *end)
{
    struct elfimg e;
    int r = -1;

    if (elfimg_open(&e, path))
        return -1;
    *end = 0;
    for (unsigned i = 0; i < e.nsegs; i++)
        if (load_segment(m, path, &e.seg[i], end))
            goto out;
    *entry = e.entry;
    *end = (*end + PAGE_MASK) & ~PAGE_MASK;
    if (m->cfg.trace_path)                       /* the trace header's kernel build id */
        m->kernel_id = elf_code_id(e.file, e.size);
    r = 0;
out:
    elfimg_close(&e);
    return r;
}

/* Files are read straight into guest RAM (load_file_into): room at a PA,
 * after the kernel (the --ram floor: README). */
struct ram_at {
    struct machine *m;
    uint64_t pa, extra;            /* extra: bytes that must fit after the file */
};

static uint8_t *ram_room(void *ctx, uint64_t size)
{
    struct ram_at *r = ctx;

    return machine_pa(r->m, r->pa, size + r->extra);
}

/* Append the host file cfg.extra_path as a member in place of the trailer:
 * its bytes read into RAM where the member's data goes, the header and a
 * new trailer written around them. */
static int add_extra(struct machine *m, uint64_t pa, uint64_t *size, size_t trailer)
{
    const char *path = m->cfg.extra_path, *name = strrchr(path, '/') + 1;
    size_t doff = cpio_data_offset(name);
    struct ram_at at = { m, pa + trailer + doff, cpio_append_size(name, 0) - doff };
    uint64_t dsize;

    if (load_file_into("program", path, ram_room, &at, &dsize))
        return -1;
    if (dsize > 0xFFFFFFFFu) {
        fprintf(stderr, "alphavlm: program %s: too big for a cpio newc member\n", path);
        return -1;
    }
    *size = trailer + cpio_append(machine_pa(m, pa + trailer, 1), name, NULL, dsize);
    return 0;
}

int load_initrd(struct machine *m, const char *path, uint64_t at, uint64_t *pa, uint64_t *size)
{
    size_t trailer;
    char err[128];
    struct ram_at room = { m, (at + PAGE_MASK) & ~PAGE_MASK, 0 };

    *pa = room.pa;
    if (load_file_into("initrd", path, ram_room, &room, size))
        return -1;
    if (m->cfg.vlmos && cpio_check(machine_pa(m, *pa, 1), *size, &trailer, err, sizeof(err))) {
        fprintf(stderr, "alphavlm: initrd %s: %s\n", path, err);
        return -1;
    }
    return m->cfg.vlmos && m->cfg.extra_path ? add_extra(m, *pa, size, trailer) : 0;
}

static void put64(uint8_t *base, unsigned off, uint64_t v)
{
    memcpy(base + off, &v, 8);
}

/* argv as NUL-separated strings ending with an empty one; argv[0] without
 * its host directory (the initrd member's name). */
static void put_argv(uint8_t *dst, int argc, char *const *argv)
{
    size_t off = 0;

    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (i == 0 && strrchr(a, '/'))
            a = strrchr(a, '/') + 1;
        size_t n = strlen(a) + 1;
        if (off + n >= HWRPB_ARGV_MAX)
            break;                             /* cli_parse_run already refused this */
        memcpy(dst + off, a, n);
        off += n;
    }
    dst[off] = 0;
}

void write_hwrpb(struct machine *m, uint64_t kernel_end, uint64_t initrd_pa, uint64_t initrd_size,
                 bool console_tty)
{
    uint8_t *h = m->ram + HWRPB_PA;

    memset(h, 0, HWRPB_SIZE);
    put64(h, HWRPB_MAGIC_OFF, HWRPB_MAGIC);
    put64(h, HWRPB_VERSION_OFF, HWRPB_VERSION);
    put64(h, HWRPB_PAGESIZE, PAGE_SIZE);
    put64(h, HWRPB_RAMSIZE, m->cfg.ram_size);
    put64(h, HWRPB_INITRD_PA, initrd_pa);
    put64(h, HWRPB_INITRD_SIZE, initrd_size);
    put64(h, HWRPB_PROC_LIMIT, m->cfg.proc_limit);
    put64(h, HWRPB_CLOCK_MODE, m->cfg.clock);
    put64(h, HWRPB_QUANTUM, m->cfg.quantum);
    put64(h, HWRPB_KERNEL_END, kernel_end);
    put64(h, HWRPB_ITB_SIZE, m->cfg.itb_size);
    put64(h, HWRPB_DTB_SIZE, m->cfg.dtb_size);
    put64(h, HWRPB_CONSOLE, console_tty ? HWRPB_CONS_TTY : 0);
    if (m->cfg.clock == CLOCK_HOST) {       /* only then: icount runs stay byte-identical */
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        put64(h, HWRPB_WALLCLOCK, (uint64_t)ts.tv_sec * 1000000000UL + (uint64_t)ts.tv_nsec);
    }
    if (m->cfg.boot_args)
        strncpy((char *)h + HWRPB_ARGS, m->cfg.boot_args, HWRPB_ARGS_MAX - 1);
    put_argv(h + HWRPB_ARGV, m->cfg.argc, m->cfg.argv);
}
