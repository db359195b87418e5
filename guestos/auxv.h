/*
 * auxv.h — the start-up stack of a new program, as Linux builds it for
 * RISC-V (fs/binfmt_elf.c create_elf_tables): from the top, the strings
 * (argv and envp, the platform, AT_EXECFN's path), 16 random bytes for AT_RANDOM,
 * then 16-byte aligned: argc, argv[], NULL, envp[], NULL, and the
 * auxiliary vector (abi/vlmos_linux.h) ending with AT_NULL.
 */
#ifndef GUESTOS_AUXV_H
#define GUESTOS_AUXV_H

#include "guestos/kernel.h"

struct proc;

/* What the loader knows about the image, for the auxiliary vector. */
struct exec_info {
    uint64_t entry;        /* AT_ENTRY: the entry point, relocated */
    uint64_t phdr;         /* AT_PHDR: user address of the program headers (0: not loaded) */
    uint64_t phnum;        /* AT_PHNUM */
    const char *path;      /* AT_EXECFN */
};

/*
 * auxv_build_stack — write the start-up stack of p below USER_STACK_TOP
 * (already committed).  Returns 0 with *usp the new stack pointer, or
 * -VE_2BIG (more than VARGC_MAX arguments or VARG_MAX bytes of them, the
 * same for the environment) or
 * -VE_NOMEM (the stack could not take it).  On failure, bytes written
 * stay in p's stack; the caller frees the space.
 */
int auxv_build_stack(struct proc *p, int argc, char *const argv[], int envc,
                     char *const envp[], const struct exec_info *ei, uint64_t *usp);

#endif /* GUESTOS_AUXV_H */
