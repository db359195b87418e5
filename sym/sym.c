/*
 * sym.c — sym.h on elfutils libdwfl: one offline Dwfl per ELF, reported
 * at its link-time addresses, so a lookup is dwfl_addrmodule, then the
 * symbol table (dwfl_module_addrinfo) and the DWARF line table
 * (dwfl_module_getsrc, dwfl_lineinfo).  No DWARF is parsed here.
 */
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sym.h"

struct sym_file {
    Dwfl *dwfl;
    Dwfl_Module *mod;
};

/* The file is its own debug info or has none: never look elsewhere (the
 * standard callback would search debug directories and debuginfod). */
static int no_debuginfo(Dwfl_Module *mod, void **userdata, const char *modname, Dwarf_Addr base,
                        const char *file_name, const char *debuglink_file, GElf_Word debuglink_crc,
                        char **debuginfo_file_name)
{
    (void)mod, (void)userdata, (void)modname, (void)base, (void)file_name;
    (void)debuglink_file, (void)debuglink_crc, (void)debuginfo_file_name;
    return -1;
}

static const Dwfl_Callbacks offline_callbacks = {
    .find_elf = dwfl_build_id_find_elf,
    .find_debuginfo = no_debuginfo,
    .section_address = dwfl_offline_section_address,
};

/* Report `path` as the only module.  For an ET_EXEC file libdwfl keeps the
 * link-time addresses (no bias).  The Dwfl owns fd after reporting. */
static int report(struct sym_file *f, const char *path, int fd)
{
    f->mod = dwfl_report_offline(f->dwfl, path, path, fd);
    if (!f->mod) {
        fprintf(stderr, "alphavlm: %s: %s\n", path, dwfl_errmsg(-1));
        return -1;
    }
    if (dwfl_report_end(f->dwfl, NULL, NULL) != 0) {
        fprintf(stderr, "alphavlm: %s: %s\n", path, dwfl_errmsg(-1));
        return -1;
    }
    return 0;
}

struct sym_file *sym_file_open(const char *path)
{
    struct sym_file *f;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0) {
        fprintf(stderr, "alphavlm: %s: %s\n", path, strerror(errno));
        return NULL;
    }
    f = calloc(1, sizeof(*f));
    if (f)
        f->dwfl = dwfl_begin(&offline_callbacks);
    if (!f || !f->dwfl) {
        fprintf(stderr, "alphavlm: %s: cannot start libdwfl\n", path);
        free(f);
        close(fd);
        return NULL;
    }
    if (report(f, path, fd) != 0) {
        sym_file_close(f);
        return NULL;
    }
    return f;
}

void sym_file_close(struct sym_file *f)
{
    if (!f)
        return;
    dwfl_end(f->dwfl);
    free(f);
}

/* file:line of addr from the module's line table; leaves out alone if none.
 * The string stays owned by the Dwfl.  (libdw already joins the kernel's
 * "." compilation directory with "./guestos/x.c" into "guestos/x.c".) */
static void lookup_line(Dwfl_Module *mod, uint64_t addr, struct sym_info *out)
{
    Dwfl_Line *ln = dwfl_module_getsrc(mod, addr);
    const char *file;
    int line = 0;

    if (!ln)
        return;
    file = dwfl_lineinfo(ln, NULL, &line, NULL, NULL, NULL);
    if (!file || line <= 0)
        return;
    out->file = file;
    out->line = line;
}

int sym_lookup(struct sym_file *f, uint64_t addr, struct sym_info *out)
{
    GElf_Off off = 0;
    GElf_Sym sym;
    const char *name;

    memset(out, 0, sizeof(*out));
    if (!f || !f->mod || dwfl_addrmodule(f->dwfl, addr) != f->mod)
        return -1;
    name = dwfl_module_addrinfo(f->mod, addr, &off, &sym, NULL, NULL, NULL);
    if (!name || !*name)
        return -1;
    out->func = name;
    out->offset = off;
    lookup_line(f->mod, addr, out);
    return 0;
}

int sym_describe(struct sym_file *f, uint64_t addr, char *buf, size_t len)
{
    struct sym_info si;

    if (len == 0)
        return f && sym_lookup(f, addr, &si) == 0 ? 0 : -1;
    if (!f || sym_lookup(f, addr, &si) != 0) {
        snprintf(buf, len, "0x%" PRIx64, addr);
        return -1;
    }
    if (si.file)
        snprintf(buf, len, "%s+0x%" PRIx64 " (%s:%d)", si.func, si.offset, si.file, si.line);
    else
        snprintf(buf, len, "%s+0x%" PRIx64, si.func, si.offset);
    return 0;
}

int sym_find(struct sym_file *f, const char *name, uint64_t *addr)
{
    int i, n = f && f->mod ? dwfl_module_getsymtab(f->mod) : -1;

    for (i = 1; i < n; i++) {
        GElf_Sym sym;
        GElf_Addr value;
        const char *s = dwfl_module_getsym_info(f->mod, i, &sym, &value, NULL, NULL, NULL);
        if (s && strcmp(s, name) == 0 && sym.st_shndx != SHN_UNDEF) {
            *addr = value;
            return 0;
        }
    }
    return -1;
}
