/*
 * code.c — see code.h.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "axp64/axp64.h"
#include "image/artifact.h"
#include "image/cpio.h"
#include "image/elfimg.h"
#include "image/fnv.h"
#include "image/sym.h"
#include "trace/code.h"

/* A build artifact's bytes, kept only if its id (elf_code_id for an ELF, else
 * FNV-1a of the file) is want: the traced one. */
static uint8_t *load_if(const char *name, uint64_t *size, uint64_t want, bool elf)
{
    char path[4200];
    uint8_t *b = NULL;

    if (artifact_find(name, path, sizeof(path)) != 0 || load_file(name, path, &b, size) != 0)
        return NULL;
    if ((elf ? elf_code_id(b, *size) : fnv64(FNV64_INIT, b, *size)) != want) {
        free(b);
        return NULL;
    }
    return b;
}

/* `alphavlm run ./prog` traces an initrd with the host program appended:
 * rebuild it from build/initrd.cpio and the program's path (the header's
 * argv[0]), and keep it if it is the traced one (its id).  The program's
 * own file then gives its names. */
static void with_host_prog(struct traced_code *c, const struct trace_header *hd)
{
    char path[4200], err[64];
    uint8_t *base = NULL, *prog = NULL, *out;
    uint64_t bsize, psize;
    size_t trailer;

    snprintf(c->host_path, sizeof(c->host_path), "%.*s", TRACE_ARGV_MAX, hd->argv);
    c->host_path[strcspn(c->host_path, " ")] = 0;
    const char *name = strrchr(c->host_path, '/');
    if (!name || artifact_find("initrd.cpio", path, sizeof(path)) != 0 ||
        load_file("initrd", path, &base, &bsize) != 0 ||
        cpio_check(base, bsize, &trailer, err, sizeof(err)) != 0 ||
        access(c->host_path, R_OK) != 0 || load_file("program", c->host_path, &prog, &psize) != 0 ||
        !(out = malloc(trailer + cpio_append_size(name + 1, psize))))
        goto out;
    memcpy(out, base, trailer);
    size_t n = trailer + cpio_append(out + trailer, name + 1, prog, psize);
    if (fnv64(FNV64_INIT, out, n) == hd->initrd_id) {
        c->initrd = out;
        c->initrd_size = n;
        c->host_name = name + 1;
    } else {
        free(out);
    }
out:
    free(base);
    free(prog);
}

void code_open(struct traced_code *c, const struct trace_header *hd)
{
    char path[4200];

    memset(c, 0, sizeof(*c));
    c->kernel = load_if("guestos/kernel.elf", &c->kernel_size, hd->kernel_id, true);
    if (c->kernel && artifact_find("guestos/kernel.elf", path, sizeof(path)) == 0)
        c->ksym = sym_file_open(path);
    c->initrd = load_if("initrd.cpio", &c->initrd_size, hd->initrd_id, false);
    if (!c->initrd)
        with_host_prog(c, hd);
}

void code_close(struct traced_code *c)
{
    sym_file_close(c->ksym);
    for (unsigned i = 0; i < c->nprogs; i++)
        sym_file_close(c->progs[i].sym);
    free(c->kernel);
    free(c->initrd);
    memset(c, 0, sizeof(*c));
}

/* The symbols of program `name`: build/workloads/NAME.elf if its code is
 * the initrd's member of that name (the initrd's copy has no debug info). */
static struct sym_file *prog_syms(struct traced_code *c, const char *name)
{
    char art[64], path[4200];
    const uint8_t *member;
    size_t msize;
    uint8_t *elf = NULL;
    uint64_t esize;
    unsigned i;

    for (i = 0; i < c->nprogs; i++)
        if (!strcmp(c->progs[i].name, name))
            return c->progs[i].sym;
    if (!c->initrd || c->nprogs == CODE_MAX_PROGS || strchr(name, '/') || strlen(name) > 16)
        return NULL;
    snprintf(c->progs[i].name, sizeof(c->progs[i].name), "%s", name);
    c->nprogs++;
    snprintf(art, sizeof(art), "workloads/%s.elf", name);
    if (c->host_name && !strncmp(name, c->host_name, 16))
        snprintf(path, sizeof(path), "%s", c->host_path);   /* the appended host program */
    else if (artifact_find(art, path, sizeof(path)) != 0)
        return NULL;
    if (cpio_find(c->initrd, c->initrd_size, name, &member, &msize) != 0 ||
        load_file(art, path, &elf, &esize) != 0)
        return NULL;
    if (elf_code_id(elf, esize) == elf_code_id(member, msize))
        c->progs[i].sym = sym_file_open(path);
    free(elf);
    return c->progs[i].sym;
}

int code_describe(struct traced_code *c, uint64_t pc, const char *prog, char *buf, size_t n)
{
    struct sym_file *f = pc >= KSEG32_BASE ? c->ksym : prog ? prog_syms(c, prog) : NULL;

    if (f && sym_describe(f, pc, buf, n) == 0)
        return 0;
    if (n)
        buf[0] = 0;
    return -1;
}

int code_function(struct traced_code *c, uint64_t pc, const char *prog, uint64_t *start,
                  const uint8_t **code, size_t *len)
{
    bool kernel = pc >= KSEG32_BASE;
    struct sym_file *f = kernel ? c->ksym : prog ? prog_syms(c, prog) : NULL;
    const uint8_t *img = c->kernel;
    size_t isize = c->kernel_size;
    struct sym_info si;

    if (!f || sym_lookup(f, pc, &si) != 0 || si.offset > 1 << 20)
        return -1;
    if (!kernel && cpio_find(c->initrd, c->initrd_size, prog, &img, &isize) != 0)
        return -1;
    /* From the function's start to a few instructions past pc (the
     * disassembly shows those), as far as the loaded bytes go. */
    *start = pc - si.offset;
    for (*len = (size_t)si.offset + 32; *len > si.offset; *len -= 2)
        if ((*code = elf_bytes(img, isize, *start, *len)))
            return 0;
    return -1;
}
