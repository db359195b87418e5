/*
 * ubare.c — the engine's limit for bench/real: a static riscv64 Linux
 * program (glibc or musl, ET_EXEC, or ET_DYN static-pie at UBARE_PIE_BASE)
 * run on bare Unicorn.  Flat memory (one uc_mem_map_ptr region, guest address
 * = offset into one host reservation), satp 0 (no MMU model), UC_HOOK_INTR
 * for ecall, and the dozen system calls such programs make, answered on the
 * host.  Nothing here is what VLM/OS does: it is how fast the same ELF can go
 * on this Unicorn at all (docs/bench.md).  Unicorn starts the CPU in U-mode.
 *
 * Two ways to fill QEMU's softmmu TLB:
 * - default: UC_TLB_VIRTUAL with an identity UC_HOOK_TLB_FILL (it runs on a
 *   softmmu miss only) that gives a fetch R+X and a data access R+W, and a
 *   flush after a doubling number of fills so QEMU's TLB grows past its 256
 *   entries: what alphavlm's fast mode does (emu/tlbfill.c), and the fastest
 *   this Unicorn goes.
 * - --plain: Unicorn's own TLB (UC_TLB_CPU), no hook but UC_HOOK_INTR.  Every
 *   page is then cached R+W+X, and on Unicorn 2.1.4 a store to such a page
 *   always takes the slow path (docs/design.md), and the TLB never grows:
 *   two to five times slower on these programs.
 *
 * usage: ubare [--plain] PROG [ARGS...]
 * Exit status: the program's (exit/exit_group & 0xff); 127 if PROG cannot be
 * loaded; 128+4 (as SIGILL) with a line on stderr if the CPU stops on
 * anything but exit (an exception other than ecall, a Unicorn error).
 * UBARE_VERBOSE=1 in the environment reports each unknown system call.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include "emu/ucx.h"

/* The guest's flat address space: [LO, TOP), one host reservation. */
#define LO             0x10000UL          /* page 0.. unmapped: a NULL access stops the CPU */
#define TOP            0x100000000UL      /* 4 GiB; the host's pages are taken on first touch */
#define UBARE_PIE_BASE 0x400000UL         /* a static-pie's address 0 (as VLM/OS's USER_PIE_BASE) */
#define BRK_MAX        0x40000000UL       /* the heap ends below 1 GiB */
#define MMAP_LO        BRK_MAX            /* anonymous mappings, bump-allocated upward */
#define STACK_LO       0xF0000000UL       /* 256 MiB of stack under TOP */
#define PAGE           4096UL
#define FLUSH_FIRST    512                /* fills before the first TLB flush (as emu/tlbfill.c) */
#define FLUSH_MAX      65536
#define MSTATUS_FS     (3UL << 13)        /* FP state dirty: floating point enabled */
#define EXC_ECALL_U    8                  /* ecall from U-mode (Unicorn starts a RISC-V CPU there) */
#define EXC_ECALL_M    11                 /* ... from S- or M-mode: 9, 11 */

#define RV_ENOENT 2
#define RV_EBADF  9
#define RV_ENOMEM 12
#define RV_EFAULT 14
#define RV_EINVAL 22
#define RV_ENOSYS 38

struct ubare {
    uc_engine *uc;
    uint8_t *ram;                 /* host address of guest address 0 */
    uint64_t brk_lo, brk;         /* the heap: [brk_lo, brk) */
    uint64_t mmap_next;           /* the next fresh mapping's address */
    struct { uint64_t addr, len; } hole[64];   /* unmapped ranges, reused by length */
    int holes, exited, status, verbose;
    uint64_t fills, flush_at;     /* --plain off: fills since the last flush, and when to flush */
    int flush;                    /* the CPU stopped to flush QEMU's TLB */
    uint64_t rng;                 /* getrandom and AT_RANDOM: fixed seed, as icount runs */
};

static uint64_t align_up(uint64_t x, uint64_t a) { return (x + a - 1) & ~(a - 1); }

/* Host pointer to guest [a, a+n), or NULL if any of it is outside the guest. */
static void *gptr(struct ubare *u, uint64_t a, uint64_t n)
{
    if (a < LO || a > TOP || n > TOP - a)
        return NULL;
    return u->ram + a;
}

/* ---- loading ---- */

/* Copy PROG's PT_LOAD segments in; sets *entry, *phdr, *phnum and u->brk.
 * Returns 0, or -1 with a line on stderr. */
