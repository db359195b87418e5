/* The loader's rule for a page the text's read-only tail shares with the
 * data segment's head (8 KiB pages under VLM/OS): a store into the text's
 * last byte is SIGSEGV (status 139 under both), never a success. */
#include <elf.h>
#include <link.h>
#include <stdio.h>
#include <sys/auxv.h>

extern const char __ehdr_start[];              /* the ELF header (GNU ld) */

int main(void)
{
    const ElfW(Phdr) *ph = (const ElfW(Phdr) *)getauxval(AT_PHDR);
    unsigned long n = getauxval(AT_PHNUM), base = (unsigned long)__ehdr_start;
    volatile char *last = NULL;
    int shared = 0;

    for (unsigned long i = 0; i < n; i++)       /* the load base: where offset 0 went */
        if (ph[i].p_type == PT_LOAD && ph[i].p_offset == 0) {
            base -= ph[i].p_vaddr;
            break;
        }
    for (unsigned long i = 0; i < n; i++)
        if (ph[i].p_type == PT_LOAD && (ph[i].p_flags & PF_X) && !(ph[i].p_flags & PF_W))
            last = (volatile char *)(base + ph[i].p_vaddr + ph[i].p_memsz - 1);
    for (unsigned long i = 0; i < n; i++)       /* does the data start on the same 8 KiB page? */
        if (ph[i].p_type == PT_LOAD && (ph[i].p_flags & PF_W) && last &&
            (base + ph[i].p_vaddr) / 8192 == (unsigned long)last / 8192)
            shared = 1;
    printf("text tail found %d, reads %d\n", last != NULL, last ? *last == *last : 0);
    fflush(stdout);
    if (!last)
        return 1;
    *last = *last;                              /* SIGSEGV */
    printf("a store into the text succeeded (page shared with data: %d)\n", shared);
    return 0;
}
