/*
 * auxv.c — the Linux start-up stack (see auxv.h).
 */
#include "guestos/auxv.h"
#include "guestos/krandom.h"
#include "guestos/proc.h"

#define AUX_PAIRS 18                 /* entries of the vector, AT_NULL included */

/* Push n bytes of s below *sp.  The address, or 0 if the stack refused. */
static uint64_t push_bytes(struct proc *p, uint64_t *sp, const void *s, uint64_t n)
{
    *sp -= n;
    return copyout(p, *sp, s, n) ? 0 : *sp;
}

/* The argv strings, top down; ptrs[i] gets argv[i]'s address. */
static int push_args(struct proc *p, uint64_t *sp, int argc, char *const argv[], uint64_t *ptrs)
{
    uint64_t len = 0;

    if (argc < 0 || argc > VARGC_MAX)
        return -VE_2BIG;
    for (int i = 0; i < argc; i++)
        len += strlen(argv[i]) + 1;
    if (len > VARG_MAX)
        return -VE_2BIG;
    for (int i = argc - 1; i >= 0; i--)
        if (!(ptrs[i] = push_bytes(p, sp, argv[i], strlen(argv[i]) + 1)))
            return -VE_NOMEM;
    return 0;
}

/* The auxiliary vector into v (AUX_PAIRS pairs); strings already pushed. */
static void fill_auxv(uint64_t *v, const struct exec_info *ei, uint64_t platform,
                      uint64_t random, uint64_t execfn)
{
    const uint64_t pairs[AUX_PAIRS][2] = {
        { AT_PHDR, ei->phdr },     { AT_PHENT, 56 },          { AT_PHNUM, ei->phnum },
        { AT_PAGESZ, PAGE_SIZE },  { AT_BASE, 0 },            { AT_FLAGS, 0 },
        { AT_ENTRY, ei->entry },   { AT_UID, 0 },             { AT_EUID, 0 },
        { AT_GID, 0 },             { AT_EGID, 0 },            { AT_SECURE, 0 },
        { AT_HWCAP, VLINUX_HWCAP }, { AT_CLKTCK, VLINUX_CLKTCK }, { AT_PLATFORM, platform },
        { AT_RANDOM, random },     { AT_EXECFN, execfn },     { AT_NULL, 0 },
    };
    memcpy(v, pairs, sizeof(pairs));
}

int auxv_build_stack(struct proc *p, int argc, char *const argv[], int envc,
                     char *const envp[], const struct exec_info *ei, uint64_t *usp)
{
    uint64_t sp = USER_STACK_TOP, words[1 + 2 * VARGC_MAX + 2 + 2 * AUX_PAIRS];
    uint8_t rnd[16];
    uint64_t platform, random, execfn, nw = 0;
    int r;

    if (!(execfn = push_bytes(p, &sp, ei->path, strlen(ei->path) + 1)) ||
        !(platform = push_bytes(p, &sp, "riscv64", 8)))
        return -VE_NOMEM;
    krandom_fill(rnd, sizeof(rnd));
    sp = ROUNDDOWN(sp, 16);
    if (!(random = push_bytes(p, &sp, rnd, sizeof(rnd))))
        return -VE_NOMEM;
    if ((r = push_args(p, &sp, envc, envp, &words[2 + argc])) != 0 ||
        (r = push_args(p, &sp, argc, argv, &words[1])) != 0)
        return r;
    words[0] = (uint64_t)argc;
    nw = 1 + (uint64_t)argc;
    words[nw++] = 0;                                /* argv's NULL */
    nw += (uint64_t)envc;                           /* envp[], pushed above */
    words[nw++] = 0;                                /* envp's NULL */
    fill_auxv(&words[nw], ei, platform, random, execfn);
    nw += 2 * AUX_PAIRS;
    sp = ROUNDDOWN(sp - nw * 8, 16);
    if (copyout(p, sp, words, nw * 8))
        return -VE_NOMEM;
    *usp = sp;
    return 0;
}