static int load_elf(struct ubare *u, const char *path, uint64_t *entry, uint64_t *phdr, uint64_t *phnum)
{
    int fd = open(path, O_RDONLY);
    struct stat st;
    uint8_t *f;

    if (fd < 0 || fstat(fd, &st) || st.st_size < (off_t)sizeof(Elf64_Ehdr) ||
        (f = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0)) == MAP_FAILED) {
        fprintf(stderr, "ubare: %s: cannot read it\n", path);
        return -1;
    }
    close(fd);
    Elf64_Ehdr *eh = (Elf64_Ehdr *)f;
    if (memcmp(eh->e_ident, ELFMAG, SELFMAG) || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
        eh->e_machine != EM_RISCV || (eh->e_type != ET_EXEC && eh->e_type != ET_DYN) ||
        eh->e_phoff + (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr) > (uint64_t)st.st_size) {
        fprintf(stderr, "ubare: %s: not a riscv64 ELF executable\n", path);
        return -1;
    }
    uint64_t base = eh->e_type == ET_DYN ? UBARE_PIE_BASE : 0, end = 0;
    Elf64_Phdr *ph = (Elf64_Phdr *)(f + eh->e_phoff);
    *phdr = 0;
    for (int i = 0; i < eh->e_phnum; i++) {
        if (ph[i].p_type == PT_INTERP) {
            fprintf(stderr, "ubare: %s: dynamically linked\n", path);
            return -1;
        }
        if (ph[i].p_type == PT_PHDR)
            *phdr = base + ph[i].p_vaddr;
        if (ph[i].p_type != PT_LOAD)
            continue;
        uint8_t *dst = gptr(u, base + ph[i].p_vaddr, ph[i].p_memsz);
        if (!dst || ph[i].p_filesz > ph[i].p_memsz || base + ph[i].p_vaddr + ph[i].p_memsz > BRK_MAX ||
            ph[i].p_offset + ph[i].p_filesz > (uint64_t)st.st_size) {
            fprintf(stderr, "ubare: %s: a segment outside [%#lx, %#lx)\n", path, LO, BRK_MAX);
            return -1;
        }
        memcpy(dst, f + ph[i].p_offset, ph[i].p_filesz);     /* the rest is zero already */
        if (!*phdr && ph[i].p_offset == 0)                   /* the headers ride in the first segment */
            *phdr = base + ph[i].p_vaddr + eh->e_phoff;
        if (base + ph[i].p_vaddr + ph[i].p_memsz > end)
            end = base + ph[i].p_vaddr + ph[i].p_memsz;
    }
    *entry = base + eh->e_entry, *phnum = eh->e_phnum;
    u->brk_lo = u->brk = align_up(end, PAGE);
    munmap(f, (size_t)st.st_size);
    return 0;
}

/* Push n bytes onto the stack at *sp (kept 16-aligned by the caller's last push). */
static uint64_t push_bytes(struct ubare *u, uint64_t *sp, const void *p, size_t n)
{
    *sp -= n;
    memcpy(u->ram + *sp, p, n);
    return *sp;
}

/* Linux's initial stack: argc, argv[], NULL, envp[] (empty), NULL, auxv, AT_NULL;
 * the strings and AT_RANDOM's 16 bytes above them.  Returns the new sp. */
static uint64_t build_stack(struct ubare *u, int argc, char **argv, uint64_t entry,
                            uint64_t phdr, uint64_t phnum)
{
    uint64_t sp = TOP - PAGE, argp[64], rnd[2];
    for (int i = 0; i < argc; i++)
        argp[i] = push_bytes(u, &sp, argv[i], strlen(argv[i]) + 1);
    for (int i = 0; i < 2; i++)
        rnd[i] = u->rng = u->rng * 6364136223846793005ull + 1442695040888963407ull;
    uint64_t at_random = push_bytes(u, &sp, rnd, sizeof rnd);
    uint64_t execfn = argp[0];
    const uint64_t aux[][2] = {
        { AT_PHDR, phdr }, { AT_PHENT, sizeof(Elf64_Phdr) }, { AT_PHNUM, phnum },
        { AT_PAGESZ, PAGE }, { AT_BASE, 0 }, { AT_FLAGS, 0 }, { AT_ENTRY, entry },
        { AT_UID, 0 }, { AT_EUID, 0 }, { AT_GID, 0 }, { AT_EGID, 0 }, { AT_SECURE, 0 },
        { AT_HWCAP, 0 }, { AT_CLKTCK, 100 }, { AT_RANDOM, at_random }, { AT_EXECFN, execfn },
        { AT_NULL, 0 },
    };
    uint64_t words = 1 + (uint64_t)argc + 1 + 1 + sizeof aux / 8;
    sp = (sp - words * 8) & ~15UL;
    uint64_t *w = (uint64_t *)(u->ram + sp);
    *w++ = (uint64_t)argc;
    for (int i = 0; i < argc; i++)
        *w++ = argp[i];
    *w++ = 0;                                    /* end of argv */
    *w++ = 0;                                    /* envp: empty */
    memcpy(w, aux, sizeof aux);
    return sp;
}

