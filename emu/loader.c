/*
 * loader.c — see loader.h.  ELF reading uses libelf (elfutils).
 */
#include <errno.h>
#include <stdlib.h>
#include <fcntl.h>
#include <gelf.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "image/cpio.h"
#include "emu/loader.h"
#include "trace/trace.h"

#ifndef EM_RISCV
#define EM_RISCV 243
#endif

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

static int check_header(Elf *e, const char *path, GElf_Ehdr *eh)
{
    if (elf_kind(e) != ELF_K_ELF || !gelf_getehdr(e, eh)) {
        fprintf(stderr, "alphavlm: %s: not an ELF file\n", path);
        return -1;
    }
    if (gelf_getclass(e) != ELFCLASS64 || eh->e_machine != EM_RISCV ||
        eh->e_ident[EI_DATA] != ELFDATA2LSB) {
        fprintf(stderr, "alphavlm: %s: not an RV64 (little-endian RISC-V 64-bit) ELF\n", path);
        return -1;
    }
    if (eh->e_type != ET_EXEC) {
        fprintf(stderr, "alphavlm: %s: not an executable ELF (e_type %u)\n", path, eh->e_type);
        return -1;
    }
    return 0;
}

/* Copy one PT_LOAD segment to its physical address. */
static int load_segment(struct machine *m, const char *path, const GElf_Phdr *ph,
                        const uint8_t *file, size_t file_size, uint64_t *end)
{
    uint64_t pa = ph->p_paddr;

    if (ph->p_filesz > ph->p_memsz || ph->p_offset > file_size ||
        ph->p_filesz > file_size - ph->p_offset) {
        fprintf(stderr, "alphavlm: %s: corrupt program header (segment outside the file)\n", path);
        return -1;
    }
    if (pa < KERNEL_MIN_PA || !machine_pa(m, pa, ph->p_memsz)) {
        fprintf(stderr, "alphavlm: %s: segment at PA %#lx+%#lx does not fit in RAM "
                "(%#lx..%#lx)\n", path, (unsigned long)pa, (unsigned long)ph->p_memsz,
                KERNEL_MIN_PA, (unsigned long)m->cfg.ram_size);
        return -1;
    }
    memcpy(m->ram + pa, file + ph->p_offset, ph->p_filesz);
    memset(m->ram + pa + ph->p_filesz, 0, ph->p_memsz - ph->p_filesz);
    if (pa + ph->p_memsz > *end)
        *end = pa + ph->p_memsz;
    return 0;
}

static int load_segments(struct machine *m, Elf *e, const char *path, const GElf_Ehdr *eh,
                         const uint8_t *file, size_t size, uint64_t *end)
{
    size_t n;
    int loaded = 0, entry_ok = 0;

    if (elf_getphdrnum(e, &n) != 0) {
        fprintf(stderr, "alphavlm: %s: corrupt program headers\n", path);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        GElf_Phdr ph;
        if (!gelf_getphdr(e, (int)i, &ph)) {
            fprintf(stderr, "alphavlm: %s: corrupt program header %zu\n", path, i);
            return -1;
        }
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        if (load_segment(m, path, &ph, file, size, end))
            return -1;
        loaded++;
        entry_ok |= eh->e_entry - ph.p_vaddr < ph.p_memsz;
    }
    if (!loaded || !entry_ok) {
        fprintf(stderr, "alphavlm: %s: %s\n", path,
                loaded ? "entry point is outside every loaded segment" : "no loadable segment");
        return -1;
    }
    return 0;
}

uint64_t elf_code_id(const uint8_t *img, size_t n)
{
    Elf *e;
    size_t nph;
    uint64_t h = TRACE_FNV_INIT;

    elf_version(EV_CURRENT);
    if (!(e = elf_memory((char *)img, n)) || elf_getphdrnum(e, &nph) != 0) {
        if (e)
            elf_end(e);
        return 0;
    }
    for (size_t i = 0; i < nph; i++) {
        GElf_Phdr ph;
        if (!gelf_getphdr(e, (int)i, &ph) || ph.p_type != PT_LOAD || ph.p_offset > n ||
            ph.p_filesz > n - ph.p_offset)
            continue;
        uint64_t where[3] = { ph.p_paddr, ph.p_filesz, ph.p_memsz };
        h = trace_fnv(h, where, sizeof(where));
        h = trace_fnv(h, img + ph.p_offset, ph.p_filesz);
    }
    elf_end(e);
    return h;
}

