/* Start-up as Linux does it: argc, argv, an envp, the auxiliary vector. */
#include <elf.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

extern char **environ;

int main(int argc, char **argv)
{
    const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
    const Elf64_Phdr *ph = (const Elf64_Phdr *)getauxval(AT_PHDR);
    unsigned long phnum = getauxval(AT_PHNUM), loads = 0;

    printf("argc %d\n", argc);
    for (int i = 1; i < argc; i++)
        printf("argv[%d] %s\n", i, argv[i]);
    printf("argv[argc] %s\n", argv[argc] ? "set" : "NULL");
    printf("environ %s\n", environ ? "set" : "NULL");
    for (unsigned long i = 0; ph && i < phnum; i++)
        loads += ph[i].p_type == PT_LOAD;
    printf("phent %lu phnum>0 %d loads>0 %d\n", getauxval(AT_PHENT), phnum > 0, loads > 0);
    printf("random %s\n", rnd ? "set" : "NULL");
    printf("entry set %d\n", getauxval(AT_ENTRY) != 0);
    const char *pl = (const char *)getauxval(AT_PLATFORM);   /* qemu-riscv64 has none */
    printf("platform %s\n", !pl || !strcmp(pl, "riscv64") ? "riscv64 or none" : pl);
    printf("hwcap imafdc %d\n", (getauxval(AT_HWCAP) & 0x112D) == 0x112D);
    printf("clktck %lu secure %lu\n", getauxval(AT_CLKTCK), getauxval(AT_SECURE));
    const char *fn = (const char *)getauxval(AT_EXECFN);
    printf("execfn %s\n", fn && strstr(fn, "t_start") ? "names the program" : "missing");
    return 7;
}
