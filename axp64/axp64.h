/*
 * axp64.h — the AXP64 architecture, as one header (the "manual in C").
 *
 * Everything a kernel, a test image or the emulator needs to agree on lives
 * here: page geometry, the PTE format, the virtual-address split, the
 * superpages, the memory-management fault codes (MMCSR), the PS, the PAL
 * function numbers (OSF/1 numbering), the PCB, the trap frame and the HWRPB.
 * Names follow the Alpha Architecture Reference Manual (OSF/1 PALcode view).
 *
 * The header is shared by host C, guest C and guest assembly, so it holds only
 * #defines outside the __ASSEMBLER__ guard.
 */
#ifndef AXP64_H
#define AXP64_H

/* ---- Pages: 8 KiB (Alpha "page size = 8K") --------------------------- */
#define PAGE_SHIFT      13
#define PAGE_SIZE       (1UL << PAGE_SHIFT)
#define PAGE_MASK       (PAGE_SIZE - 1)

/* ---- Page table entry (Alpha ARM, "Page Table Entries") -------------- */
#define PTE_V           (1UL << 0)   /* valid */
#define PTE_FOR         (1UL << 1)   /* fault on read */
#define PTE_FOW         (1UL << 2)   /* fault on write */
#define PTE_FOE         (1UL << 3)   /* fault on execute */
#define PTE_ASM         (1UL << 4)   /* address space match: valid in every ASN */
#define PTE_GH_SHIFT    5            /* granularity hint, bits 6:5 */
#define PTE_GH_MASK     (3UL << PTE_GH_SHIFT)
#define PTE_KRE         (1UL << 8)   /* kernel read enable (and execute) */
#define PTE_URE         (1UL << 9)   /* user read enable (and execute) */
#define PTE_KWE         (1UL << 12)  /* kernel write enable */
#define PTE_UWE         (1UL << 13)  /* user write enable */
#define PTE_RSV         ((1UL << 7) | (1UL << 10) | (1UL << 11) | (1UL << 14) | (1UL << 15))
#define PTE_SW_SHIFT    16           /* bits 31:16 belong to the OS */
#define PTE_SW_MASK     (0xFFFFUL << PTE_SW_SHIFT)
#define PTE_PFN_SHIFT   32           /* bits 63:32: page frame number */

#define PTE_GH(pte)        (((pte) >> PTE_GH_SHIFT) & 3)
#define PTE_PFN(pte)       ((pte) >> PTE_PFN_SHIFT)
#define PFN_TO_PTE(pfn)    ((unsigned long)(pfn) << PTE_PFN_SHIFT)
/* GH = g maps 8^g aligned pages with one TLB entry: 1, 8, 64, 512 pages. */
#define GH_PAGES(gh)       (1UL << (3 * (gh)))

/* ---- Virtual address: 43 bits, three levels of 1024 PTEs ------------- */
#define VA_BITS         43
#define PT_BITS         10                       /* 1024 PTEs per 8 KiB table */
#define PT_ENTRIES      (1UL << PT_BITS)
#define L1_SHIFT        (PAGE_SHIFT + 2 * PT_BITS)   /* VA[42:33] */
#define L2_SHIFT        (PAGE_SHIFT + PT_BITS)       /* VA[32:23] */
#define L3_SHIFT        PAGE_SHIFT                   /* VA[22:13] */
#define L1_INDEX(va)    (((va) >> L1_SHIFT) & (PT_ENTRIES - 1))
#define L2_INDEX(va)    (((va) >> L2_SHIFT) & (PT_ENTRIES - 1))
#define L3_INDEX(va)    (((va) >> L3_SHIFT) & (PT_ENTRIES - 1))
#define VA_VPN(va)      (((va) >> PAGE_SHIFT) & ((1UL << (VA_BITS - PAGE_SHIFT)) - 1))
/* A VA is canonical when bits 63:42 are all equal (sign-extended from bit 42). */
#define VA_CANONICAL(va) ((((long)(va)) >> (VA_BITS - 1)) == 0 || \
                          (((long)(va)) >> (VA_BITS - 1)) == -1)

/* ---- Superpages (kernel mode only; user mode gets ACV) --------------- */
#define KSEG32_BASE     0xFFFFFFFF80000000UL     /* first 1 GiB of PA */
#define KSEG32_END      0xFFFFFFFFC0000000UL     /* exclusive */
#define KSEG32_PA_MASK  0x3FFFFFFFUL
#define KSEG43_BASE     0xFFFFFC0000000000UL     /* all RAM */
#define KSEG43_END      0xFFFFFE0000000000UL     /* exclusive */
#define KSEG43_PA_MASK  0x1FFFFFFFFFFUL
#define KSEG32_VA(pa)   (KSEG32_BASE + (unsigned long)(pa))
#define KSEG43_VA(pa)   (KSEG43_BASE + (unsigned long)(pa))

