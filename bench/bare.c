/*
 * bare.c — the baseline for `make bench`: run a loop of the benchmark
 * image (loaded at its physical addresses) on bare Unicorn (RV64, M-mode, physical = virtual, no
 * hooks, default TLB), with the same bytes and arguments AXP64 runs.
 *
 * usage: bare BENCH.elf random|compute N   -> prints "result=HEX"
 * Exit status 0, or 1 with a one-line message.
 */
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "emu/ucx.h"

#define RAM      (128UL << 20)
#define STOP_PA  0x1000UL
#define BUF_PA   0x4000000UL
#define BUF_SIZE (64UL << 20)

#define KSEG32   0xFFFFFFFF80000000UL

struct image { uint64_t fn_va; };

static int find_symbol(Elf *e, const char *name, uint64_t *va)
{
    for (Elf_Scn *s = NULL; (s = elf_nextscn(e, s)); ) {
        GElf_Shdr sh;
        if (!gelf_getshdr(s, &sh) || sh.sh_type != SHT_SYMTAB)
            continue;
        Elf_Data *d = elf_getdata(s, NULL);
        for (size_t i = 0; d && i < sh.sh_size / sh.sh_entsize; i++) {
            GElf_Sym sym;
            if (gelf_getsym(d, (int)i, &sym) && !strcmp(elf_strptr(e, sh.sh_link, sym.st_name), name)) {
                *va = sym.st_value;
                return 0;
            }
        }
    }
    return -1;
}

/* Copy every PT_LOAD segment to its p_paddr in ram; find the loop's symbol. */
static int load_image(const char *path, const char *fn, uint8_t *ram, struct image *im)
{
    int fd = open(path, O_RDONLY);
    Elf *e;
    size_t n;

    elf_version(EV_CURRENT);
    if (fd < 0 || !(e = elf_begin(fd, ELF_C_READ, NULL)) || elf_getphdrnum(e, &n))
        return -1;
    for (size_t i = 0; i < n; i++) {
        GElf_Phdr ph;
        if (!gelf_getphdr(e, (int)i, &ph) || ph.p_type != PT_LOAD)
            continue;
        if (ph.p_paddr + ph.p_memsz > BUF_PA || ph.p_filesz > ph.p_memsz ||
            pread(fd, ram + ph.p_paddr, ph.p_filesz, (off_t)ph.p_offset) != (ssize_t)ph.p_filesz)
            return -1;
    }
    return find_symbol(e, fn, &im->fn_va);
}

int main(int argc, char **argv)
{
    struct image im = { 0 };
    uc_engine *uc;
    uint64_t n, r, nop = 0x00000013, sp = RAM - 64, ra = STOP_PA;
    bool random;

    if (argc != 4 || (strcmp(argv[2], "random") && strcmp(argv[2], "compute"))) {
        fprintf(stderr, "usage: bare BENCH.elf random|compute N\n");
        return 1;
    }
    random = !strcmp(argv[2], "random");
    n = strtoull(argv[3], NULL, 10);
    uint8_t *ram = mmap(NULL, RAM, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (ram == MAP_FAILED || load_image(argv[1], random ? "loop_random" : "loop_compute", ram, &im)) {
        fprintf(stderr, "bare: %s: cannot load the image or find the loop\n", argv[1]);
        return 1;
    }
    if (UC_CHECK(uc_open(UC_ARCH_RISCV, UC_MODE_RISCV64, &uc)) ||
        UC_CHECK(uc_mem_map_ptr(uc, 0, RAM, UC_PROT_ALL, ram)))
        return 1;
    memcpy(ram + STOP_PA, &nop, 4);
    uint64_t a0 = random ? BUF_PA : n, a1 = BUF_SIZE / 8 - 1, a2 = n;
    uint64_t pc = im.fn_va - KSEG32;             /* the image's physical address */
    if (UC_CHECK(uc_reg_write(uc, UC_RISCV_REG_SP, &sp)) ||
        UC_CHECK(uc_reg_write(uc, UC_RISCV_REG_RA, &ra)) ||
        UC_CHECK(uc_reg_write(uc, UC_RISCV_REG_A0, &a0)) ||
        UC_CHECK(uc_reg_write(uc, UC_RISCV_REG_A1, &a1)) ||
        UC_CHECK(uc_reg_write(uc, UC_RISCV_REG_A2, &a2)) ||
        UC_CHECK(uc_emu_start(uc, pc, STOP_PA, 0, 0)) ||
        UC_CHECK(uc_reg_read(uc, UC_RISCV_REG_A0, &r)))
        return 1;
    printf("result=%lx\n", (unsigned long)r);
    uc_close(uc);
    return 0;
}