/* ---- system calls (riscv64 numbers), each returning Linux's value or -errno ---- */

static int64_t sys_write(struct ubare *u, uint64_t fd, uint64_t buf, uint64_t n)
{
    void *p = gptr(u, buf, n);
    if (fd > 2)
        return -RV_EBADF;
    if (!p)
        return -RV_EFAULT;
    ssize_t r = write((int)fd, p, n);
    return r < 0 ? -errno : r;
}

static int64_t sys_writev(struct ubare *u, uint64_t fd, uint64_t iov, uint64_t cnt)
{
    struct { uint64_t base, len; } *v = gptr(u, iov, cnt * 16);
    int64_t total = 0;
    if (!v || cnt > 1024)
        return -RV_EINVAL;
    for (uint64_t i = 0; i < cnt; i++) {
        int64_t r = sys_write(u, fd, v[i].base, v[i].len);
        if (r < 0)
            return total ? total : r;
        total += r;
    }
    return total;
}

static int64_t sys_read(struct ubare *u, uint64_t fd, uint64_t buf, uint64_t n)
{
    void *p = gptr(u, buf, n);
    if (fd != 0)
        return -RV_EBADF;
    if (!p)
        return -RV_EFAULT;
    ssize_t r = read(0, p, n);
    return r < 0 ? -errno : r;
}

static int64_t sys_brk(struct ubare *u, uint64_t want)
{
    if (want >= u->brk_lo && want <= BRK_MAX) {
        if (want < u->brk)                         /* given back: it reads zero when regrown */
            madvise(u->ram + align_up(want, PAGE), u->brk - align_up(want, PAGE), MADV_DONTNEED);
        u->brk = want;
    }
    return (int64_t)u->brk;
}

/* Anonymous memory: a hole of the same length if one was unmapped, else fresh. */
static int64_t sys_mmap(struct ubare *u, uint64_t addr, uint64_t len, uint64_t flags)
{
    if (!len || !(flags & MAP_ANONYMOUS))
        return len ? -RV_ENOSYS : -RV_EINVAL;
    len = align_up(len, PAGE);
    if (flags & MAP_FIXED) {
        if (addr % PAGE || addr < MMAP_LO || !gptr(u, addr, len) || addr + len > STACK_LO)
            return -RV_ENOMEM;
        memset(u->ram + addr, 0, len);
        return (int64_t)addr;
    }
    for (int i = 0; i < u->holes; i++)
        if (u->hole[i].len == len) {
            addr = u->hole[i].addr;
            u->hole[i] = u->hole[--u->holes];
            return (int64_t)addr;                  /* zero since its munmap */
        }
    if (len > STACK_LO - u->mmap_next)
        return -RV_ENOMEM;
    addr = u->mmap_next;
    u->mmap_next += len;
    return (int64_t)addr;
}

static int64_t sys_munmap(struct ubare *u, uint64_t addr, uint64_t len)
{
    len = align_up(len, PAGE);
    if (addr % PAGE || addr < MMAP_LO || !gptr(u, addr, len) || addr + len > STACK_LO)
        return -RV_EINVAL;
    madvise(u->ram + addr, len, MADV_DONTNEED);   /* the host's pages go; they read zero */
    if (addr + len == u->mmap_next)
        u->mmap_next = addr;
    else if (u->holes < 64)
        u->hole[u->holes].addr = addr, u->hole[u->holes++].len = len;
    return 0;                                      /* a 65th hole is leaked address space */
}

static int64_t sys_prlimit(struct ubare *u, uint64_t res, uint64_t old)
{
    uint64_t *p = old ? gptr(u, old, 16) : NULL;
    if (old && !p)
        return -RV_EFAULT;
    if (p) {
        p[0] = res == 3 ? 8UL << 20 : ~0UL;        /* RLIMIT_STACK 8 MiB, others unlimited */
        p[1] = ~0UL;
    }
    return 0;
}

