/*
 * sym.c — sym.h on elfutils libdwfl: one offline Dwfl per ELF, reported
 * at its link-time addresses, so a lookup is dwfl_addrmodule, then the
 * symbol table (dwfl_module_addrinfo) and the DWARF line table
 * (dwfl_module_getsrc, dwfl_lineinfo).  No DWARF is parsed here.
 */
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "image/sym.h"

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
/* The line entry for addr by walking the compilation units one by one:
 * picolibc's objects in user programs carry DWARF whose address ranges
 * libdw 0.188 rejects ("invalid DWARF"), which defeats its quick lookup. */
static const char *line_by_cu(Dwfl_Module *mod, uint64_t addr, int *line)
{
    Dwarf_Addr bias;
    Dwarf *dw = dwfl_module_getdwarf(mod, &bias);
    Dwarf_Off off = 0, next;
    size_t hsize;

    while (dw && dwarf_nextcu(dw, off, &next, &hsize, NULL, NULL, NULL) == 0) {
        Dwarf_Die cu;
        Dwarf_Line *ln;
        if (dwarf_offdie(dw, off + hsize, &cu) && dwarf_haspc(&cu, addr - bias) == 1 &&
            (ln = dwarf_getsrc_die(&cu, addr - bias)) && dwarf_lineno(ln, line) == 0)
            return dwarf_linesrc(ln, NULL, NULL);
        off = next;
    }
    return NULL;
}

static void lookup_line(Dwfl_Module *mod, uint64_t addr, struct sym_info *out)
{
    Dwfl_Line *ln = dwfl_module_getsrc(mod, addr);
    const char *file;
    int line = 0;

    if (!ln) {
        file = line_by_cu(mod, addr, &line);
        if (file && line > 0) {
            out->file = file[0] == '.' && file[1] == '/' ? file + 2 : file;
            out->line = line;
        }
        return;
    }
    file = dwfl_lineinfo(ln, NULL, &line, NULL, NULL, NULL);
    if (!file || line <= 0)
        return;
    out->file = file;
    out->line = line;
}

/* The nearest symbol at or below addr that is not an assembler mapping
 * symbol ("$x...", "$d": RISC-V marks ISA changes with them, and libdwfl
 * may prefer one at the same address).  NULL if none. */
static const char *named_below(Dwfl_Module *mod, uint64_t addr, GElf_Off *off)
{
    int n = dwfl_module_getsymtab(mod);
    const char *best = NULL;
    GElf_Addr best_value = 0;

    for (int i = 1; i < n; i++) {
        GElf_Sym sym;
        GElf_Addr value;
        const char *s = dwfl_module_getsym_info(mod, i, &sym, &value, NULL, NULL, NULL);
        int type = GELF_ST_TYPE(sym.st_info);
        if (s && *s && *s != '$' && sym.st_shndx != SHN_UNDEF && value <= addr &&
            (type == STT_FUNC || type == STT_NOTYPE) && (!best || value > best_value)) {
            best = s;
            best_value = value;
        }
    }
    *off = addr - best_value;
    return best;
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
    if (name && *name == '$')
        name = named_below(f->mod, addr, &off);
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

/* The CFA of frame: libdw gives a "register + offset" rule as one bregx. */
static int frame_cfa(Dwarf_Frame *frame, const uint64_t regs[32], uint64_t *cfa)
{
    Dwarf_Op *ops;
    size_t nops;

    if (dwarf_frame_cfa(frame, &ops, &nops) != 0 || nops != 1)
        return -1;
    if (ops[0].atom == DW_OP_bregx && ops[0].number < 32)
        *cfa = regs[ops[0].number] + ops[0].number2;
    else if (ops[0].atom >= DW_OP_breg0 && ops[0].atom <= DW_OP_breg31)
        *cfa = regs[ops[0].atom - DW_OP_breg0] + ops[0].number;
    else
        return -1;
    return 0;
}

/* The caller's value of register r into *v (left alone for "same value"). */
static int frame_reg(Dwarf_Frame *frame, int r, uint64_t cfa, const uint64_t regs[32], uint64_t *v,
                     int (*read)(void *, uint64_t, uint64_t *), void *arg)
{
    Dwarf_Op mem[3], *ops;
    size_t nops;

    if (dwarf_frame_register(frame, r, mem, &ops, &nops) != 0)
        return -1;
    if (nops == 0)
        return 0;                            /* same value, or undefined: keep it */
    if (ops[0].atom == DW_OP_regx && nops == 1 && ops[0].number < 32) {
        *v = regs[ops[0].number];
        return 0;
    }
    if (ops[0].atom != DW_OP_call_frame_cfa)
        return -1;
    uint64_t at = cfa;
    size_t i = 1;
    if (i < nops && ops[i].atom == DW_OP_plus_uconst)
        at += ops[i++].number;
    if (i < nops && ops[i].atom == DW_OP_stack_value) {
        *v = at;                             /* val_offset: a value, not a location */
        return 0;
    }
    return i == nops ? read(arg, at, v) : -1;
}

int sym_unwind(struct sym_file *f, uint64_t *pc, int exact, uint64_t regs[32],
               int (*read)(void *arg, uint64_t addr, uint64_t *val), void *arg)
{
    Dwarf_Addr bias;
    Dwarf_CFI *cfi = f && f->mod ? dwfl_module_dwarf_cfi(f->mod, &bias) : NULL;
    Dwarf_Frame *frame = NULL;
    uint64_t cfa, out[32];
    int ra;

    if (!cfi || dwarf_cfi_addrframe(cfi, (exact ? *pc : *pc - 1) - bias, &frame) != 0)
        return -1;
    ra = dwarf_frame_info(frame, NULL, NULL, NULL);
    int bad = ra < 0 || ra >= 32 || frame_cfa(frame, regs, &cfa);
    memcpy(out, regs, sizeof(out));
    for (int r = 1; r < 32 && !bad; r++)
        bad = frame_reg(frame, r, cfa, regs, &out[r], read, arg);
    free(frame);
    if (bad)
        return -1;
    *pc = out[ra];
    out[2] = cfa;
    memcpy(regs, out, sizeof(out));
    return 0;
}
