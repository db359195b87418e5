/*
 * elfimg.h — RV64 ELF images as files: reading a whole file, checking an
 * executable and listing what it loads, its build id (elf_code_id), and the
 * bytes behind a loaded address.  No guest memory here: emu/loader.c copies
 * the segments into RAM, the trace tools (trace/code.c) read code from them.
 * ELF parsing is libelf's (elfutils).
 *
 * Error convention: 0, or -1 after one line "alphavlm: ...: why" on stderr.
 */
#ifndef ELFIMG_H
#define ELFIMG_H

#include <stddef.h>
#include <stdint.h>

#define ELFIMG_MAX_SEGS 16

/* A loaded segment (PT_LOAD with p_memsz > 0): bytes[0..filesz) then zeros to memsz. */
struct elfimg_seg {
    uint64_t paddr, vaddr, filesz, memsz;
    const uint8_t *bytes;              /* inside elfimg.file */
};

struct elfimg {
    uint8_t *file;                     /* the whole file (malloc'd; elfimg_close frees it) */
    uint64_t size;
    uint64_t entry;                    /* e_entry, inside some segment */
    unsigned nsegs;
    struct elfimg_seg seg[ELFIMG_MAX_SEGS];
};

/*
 * load_file — read the whole regular file at `path` into a new malloc'd
 * buffer: *buf (the caller frees it) and *size.  0, or -1 with a one-line
 * message "alphavlm: WHAT PATH: why" ("alphavlm: PATH: why" when what is
 * NULL) and *buf NULL.
 */
int load_file(const char *what, const char *path, uint8_t **buf, uint64_t *size);

/*
 * load_file_into — read the whole regular file at `path` straight into
 * dst(size), the buffer room(size) gives for the file's size (NULL: it does
 * not fit), so a file bound for guest RAM is copied once.  0 with *size, or
 * -1 with a one-line message "alphavlm: WHAT PATH: why" ("alphavlm: PATH:
 * why" when what is NULL; "N bytes do not fit" when room refuses it), the
 * buffer room gave (if any) unchanged or partly written.  load_file is this
 * with a malloc'd room.
 */
int load_file_into(const char *what, const char *path, uint8_t *(*room)(void *ctx, uint64_t size),
                   void *ctx, uint64_t *size);

/*
 * elfimg_open — read `path`, which must be an executable RV64 ELF
 * (little-endian) whose loaded segments lie inside the file, at most
 * ELFIMG_MAX_SEGS of them, one at least, and whose entry point is inside
 * one; fill *e.  0, or -1 with one line naming the file and the problem,
 * and *e then holds nothing (elfimg_close is harmless).
 */
int elfimg_open(struct elfimg *e, const char *path);

/* Free what elfimg_open read and clear *e.  Can't fail. */
void elfimg_close(struct elfimg *e);

/*
 * elf_code_id — FNV-1a 64 (image/fnv.h) of what an ELF image loads: each
 * PT_LOAD segment's address, sizes and bytes, not the symbols or debug info
 * (so a comment edit does not change it).  0 if img[0..n) is not an ELF.
 * Does not modify img; can't fail otherwise.
 */
uint64_t elf_code_id(const uint8_t *img, size_t n);

/* The bytes of virtual range [addr, addr+len) inside one loaded segment's
 * file bytes of the ELF image img[0..n), or NULL.  Prints nothing. */
const uint8_t *elf_bytes(const uint8_t *img, size_t n, uint64_t addr, size_t len);

#endif /* ELFIMG_H */