static int64_t sys_getrandom(struct ubare *u, uint64_t buf, uint64_t n)
{
    uint8_t *p = gptr(u, buf, n);
    if (!p)
        return -RV_EFAULT;
    for (uint64_t i = 0; i < n; i++) {
        u->rng = u->rng * 6364136223846793005ull + 1442695040888963407ull;
        p[i] = (uint8_t)(u->rng >> 56);
    }
    return (int64_t)n;
}

static int64_t sys_clock_gettime(struct ubare *u, uint64_t clk, uint64_t ts)
{
    struct timespec t;
    int64_t *p = gptr(u, ts, 16);
    if (!p)
        return -RV_EFAULT;
    if (clock_gettime((clockid_t)clk, &t))
        return -RV_EINVAL;
    p[0] = t.tv_sec, p[1] = t.tv_nsec;
    return 0;
}

static int64_t sys_uname(struct ubare *u, uint64_t buf)
{
    static const char *f[6] = { "Linux", "ubare", "6.1.0", "#1", "riscv64", "(none)" };
    char *p = gptr(u, buf, 6 * 65);
    if (!p)
        return -RV_EFAULT;
    memset(p, 0, 6 * 65);
    for (int i = 0; i < 6; i++)
        strcpy(p + 65 * i, f[i]);
    return 0;
}

static int64_t syscall_of(struct ubare *u, uint64_t nr, const uint64_t *a)
{
    switch (nr) {
    case 63:  return sys_read(u, a[0], a[1], a[2]);
    case 64:  return sys_write(u, a[0], a[1], a[2]);
    case 66:  return sys_writev(u, a[0], a[1], a[2]);
    case 93: case 94:                              /* exit, exit_group */
        u->exited = 1, u->status = (int)(a[0] & 0xff);
        return 0;
    case 214: return sys_brk(u, a[0]);
    case 222: return sys_mmap(u, a[0], a[1], a[3]);
    case 215: return sys_munmap(u, a[0], a[1]);
    case 226: case 233: return 0;                  /* mprotect, madvise: no MMU to tell */
    case 96:  return 1;                            /* set_tid_address: the one thread's id */
    case 172: case 178: return 1;                  /* getpid, gettid */
    case 174: case 175: case 176: case 177: return 0;   /* get[e]uid, get[e]gid */
    case 99: case 134: case 135: case 98: case 57: return 0;  /* set_robust_list, rt_sig*, futex, close */
    case 261: return sys_prlimit(u, a[1], a[3]);
    case 278: return sys_getrandom(u, a[0], a[1]);
    case 113: return sys_clock_gettime(u, a[0], a[1]);
    case 160: return sys_uname(u, a[0]);
    case 78:  return -RV_ENOENT;                   /* readlinkat: no /proc */
    default:
        if (u->verbose)
            fprintf(stderr, "ubare: system call %lu: ENOSYS\n", (unsigned long)nr);
        return -RV_ENOSYS;
    }
}

/* UC_HOOK_INTR: an ecall is a system call (Unicorn has moved pc past it);
 * anything else ends the run. */
static void intr_hook(uc_engine *uc, uint32_t intno, void *user)
{
    static const int areg[6] = { UC_RISCV_REG_A0, UC_RISCV_REG_A1, UC_RISCV_REG_A2,
                                 UC_RISCV_REG_A3, UC_RISCV_REG_A4, UC_RISCV_REG_A5 };
    struct ubare *u = user;
    uint64_t a[6], nr, pc = 0;

    if (intno < EXC_ECALL_U || intno > EXC_ECALL_M) {
        UC_CHECK(uc_reg_read(uc, UC_RISCV_REG_PC, &pc));
        fprintf(stderr, "ubare: RISC-V exception %u near pc %#lx\n", intno, (unsigned long)pc);
        u->exited = 1, u->status = 128 + 4;
        UC_CHECK(uc_emu_stop(uc));
        return;
    }
    for (int i = 0; i < 6; i++)
        if (UC_CHECK(uc_reg_read(uc, areg[i], &a[i])))
            a[i] = 0;
    if (UC_CHECK(uc_reg_read(uc, UC_RISCV_REG_A7, &nr)))
        nr = ~0UL;
    int64_t r = syscall_of(u, nr, a);
    if (u->exited) {
        UC_CHECK(uc_emu_stop(uc));
        return;
    }
    UC_CHECK(uc_reg_write(uc, UC_RISCV_REG_A0, &r));
}

