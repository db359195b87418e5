/*
 * elfimg.c — see elfimg.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "image/elfimg.h"
#include "image/fnv.h"

#ifndef EM_RISCV
#define EM_RISCV 243
#endif

int load_file_into(const char *what, const char *path, uint8_t *(*room)(void *ctx, uint64_t size),
                   void *ctx, uint64_t *size)
{
    int fd = open(path, O_RDONLY);
    struct stat st;
    const char *why = NULL;
    uint8_t *dst = NULL;
    char big[64];

    if (fd < 0)
        why = strerror(errno);
    else if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        why = "not a regular file";
    else if (!(dst = room(ctx, (uint64_t)st.st_size))) {
        snprintf(big, sizeof(big), "%lu bytes do not fit", (unsigned long)st.st_size);
        why = big;
    }
    for (uint64_t got = 0; !why && got < (uint64_t)st.st_size; ) {
        ssize_t n = read(fd, dst + got, (uint64_t)st.st_size - got);
        if (n <= 0)
            why = n < 0 ? strerror(errno) : "short read";
        got += n > 0 ? (uint64_t)n : 0;
    }
    if (fd >= 0)
        close(fd);
    if (why) {
        fprintf(stderr, "alphavlm: %s%s%s: %s\n", what ? what : "", what ? " " : "", path, why);
        return -1;
    }
    *size = (uint64_t)st.st_size;
    return 0;
}

/* load_file's room: a new buffer of the file's size (one byte for an
 * empty file, so that it is never NULL on success); NULL out of memory. */
static uint8_t *malloc_room(void *ctx, uint64_t size)
{
    return *(uint8_t **)ctx = malloc(size ? size : 1);
}

int load_file(const char *what, const char *path, uint8_t **buf, uint64_t *size)
{
    *buf = NULL;
    if (load_file_into(what, path, malloc_room, buf, size) == 0)
        return 0;
    free(*buf);
    *buf = NULL;
    return -1;
}

static int fail(const char *path, const char *why)
{
    fprintf(stderr, "alphavlm: %s: %s\n", path, why);
    return -1;
}

static int check_header(Elf *el, const char *path, GElf_Ehdr *eh)
{
    if (elf_kind(el) != ELF_K_ELF || !gelf_getehdr(el, eh))
        return fail(path, "not an ELF file");
    if (gelf_getclass(el) != ELFCLASS64 || eh->e_machine != EM_RISCV ||
        eh->e_ident[EI_DATA] != ELFDATA2LSB)
        return fail(path, "not an RV64 (little-endian RISC-V 64-bit) ELF");
    if (eh->e_type != ET_EXEC) {
        fprintf(stderr, "alphavlm: %s: not an executable ELF (e_type %u)\n", path, eh->e_type);
        return -1;
    }
    return 0;
}

/* Record one loaded segment, whose file bytes must lie inside the file. */
static int add_segment(struct elfimg *e, const char *path, const GElf_Phdr *ph)
{
    if (ph->p_filesz > ph->p_memsz || ph->p_offset > e->size ||
        ph->p_filesz > e->size - ph->p_offset)
        return fail(path, "corrupt program header (segment outside the file)");
    if (e->nsegs == ELFIMG_MAX_SEGS)
        return fail(path, "too many loadable segments");
    e->seg[e->nsegs++] = (struct elfimg_seg){ ph->p_paddr, ph->p_vaddr, ph->p_filesz,
                                              ph->p_memsz, e->file + ph->p_offset };
    return 0;
}

static int list_segments(struct elfimg *e, Elf *el, const char *path)
{
    bool entry_ok = false;
    size_t n;

    if (elf_getphdrnum(el, &n) != 0)
        return fail(path, "corrupt program headers");
    for (size_t i = 0; i < n; i++) {
        GElf_Phdr ph;
        if (!gelf_getphdr(el, (int)i, &ph)) {
            fprintf(stderr, "alphavlm: %s: corrupt program header %zu\n", path, i);
            return -1;
        }
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        if (add_segment(e, path, &ph))
            return -1;
        entry_ok |= e->entry - ph.p_vaddr < ph.p_memsz;
    }
    if (!e->nsegs || !entry_ok)
        return fail(path, e->nsegs ? "entry point is outside every loaded segment"
                                   : "no loadable segment");
    return 0;
}

int elfimg_open(struct elfimg *e, const char *path)
{
    GElf_Ehdr eh;
    Elf *el;
    int r = -1;

    memset(e, 0, sizeof(*e));
    if (load_file(NULL, path, &e->file, &e->size))
        return -1;
    elf_version(EV_CURRENT);
    if (!(el = elf_memory((char *)e->file, e->size))) {
        fail(path, "not an ELF file");
    } else {
        if (check_header(el, path, &eh) == 0) {
            e->entry = eh.e_entry;
            r = list_segments(e, el, path);
        }
        elf_end(el);
    }
    if (r)
        elfimg_close(e);
    return r;
}

void elfimg_close(struct elfimg *e)
{
    free(e->file);
    memset(e, 0, sizeof(*e));
}

uint64_t elf_code_id(const uint8_t *img, size_t n)
{
    Elf *e;
    size_t nph;
    uint64_t h = FNV64_INIT;

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
        h = fnv64(h, where, sizeof(where));
        h = fnv64(h, img + ph.p_offset, ph.p_filesz);
    }
    elf_end(e);
    return h;
}

/* Whether segment ph of an n-byte file holds [addr, addr+len) in its file
 * bytes.  Written without sums that could wrap: the fields are the file's. */
static bool seg_holds(const GElf_Phdr *ph, size_t n, uint64_t addr, size_t len)
{
    return ph->p_offset <= n && ph->p_filesz <= n - ph->p_offset && addr >= ph->p_vaddr &&
           addr - ph->p_vaddr <= ph->p_filesz && len <= ph->p_filesz - (addr - ph->p_vaddr);
}

const uint8_t *elf_bytes(const uint8_t *img, size_t n, uint64_t addr, size_t len)
{
    Elf *e;
    const uint8_t *p = NULL;
    size_t nph = 0;
    GElf_Phdr ph;

    elf_version(EV_CURRENT);
    if ((e = elf_memory((char *)img, n)) && elf_getphdrnum(e, &nph) == 0)
        for (size_t k = 0; k < nph && !p; k++)
            if (gelf_getphdr(e, (int)k, &ph) && ph.p_type == PT_LOAD && seg_holds(&ph, n, addr, len))
                p = img + ph.p_offset + (addr - ph.p_vaddr);
    if (e)
        elf_end(e);
    return p;
}