/* ---- Memory-management faults: MMCSR codes passed to entMM in a1 ----- */
#define MM_TNV          0   /* translation not valid (PTE V clear) */
#define MM_ACV          1   /* access violation (mode/permission, non-canonical VA) */
#define MM_FOR          2   /* fault on read */
#define MM_FOE          3   /* fault on execute */
#define MM_FOW          4   /* fault on write */
/* entMM a2: the access that faulted */
#define MM_CAUSE_FETCH  (-1)
#define MM_CAUSE_LOAD   0
#define MM_CAUSE_STORE  1

/* ---- Processor status (PS) ------------------------------------------- */
#define PS_IPL_MASK     7UL          /* bits 2:0 interrupt priority level */
#define PS_CM           (1UL << 3)   /* current mode: 0 kernel, 1 user */
#define IPL_CLOCK       5            /* the interval clock interrupts at IPL 5 */
#define IPL_MAX         7

/* ---- Exception entry points (wrent a1) ------------------------------- */
#define ENT_INT         0   /* entInt:   a0 = 1 clock */
#define ENT_ARITH       1   /* entArith: never raised: RISC-V has no arithmetic traps */
#define ENT_MM          2   /* entMM:    a0 = VA, a1 = MMCSR, a2 = cause */
#define ENT_IF          3   /* entIF:    a0 = IF_* code */
#define ENT_UNA         4   /* entUna:   a0 = VA, a1 = opcode, a2 = register */
#define ENT_SYS         5   /* entSys:   callsys from user mode, args in a0..a5, a7 */
#define ENT_COUNT       6
/* Their names in ENT_* order, as an initializer: host tools (axp64/names.c)
 * and guest test images (baremetal/mlib.c) print the same words. */
#define ENT_NAMES       "entInt", "entArith", "entMM", "entIF", "entUna", "entSys"
#define INT_CLOCK       1   /* entInt a0 */
#define IF_BPT          0   /* entIF a0: breakpoint (ebreak) */
#define IF_BUGCHK       1
#define IF_GENTRAP      2
#define IF_FEN          3
#define IF_OPCDEC       4   /* illegal instruction, or CALL_PAL with an unknown number */

/* ---- PAL functions: a7 of a kernel-mode ecall (OSF/1 numbers) -------- */
#define PAL_HALT        0x00  /* a0 = exit status of the machine */
#define PAL_CSERVE      0x09  /* a0 = CSERVE_* */
#define PAL_SWPCTX      0x30  /* a0 = PA of new PCB -> a0 = PA of old PCB */
#define PAL_WRVAL       0x31  /* sysvalue := a0 */
#define PAL_RDVAL       0x32  /* -> a0 = sysvalue */
#define PAL_TBI         0x33  /* a0 = TBI_*, a1 = VA */
#define PAL_WRENT       0x34  /* a0 = entry VA, a1 = ENT_* */
#define PAL_SWPIPL      0x35  /* a0 = new IPL -> a0 = old IPL */
#define PAL_RDPS        0x36  /* -> a0 = PS */
#define PAL_WRKGP       0x37  /* kernel gp (x3) loaded on every exception entry */
#define PAL_WRUSP       0x38  /* user stack pointer := a0 */
#define PAL_RDUSP       0x3A  /* -> a0 = user stack pointer */
#define PAL_WHAMI       0x3C  /* -> a0 = CPU number (always 0) */
#define PAL_RETSYS      0x3D  /* return from entSys to user mode (pops the frame) */
#define PAL_WTINT       0x3E  /* wait for interrupt -> a0 = clock ticks skipped */
#define PAL_RTI         0x3F  /* return from any exception (pops the frame) */
#define PAL_IMB         0x86  /* instruction memory barrier: stores to code become visible
                                 to instruction fetch (the I-stream is not coherent);
                                 AXP64: a0 = PA, a1 = length limits it to those frames
                                 (a1 = 0: everything) -> a0 = 0, or -1 for a bad range */
#define PAL_BUGCHK      0x81  /* a0 = kernel VA of the panic message (or 0), a1 = halt status:
                                 the console prints a crash report (registers, backtrace
                                 with names) and halts the machine (docs/pal.md) */