/* UC_HOOK_TLB_FILL: virtual = physical; code is never writable through its
 * entry, data never executable, so a store keeps QEMU's fast path.  Asks for
 * a flush (a stop) after flush_at fills, doubling flush_at each time. */
static bool fill_hook(uc_engine *uc, uint64_t va, uc_mem_type type, uc_tlb_entry *e, void *user)
{
    struct ubare *u = user;

    if (va < LO || va >= TOP)
        return false;                              /* a page fault: intr_hook stops the run */
    e->paddr = va & ~(PAGE - 1);
    e->perms = type == UC_MEM_FETCH ? UC_PROT_READ | UC_PROT_EXEC : UC_PROT_READ | UC_PROT_WRITE;
    if (++u->fills >= u->flush_at) {
        u->flush_at = u->flush_at < FLUSH_MAX ? 2 * u->flush_at : FLUSH_MAX;
        u->flush = 1;
        UC_CHECK(uc_emu_stop(uc));
    }
    return true;
}

/* Unicorn, the memory, the CPU's start state; 0 or -1 (reported). */
static int setup(struct ubare *u, uint64_t sp, int plain)
{
    uc_hook h;
    uint64_t mstatus;

    return UC_CHECK(uc_open(UC_ARCH_RISCV, UC_MODE_RISCV64, &u->uc)) ||
           UC_CHECK(uc_mem_map_ptr(u->uc, LO, TOP - LO, UC_PROT_ALL, u->ram + LO)) ||
           UC_CHECK(uc_ctl_exits_enable(u->uc)) ||   /* no `until` address: stop on exit only */
           UC_CHECK(uc_hook_add(u->uc, &h, UC_HOOK_INTR, (void *)intr_hook, u, 1, 0)) ||
           (!plain && (UC_CHECK(uc_ctl_tlb_mode(u->uc, UC_TLB_VIRTUAL)) ||
                       UC_CHECK(uc_hook_add(u->uc, &h, UC_HOOK_TLB_FILL, (void *)fill_hook, u, 1, 0)))) ||
           UC_CHECK(uc_reg_read(u->uc, UC_RISCV_REG_MSTATUS, &mstatus)) ||
           (mstatus |= MSTATUS_FS, UC_CHECK(uc_reg_write(u->uc, UC_RISCV_REG_MSTATUS, &mstatus))) ||
           UC_CHECK(uc_reg_write(u->uc, UC_RISCV_REG_SP, &sp)) ? -1 : 0;
}

int main(int argc, char **argv)
{
    static struct ubare u = { .mmap_next = MMAP_LO, .rng = 0x5eed, .flush_at = FLUSH_FIRST };
    uint64_t entry, phdr, phnum;
    int plain = argc > 1 && !strcmp(argv[1], "--plain");

    argc -= plain, argv += plain;
    if (argc < 2 || argc > 60) {
        fprintf(stderr, "usage: ubare [--plain] PROG [ARGS...]\n");
        return 127;
    }
    u.verbose = getenv("UBARE_VERBOSE") != NULL;
    u.ram = mmap(NULL, TOP, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (u.ram == MAP_FAILED) {
        perror("ubare: mmap of the guest's 4 GiB");
        return 127;
    }
    if (load_elf(&u, argv[1], &entry, &phdr, &phnum))
        return 127;
    uint64_t sp = build_stack(&u, argc - 1, argv + 1, entry, phdr, phnum);
    if (setup(&u, sp, plain))
        return 127;
    for (uint64_t pc = entry; !u.exited; ) {
        if (UC_CHECK(uc_emu_start(u.uc, pc, 0, 0, 0)) && !u.exited)
            return 128 + 4;
        if (!u.flush)
            break;
        u.flush = 0, u.fills = 0;              /* QEMU grows its TLB on a flush when it was full */
        if (UC_CHECK(uc_ctl_flush_tlb(u.uc)) || UC_CHECK(uc_reg_read(u.uc, UC_RISCV_REG_PC, &pc)))
            return 128 + 4;
    }
    if (!u.exited) {
        fprintf(stderr, "ubare: the CPU stopped before the program exited\n");
        return 128 + 4;
    }
    fflush(stdout);
    uc_close(u.uc);
    return u.status;
}