int load_kernel(struct machine *m, const char *path, uint64_t *entry, uint64_t *end)
{
    struct stat st;
    int fd = open(path, O_RDONLY), r = -1;
    uint8_t *file = MAP_FAILED;
    Elf *e = NULL;
    GElf_Ehdr eh;

    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        fprintf(stderr, "alphavlm: %s: %s\n", path, fd < 0 ? strerror(errno) : "not a regular file");
        goto out;
    }
    elf_version(EV_CURRENT);
    if (st.st_size > 0)
        file = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (file == MAP_FAILED || !(e = elf_memory((char *)file, (size_t)st.st_size))) {
        fprintf(stderr, "alphavlm: %s: not an ELF file\n", path);
        goto out;
    }
    *end = 0;
    if (check_header(e, path, &eh) || load_segments(m, e, path, &eh, file, (size_t)st.st_size, end))
        goto out;
    *entry = eh.e_entry;
    *end = (*end + PAGE_MASK) & ~PAGE_MASK;
    if (m->cfg.trace_path)                       /* the trace header's kernel build id */
        m->kernel_id = elf_code_id(file, (size_t)st.st_size);
    r = 0;
out:
    if (e) elf_end(e);
    if (file != MAP_FAILED) munmap(file, (size_t)st.st_size);
    if (fd >= 0) close(fd);
    return r;
}

int load_file(const char *what, const char *path, uint8_t **buf, uint64_t *size)
{
    FILE *f = fopen(path, "rb");
    struct stat st;

    *buf = NULL;
    if (!f || fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fprintf(stderr, "alphavlm: %s %s: %s\n", what, path, f ? "not a regular file" : strerror(errno));
        if (f) fclose(f);
        return -1;
    }
    *size = (uint64_t)st.st_size;
    *buf = malloc(*size ? *size : 1);
    size_t got = *buf ? fread(*buf, 1, *size, f) : 0;
    fclose(f);
    if (!*buf || got != *size) {
        fprintf(stderr, "alphavlm: %s %s: %s\n", what, path, *buf ? "short read" : "out of memory");
        free(*buf);
        return -1;
    }
    return 0;
}

/* Copy len bytes to RAM at pa, or print why not.  0 or -1. */
static int put_ram(struct machine *m, const char *what, const char *path, uint64_t pa,
                   const void *data, uint64_t len)
{
    uint8_t *dst = machine_pa(m, pa, len);

    if (!dst) {
        fprintf(stderr, "alphavlm: %s %s: %lu bytes do not fit in RAM after the kernel\n",
                what, path, (unsigned long)len);
        return -1;
    }
    memcpy(dst, data, len);
    return 0;
}

/* Append the host file cfg.extra_path as a member in place of the trailer. */
static int add_extra(struct machine *m, uint64_t pa, uint64_t *size, size_t trailer)
{
    const char *path = m->cfg.extra_path, *name = strrchr(path, '/') + 1;
    uint8_t *data, *member;
    uint64_t dsize;
    int r = -1;

    if (load_file("program", path, &data, &dsize))
        return -1;
    if (dsize > 0xFFFFFFFFu) {
        fprintf(stderr, "alphavlm: program %s: too big for a cpio newc member\n", path);
        free(data);
        return -1;
    }
    size_t n = cpio_append_size(name, dsize);
    if ((member = malloc(n)) != NULL) {
        cpio_append(member, name, data, dsize);
        r = put_ram(m, "program", path, pa + trailer, member, n);
        *size = trailer + n;
    } else {
        fprintf(stderr, "alphavlm: program %s: out of memory\n", path);
    }
    free(member);
    free(data);
    return r;
}

int load_initrd(struct machine *m, const char *path, uint64_t at, uint64_t *pa, uint64_t *size)
{
    size_t trailer;
    char err[128];
    uint8_t *buf;
    int r = -1;

    *pa = (at + PAGE_MASK) & ~PAGE_MASK;
    if (load_file("initrd", path, &buf, size))
        return -1;
    if (m->cfg.vlmos && cpio_check(buf, *size, &trailer, err, sizeof(err)))
        fprintf(stderr, "alphavlm: initrd %s: %s\n", path, err);
    else if (put_ram(m, "initrd", path, *pa, buf, *size) == 0)
        r = m->cfg.vlmos && m->cfg.extra_path ? add_extra(m, *pa, size, trailer) : 0;
    free(buf);
    return r;
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
