/*
 * exec.c — ELF64 RISC-V executables from the initrd (see exec.h).
 */
#include "guestos/exec.h"
#include "guestos/auxv.h"
#include "guestos/initrd.h"
#include "guestos/palcall.h"
#include "guestos/proc.h"
#include "guestos/ramfs.h"

#define EI_NIDENT   16
#define ET_EXEC     2
#define ET_DYN      3                /* static-pie: loaded at USER_PIE_BASE */
#define EM_RISCV    243
#define PT_LOAD     1
#define PT_INTERP   3
#define PT_PHDR     6
#define PT_GNU_RELRO 0x6474e552
#define PF_X        1
#define PF_W        2
#define MAX_SEGS    8

struct elf64_ehdr {
    uint8_t  e_ident[EI_NIDENT];
    uint16_t e_type, e_machine;
    uint32_t e_version;
    uint64_t e_entry, e_phoff, e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf64_phdr {
    uint32_t p_type, p_flags;
    uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

struct image {
    const uint8_t *file;             /* an initrd member in place, or NULL: */
    const char *ram;                 /* the RAM file of this name (ramfs_kread) */
    uint64_t size;
    struct elf64_phdr seg[MAX_SEGS];
    int nseg;
    uint64_t lo, hi;                 /* page range of all segments */
    uint64_t bias;                   /* added to every p_vaddr: USER_PIE_BASE for ET_DYN */
    uint64_t phdr;                   /* user address of the program headers, or 0 */
    uint64_t relro_lo, relro_hi;     /* PT_GNU_RELRO's user range, or empty */
};

/* Why the last exec_load returned -VE_NOEXEC (exec_error()). */
static const char *noexec_why = "not an executable";

/* Refuse an image: remember why, return -VE_NOEXEC. */
static int refuse(const char *why)
{
    noexec_why = why;
    return -VE_NOEXEC;
}

const char *exec_error(void)
{
    return noexec_why;
}

/* Copy n bytes of the file at off into dst (the range was checked). */
static void img_read(const struct image *im, uint64_t off, void *dst, uint64_t n)
{
    if (im->file)
        memcpy(dst, im->file + off, n);
    else
        ramfs_kread(im->ram, off, dst, n);
}

static int check_ehdr(const struct elf64_ehdr *eh, uint64_t size)
{
    if (size < sizeof(*eh) || memcmp(eh->e_ident, "\177ELF", 4) != 0)
        return refuse("not an ELF file");
    if (eh->e_ident[4] != 2 || eh->e_ident[5] != 1)      /* ELFCLASS64, little-endian */
        return refuse("not a 64-bit little-endian ELF");
    if ((eh->e_type != ET_EXEC && eh->e_type != ET_DYN) || eh->e_machine != EM_RISCV)
        return refuse("not an RV64 executable (ET_EXEC or static-pie ET_DYN, EM_RISCV)");
    if (eh->e_phentsize != sizeof(struct elf64_phdr) || eh->e_phnum == 0 || eh->e_phoff > size ||
        (uint64_t)eh->e_phnum * sizeof(struct elf64_phdr) > size - eh->e_phoff)
        return refuse("program headers missing or outside the file");
    return 0;
}

/* A PT_LOAD must lie inside the file and inside the image part of user
 * space (below the stack reservation).  Every bound is written so that it
 * cannot wrap: p_vaddr + p_memsz is never computed before p_vaddr is known
 * to be below the limit. */
static int check_seg(const struct elf64_phdr *ph, uint64_t size)
{
    const uint64_t limit = USER_STACK_TOP - USER_STACK_MAX - PAGE_SIZE;

    if (ph->p_filesz > ph->p_memsz || ph->p_offset > size || ph->p_filesz > size - ph->p_offset)
        return refuse("a segment's file bytes lie outside the file");
    if (ph->p_vaddr < USER_BASE || ph->p_vaddr >= limit || ph->p_memsz > limit - ph->p_vaddr)
        return refuse("a segment wraps or leaves the 2 GiB user space");
    return 0;
}

/* Where the program headers are in user space (AT_PHDR): PT_PHDR's address,
 * else inside the PT_LOAD that holds file offset e_phoff; 0 if none does. */
static void find_phdr(struct image *im, const struct elf64_ehdr *eh, const struct elf64_phdr *ph)
{
    if (ph->p_type == PT_PHDR)
        im->phdr = ph->p_vaddr + im->bias;
    else if (ph->p_type == PT_LOAD && !im->phdr && eh->e_phoff - ph->p_offset < ph->p_filesz)
        im->phdr = ph->p_vaddr + im->bias + (eh->e_phoff - ph->p_offset);
}

static int read_segments(struct image *im, const struct elf64_ehdr *eh)
{
    im->nseg = 0;
    im->lo = ~0UL;
    im->hi = 0;
    im->phdr = 0;
    im->relro_lo = im->relro_hi = 0;
    im->bias = eh->e_type == ET_DYN ? USER_PIE_BASE : 0;
    for (int i = 0; i < eh->e_phnum; i++) {
        struct elf64_phdr ph;
        img_read(im, eh->e_phoff + (uint64_t)i * sizeof(ph), &ph, sizeof(ph));
        if (ph.p_type == PT_INTERP)
            return refuse("a dynamically linked program (PT_INTERP): only static programs run");
        find_phdr(im, eh, &ph);
        if (ph.p_type == PT_GNU_RELRO && ph.p_vaddr <= USER_END && ph.p_memsz <= USER_END) {
            im->relro_lo = ph.p_vaddr + im->bias;
            im->relro_hi = im->relro_lo + ph.p_memsz;
        }
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        if (ph.p_vaddr > USER_END)
            return refuse("a segment wraps or leaves the 2 GiB user space");
        ph.p_vaddr += im->bias;
        int r = check_seg(&ph, im->size);
        if (r)
            return r;
        if (im->nseg == MAX_SEGS)
            return refuse("more than 8 loadable segments");
        im->seg[im->nseg++] = ph;
        im->lo = MIN(im->lo, ROUNDDOWN(ph.p_vaddr, PAGE_SIZE));
        im->hi = MAX(im->hi, ROUNDUP(ph.p_vaddr + ph.p_memsz, PAGE_SIZE));
    }
    return im->nseg ? 0 : refuse("no loadable segment");
}

/* A segment's pages as Linux maps them: always readable, writable if W,
 * executable if X -- R+W+X is both (freestanding programs and bare-metal
 * test suites are often one RWX segment). */
static pte_t seg_prot(const struct elf64_phdr *ph)
{
    pte_t prot = PTE_KRE | PTE_URE;

    if (ph->p_flags & PF_W)
        prot |= PTE_KWE | PTE_UWE;
    if (!(ph->p_flags & PF_X))
        prot |= PTE_FOE;
    return prot;
}

/* Union of two protections: readable always, writable or executable if either is. */
static pte_t prot_union(pte_t a, pte_t b)
{
    pte_t w = (a | b) & (PTE_KWE | PTE_UWE);
    bool x = !(a & PTE_FOE) || !(b & PTE_FOE);
    return PTE_KRE | PTE_URE | w | (x ? 0 : PTE_FOE);
}

/* True if the bytes of writable segments on page va all lie in PT_GNU_RELRO:
 * what the program never writes after its start-up relocation (none in a
 * static ET_EXEC) and glibc makes read-only. */
static bool writable_part_is_relro(const struct image *im, uint64_t va)
{
    for (int i = 0; i < im->nseg; i++) {
        const struct elf64_phdr *ph = &im->seg[i];
        uint64_t s = MAX(va, ph->p_vaddr), e = MIN(va + PAGE_SIZE, ph->p_vaddr + ph->p_memsz);
        if ((ph->p_flags & PF_W) && s < e && (s < im->relro_lo || e > im->relro_hi))
            return false;
    }
    return true;
}

/* Protection of page va and whether any file bytes fall in it.  A page a
 * read-only segment (the text's tail) shares with a writable one (8 KiB
 * pages, segments aligned to 4 KiB) gets the union of their protections,
 * except when the writable bytes on it are RELRO: then it is not writable,
 * so a store into the text never succeeds (docs/vlmos.md, "Linux programs"). */
static bool page_info(const struct image *im, uint64_t va, pte_t *prot, bool *has_file)
{
    bool any = false, w = false, ro = false;

    *has_file = false;
    for (int i = 0; i < im->nseg; i++) {
        const struct elf64_phdr *ph = &im->seg[i];
        if (va + PAGE_SIZE <= ph->p_vaddr || va >= ph->p_vaddr + ph->p_memsz)
            continue;
        *prot = any ? prot_union(*prot, seg_prot(ph)) : seg_prot(ph);
        any = true;
        w |= ph->p_flags & PF_W;
        ro |= !(ph->p_flags & PF_W);
        *has_file |= va < ph->p_vaddr + ph->p_filesz && va + PAGE_SIZE > ph->p_vaddr;
    }
    if (w && ro && writable_part_is_relro(im, va))
        *prot &= ~(PTE_KWE | PTE_UWE);
    return any;
}

/* Copy the file bytes of every segment that overlaps page va into frame k. */
static void fill_page(const struct image *im, uint64_t va, uint8_t *k)
{
    for (int i = 0; i < im->nseg; i++) {
        const struct elf64_phdr *ph = &im->seg[i];
        uint64_t s = MAX(va, ph->p_vaddr), e = MIN(va + PAGE_SIZE, ph->p_vaddr + ph->p_filesz);
        if (s < e)
            img_read(im, ph->p_offset + (s - ph->p_vaddr), k + (s - va), e - s);
    }
}

/* One page of the image: file pages now (not charged), zero-fill on demand. */
static int load_page(struct proc *p, const struct image *im, uint64_t va)
{
    pte_t prot;
    bool has_file;
    int r;

    if (!page_info(im, va, &prot, &has_file))
        return 0;                                   /* a gap between segments */
    if (!has_file)
        return vm_commit(p, va, PAGE_SIZE, prot, VMC_CHARGE);
    if ((r = vm_commit(p, va, PAGE_SIZE, prot, VMC_POPULATE)) != 0)
        return r;
    uint64_t pfn = PTE_PFN(*vm_pte(p, va, false));
    fill_page(im, va, PFN_TO_KVA(pfn));
    /* Code written by stores: make instruction fetch see it (the frame may
     * have held another program's code at this very address). */
    if (!(prot & PTE_FOE))
        pal_imb(pfn << PAGE_SHIFT, PAGE_SIZE);
    return 0;
}

/* The entry point must be an instruction address (2-byte aligned: RVC)
 * inside an executable segment. */
static int check_entry(const struct image *im, uint64_t entry)
{
    if (entry & 1)
        return refuse("the entry point is misaligned");
    for (int i = 0; i < im->nseg; i++)
        if ((im->seg[i].p_flags & PF_X) && entry - im->seg[i].p_vaddr < im->seg[i].p_memsz)
            return 0;
    return refuse("the entry point is outside every executable segment");
}

/* Reserve one VMA_IMAGE per run of pages the segments cover. */
static int reserve_image(struct proc *p, const struct image *im)
{
    uint64_t run = 0;
    pte_t prot;
    bool has_file;

    for (uint64_t va = im->lo; va <= im->hi; va += PAGE_SIZE) {
        bool used = va < im->hi && page_info(im, va, &prot, &has_file);
        if (used && !run)
            run = va;
        if (!used && run) {
            int r = vm_reserve(p, run, va - run, VMA_IMAGE);
            if (r)
                return r;
            run = 0;
        }
    }
    return 0;
}

static int setup_stack_and_heap(struct proc *p, const struct image *im)
{
    /* The reservation runs from the guard page below the stack to the end of
     * user space, so the pages above USER_STACK_TOP are never handed out. */
    uint64_t base = USER_STACK_TOP - USER_STACK_MAX - PAGE_SIZE;
    int r = vm_reserve(p, base, USER_END - base, VMA_STACK);

    if (r || (r = vm_commit(p, USER_STACK_TOP - USER_STACK_INIT, USER_STACK_INIT,
                            PROT_DATA, 0)) != 0)
        return r;
    p->vm->stack_low = USER_STACK_TOP - USER_STACK_INIT;
    p->vm->brk_base = p->vm->brk = im->hi;
    return vm_reserve(p, im->hi, 0, VMA_HEAP);
}

int exec_load(struct proc *p, const char *path, int argc, char *const argv[], int envc,
              char *const envp[], uint64_t *entry, uint64_t *usp)
{
    const struct initrd_file *f = initrd_find(path);
    struct image im = { .ram = path[0] == '/' ? path + 1 : path };
    struct elf64_ehdr eh;
    int64_t ram = f ? -1 : ramfs_kread(im.ram, 0, NULL, 0);
    int r;

    if (!f && ram < 0)
        return -VE_NOENT;
    im.file = f ? f->data : NULL;
    im.size = f ? f->size : (uint64_t)ram;
    if (im.size < sizeof(eh))
        return refuse("not an ELF file");
    img_read(&im, 0, &eh, sizeof(eh));
    if ((r = check_ehdr(&eh, im.size)) || (r = read_segments(&im, &eh)) ||
        (r = check_entry(&im, eh.e_entry + im.bias)))
        return r;
    if ((r = reserve_image(p, &im)) != 0)
        return r;
    for (uint64_t va = im.lo; va < im.hi; va += PAGE_SIZE)
        if ((r = load_page(p, &im, va)) != 0)
            return r;
    struct exec_info ei = { eh.e_entry + im.bias, im.phdr, eh.e_phnum, path };
    if ((r = setup_stack_and_heap(p, &im)) || (r = auxv_build_stack(p, argc, argv, envc, envp, &ei, usp)))
        return r;
    *entry = ei.entry;
    return 0;
}
