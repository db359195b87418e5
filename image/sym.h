/*
 * image/sym.h — names for code addresses: function+offset and file:line, read
 * from an ELF's symbol table and DWARF with elfutils libdwfl.
 *
 * Addresses are the ELF's own link-time addresses (the VLM/OS kernel is
 * linked in KSEG32 at 0xffffffff8xxxxxxx, user programs at 0x10000); no
 * load bias is applied.  A file without debug info (the initrd's programs
 * are stripped) still gives function+offset from its symbol table.
 */
#ifndef SYM_H
#define SYM_H

#include <stddef.h>
#include <stdint.h>

struct sym_file;                                        /* one ELF, opened read-only */

/* Open the ELF at `path` for lookups.  Returns the handle (the caller
 * closes it), or NULL after a one-line message on stderr if the file is
 * unreadable or not an ELF.  Never reads anything but `path` (no debuginfo
 * search, no network). */
struct sym_file *sym_file_open(const char *path);

/* Release f and every string its lookups returned.  NULL is fine. */
void sym_file_close(struct sym_file *f);

/* One lookup's answer: strings are owned by f and valid until
 * sym_file_close; file is NULL and line 0 when there is no debug info
 * (or no line entry) for the address. */
struct sym_info { const char *func; uint64_t offset; const char *file; int line; };

/* Fill *out for `addr`: the symbol covering it (function symbols, and
 * labels in assembly without a size up to the next symbol), the offset
 * into it, and the source line from DWARF.  0 found, -1 no symbol covers
 * addr (*out is then all NULL/0).  Prints nothing. */
int sym_lookup(struct sym_file *f, uint64_t addr, struct sym_info *out);

/* "func+0x1c (guestos/trap.c:42)" or "func+0x1c" or "0x..." into buf
 * (always NUL-terminated when len > 0, truncated to fit); returns 0 if a
 * symbol was found, else -1.  f may be NULL (then always "0x..." and -1). */
int sym_describe(struct sym_file *f, uint64_t addr, char *buf, size_t len);

/* The address of the symbol called `name` into *addr: 0, or -1 if f has
 * no such symbol (*addr unchanged).  Prints nothing. */
int sym_find(struct sym_file *f, const char *name, uint64_t *addr);

/*
 * sym_unwind — one step of call-frame unwinding with the ELF's CFI
 * (.debug_frame or .eh_frame, read by libdw; RISC-V register numbers
 * x0..x31).  regs[] holds the registers of the frame at *pc (exact: the
 * pc of the instruction itself, else a return address, looked up one byte
 * back); they become the caller's: sp is the CFA, saved registers are read
 * back with read(arg, address, &value) (0 or -1), the others keep their
 * values, and *pc is the return address.  Returns 0, or -1 if no CFI
 * covers *pc, a rule is beyond what a compiler emits for RV64 (then regs
 * and *pc are unchanged), or a read failed.  Prints nothing.
 */
int sym_unwind(struct sym_file *f, uint64_t *pc, int exact, uint64_t regs[32],
               int (*read)(void *arg, uint64_t addr, uint64_t *val), void *arg);

#endif /* SYM_H */