/* Machine-specific (AXP64) */
#define PAL_RPCC        0x40  /* -> a0 = instruction clock (retired instructions) */
#define PAL_ZERO        0x41  /* a0 = PA, a1 = bytes (page multiples) -> a0 = 0 or -1 */
#define PAL_TRACE       0x42  /* a0 = TRACE_OS_* kind, a1..a5 its arguments, a6 = the PC the
                                 event is about (0: the call's): an OS event for the trace, if
                                 one is recorded (HWRPB_TRACE); other kinds are ignored */
/* PAL_TRACE kinds: the events the machine's trace recorder (emu/tracepoint.c)
 * turns into records (trace/trace.h TR_*).  The recorder gives them meaning,
 * so they are the machine's, as the PAL function numbers are. */
#define TRACE_OS_PROC_CREATE 1  /* a1 = pid, a2 = parent pid, a3 = PCB PA, a4..a5 = name */
#define TRACE_OS_PROC_EXIT   2  /* a1 = pid, a2 = status */
#define TRACE_OS_VLM         3  /* a1 = figure * 10000 + step, a2 = consumer pid, a3 = argument */
#define TRACE_OS_PAGEIN      4  /* a1 = va, a2 = frame PA, a3 = 0 demand-zero, 1 stack growth,
                                   2 copy-on-write copy, 3 copy-on-write, last reference kept */

#define CSERVE_PUTC     1     /* a1 = character */
#define CSERVE_GETC     2     /* -> a0 = character, CONSOLE_NONE or CONSOLE_EOF */
/* AXP64 extensions to cserve (docs/pal.md): */
#define CSERVE_PUTS     3     /* a1 = PA, a2 = length: write that many bytes -> a0 = 0 or -1 */
#define CSERVE_WAIT     4     /* block until input is waiting -> a0 = 1, or 0 at end of input */
#define CSERVE_SYMBOL   5     /* a1 = PA of a buffer holding a program name, a2 = its size,
                                 a3 = a user pc: the buffer gets "func+0x1c (file.c:42)"
                                 from the program's ELF on the host -> a0 = 0, or -1 */
#define CONSOLE_NONE    (-1)  /* getc: nothing is waiting now */
#define CONSOLE_EOF     (-2)  /* getc: the input has ended (stdin closed) */

#define TBI_IAP         (-1)  /* tbiap: every entry without ASM */
#define TBI_IA          (-2)  /* tbia: every entry */
#define TBI_SI          1     /* tbisi: the ITB entry for a1 */
#define TBI_SD          2     /* tbisd: the DTB entry for a1 */
#define TBI_S           3     /* tbis: both entries for a1 */

/* ---- Process control block (OSF/1 layout), addressed by PA ---------- */
#define PCB_KSP         0x00
#define PCB_USP         0x08
#define PCB_PTBR        0x10  /* PFN of the L1 page table */
#define PCB_PCC         0x18  /* 32 bits: process instruction count */
#define PCB_ASN         0x1C  /* 32 bits: address space number (8 used) */
#define PCB_UNIQUE      0x20
#define PCB_FEN         0x28
#define PCB_SIZE        0x30
#define ASN_BITS        8

/* ---- Trap frame pushed by PAL on the kernel stack -------------------- */
#define FRAME_PS        0x00
#define FRAME_PC        0x08
#define FRAME_X(n)      (0x08 + 8 * (n))      /* x1..x31 at 0x10..0x100 */
#define FRAME_SIZE      0x110                 /* 34 quadwords, 16-byte aligned */

/* ---- HWRPB: boot information at a fixed PA --------------------------- */
#define HWRPB_PA        0x2000UL
#define HWRPB_MAGIC     0x3436505841485748UL  /* "HWHAXP64" */
#define HWRPB_VERSION   2
#define HWRPB_MAGIC_OFF     0x00
#define HWRPB_VERSION_OFF   0x08
#define HWRPB_PAGESIZE      0x10
#define HWRPB_RAMSIZE       0x18
#define HWRPB_INITRD_PA     0x20
#define HWRPB_INITRD_SIZE   0x28
#define HWRPB_PROC_LIMIT    0x30
#define HWRPB_CLOCK_MODE    0x38  /* 0 icount, 1 host */
#define HWRPB_QUANTUM       0x40  /* instructions between clock interrupts */
#define HWRPB_KERNEL_END    0x48  /* first PA after the kernel image (page aligned) */
#define HWRPB_ITB_SIZE      0x50
#define HWRPB_DTB_SIZE      0x58
#define HWRPB_CONSOLE       0x60  /* HWRPB_CONS_* flags */
#define HWRPB_TRACE         0x68  /* 1 if a trace is being recorded (PAL_TRACE is worth calling) */
#define HWRPB_WALLCLOCK     0x70  /* --clock host: the host's wall time at boot, ns since 1970; 0 with icount */
/* 0x78..0x87: unused (once the process table's description, now in struct vview). */
/* Written by the OS for the emulator's view and gdb stub (docs/pal.md): */
#define HWRPB_FRAMEDB       0x88  /* PA of the frame database (one record per frame, state byte first) */
#define HWRPB_KVIEW         0x90  /* PA of VLM/OS's struct vview (abi/vlmos_view.h): the process table */
#define HWRPB_ARGS          0x100 /* NUL-terminated boot argument string */
#define HWRPB_ARGS_MAX      0x700
#define HWRPB_ARGV          0x800 /* first program's argv: NUL-separated, ends with an empty string */
#define HWRPB_ARGV_MAX      0x800
#define HWRPB_SIZE          0x1000
#define HWRPB_CONS_TTY      1UL   /* the console is a terminal in raw mode: the OS echoes */
#define KERNEL_MIN_PA       0x10000UL /* kernels load at or above this PA */

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>
typedef uint64_t pte_t;

/* The trap frame as C sees it (the FRAME_* offsets above): x[n] sits at
 * FRAME_X(n) = 8 + 8n, so the slot of x0 (hardwired zero) holds the PC.
 * The kernel (guestos/trap.c), the machine-test runtime (baremetal/) and
 * assembly through FRAME_* all use this one layout. */
struct trapframe {
    uint64_t ps;
    union {
        uint64_t pc;
        uint64_t x[32];
    };
    uint64_t pad;             /* to FRAME_SIZE: the PAL keeps SP 16-byte aligned */
};
_Static_assert(offsetof(struct trapframe, ps) == FRAME_PS, "trap frame: PS");
_Static_assert(offsetof(struct trapframe, pc) == FRAME_PC, "trap frame: PC");
_Static_assert(offsetof(struct trapframe, x[1]) == FRAME_X(1), "trap frame: x1");
_Static_assert(offsetof(struct trapframe, x[31]) == FRAME_X(31), "trap frame: x31");
_Static_assert(sizeof(struct trapframe) == FRAME_SIZE, "trap frame: size");
#endif

#if !defined(__ASSEMBLER__) && defined(__riscv)
/*
 * CALL_PAL from guest kernel-mode code (the kernel and the machine-test
 * images): one `ecall` with the PAL function number in a7 and arguments in
 * a0..a2.  PAL preserves every register except a0, which holds the result.
 * The "memory" clobber is needed because PAL functions read and write guest
 * memory (swpctx's PCB, cserve's buffer, zero's frames).
 */
static inline uint64_t call_pal2(uint64_t fn, uint64_t a0, uint64_t a1)
{
    register uint64_t r_a0 __asm__("a0") = a0;
    register uint64_t r_a1 __asm__("a1") = a1;
    register uint64_t r_a7 __asm__("a7") = fn;
    __asm__ volatile("ecall" : "+r"(r_a0) : "r"(r_a1), "r"(r_a7) : "memory");
    return r_a0;
}

static inline uint64_t call_pal3(uint64_t fn, uint64_t a0, uint64_t a1, uint64_t a2)
{
    register uint64_t r_a0 __asm__("a0") = a0;
    register uint64_t r_a1 __asm__("a1") = a1;
    register uint64_t r_a2 __asm__("a2") = a2;
    register uint64_t r_a7 __asm__("a7") = fn;
    __asm__ volatile("ecall" : "+r"(r_a0) : "r"(r_a1), "r"(r_a2), "r"(r_a7) : "memory");
    return r_a0;
}
#endif

#if defined(__ASSEMBLER__) && defined(__riscv)
/*
 * SWPCTX_KEEP_SP: swpctx to the PCB at PA a0, first storing sp as that PCB's
 * KSP so that the switch keeps the current kernel stack (the kernel's first
 * switch, the machine tests' switches).  Clobbers t0 and a7; a0 returns the
 * old PCB's PA.
 */
.macro SWPCTX_KEEP_SP
    li      t0, KSEG43_BASE
    add     t0, t0, a0
    sd      sp, PCB_KSP(t0)
    li      a7, PAL_SWPCTX
    ecall
.endm
#endif

#endif /* AXP64_H */
