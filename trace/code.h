/*
 * code.h — the code a trace ran, found in the build directory: the kernel
 * and the initrd's programs, each used only if it is the traced one (the
 * trace header's build ids), for names (function+offset, file:line through
 * image/sym.h, elfutils libdwfl) and for disassembly.  Anything else would make
 * the tools lie about the trace.
 */
#ifndef TRACE_CODE_H
#define TRACE_CODE_H

#include <stddef.h>
#include <stdint.h>
#include "trace/trace.h"

#define CODE_MAX_PROGS 64

struct traced_code {
    uint8_t *kernel, *initrd;          /* the traced images, or NULL */
    uint64_t kernel_size, initrd_size;
    struct sym_file *ksym;             /* build/guestos/kernel.elf, with debug info */
    struct {
        char name[17];
        struct sym_file *sym;          /* build/workloads/NAME.elf, or NULL: not the traced one */
    } progs[CODE_MAX_PROGS];
    unsigned nprogs;
    char host_path[TRACE_ARGV_MAX + 1];  /* `run ./prog`: the program's host path, */
    const char *host_name;             /* and its name in the initrd (NULL: none) */
};

/* Find the kernel and initrd of the trace whose header is hd (for `run
 * ./prog`, build/initrd.cpio with that program appended).  What is not
 * found or is not the traced build is left NULL (the tools then show bare
 * addresses).  Can't fail. */
void code_open(struct traced_code *c, const struct trace_header *hd);
void code_close(struct traced_code *c);

/* "func+0x1c (guestos/vm.c:42)" for pc: the kernel's when pc is a kernel
 * address, else program prog's (a process name, NULL if unknown).  0 with
 * buf set, or -1 (buf "") when there is no symbol for it. */
int code_describe(struct traced_code *c, uint64_t pc, const char *prog, char *buf, size_t n);

/* The function around pc: its address, and a pointer to its bytes inside
 * the traced image (owned by c).  0, or -1 if none is known. */
int code_function(struct traced_code *c, uint64_t pc, const char *prog, uint64_t *start,
                  const uint8_t **code, size_t *len);

#endif /* TRACE_CODE_H */
