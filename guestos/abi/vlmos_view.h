/*
 * vlmos_view.h — what VLM/OS publishes about itself for the machine: the
 * live view (`alphavlm run --display sdl`, `--screenshot`; docs/display.md)
 * and the gdb stub (its threads and `monitor info frames`, docs/debugging.md)
 * both read the process table and the frame database through it.
 *
 * At boot the kernel writes two HWRPB fields (axp64/axp64.h):
 *   HWRPB_FRAMEDB  PA of its frame database: one struct vview_frame per
 *                  8 KiB frame, PFN order (guestos/frames.h owns it)
 *   HWRPB_KVIEW    PA of a struct vview: where the process table lives and
 *                  the byte offsets of the fields the readers use in it.
 * Offsets come from offsetof() in the kernel, so the emulator never copies
 * the kernel's struct layouts.  Publishing costs the kernel nothing after
 * boot: the readers read kernel memory while the guest runs and must treat
 * everything it reads as possibly torn or stale (pointers are checked
 * against RAM before use, lists are bounded).
 */
#ifndef VLMOS_VIEW_H
#define VLMOS_VIEW_H

#include <stdint.h>

#define VVIEW_MAGIC 0x5745495653554c56UL   /* "VLUSVIEW" */

/* One frame record, as frames.h's struct frame lays it out. */
struct vview_frame {
    uint8_t  state;      /* VFR_* */
    uint8_t  flags;
    uint16_t vlm_maps;   /* VLM window PTEs that map this frame now */
    uint32_t owner;      /* pid for page tables, process frames; donor pid for VLM */
    uint32_t next;
    uint32_t aux;
};

/* Frame states (the values of guestos/frames.h enum frame_state).  Zeroed
 * is 0 so that a record the kernel never wrote reads as a zeroed frame: the
 * database of a 16 GiB machine is 32 MiB, and boot does not touch it. */
enum { VFR_ZERO = 0, VFR_FREE, VFR_BOOT, VFR_KERNEL, VFR_PT, VFR_PROC, VFR_VLM,
       VFR_COW,            /* shared copy-on-write after fork; aux = references */
       VFR_NSTATES };
/* Their names, in that order, for the debuggers and the view
 * (`static const char *const n[VFR_NSTATES] = { VFR_NAMES };`). */
#define VFR_NAMES "zeroed", "free", "boot", "kernel", "page table", "process", "VLM", \
                  "copy-on-write"

/* VMA kinds (guestos/vm.h enum vma_kind). */
enum { VVMA_IMAGE = 1, VVMA_HEAP, VVMA_STACK, VVMA_RESERVE };

/* The record a driver keeps for a process (struct proc's drvdata, a kernel
 * pointer, NULL if none) begins with this: the role the view shows.  The
 * VLM driver's struct vlm_proc asserts it (vlmdrv/vlm.c). */
struct vview_drvproc {
    int32_t role;               /* 0, VVIEW_ROLE_CONSUMER or VVIEW_ROLE_DONOR */
};
enum { VVIEW_ROLE_CONSUMER = 1, VVIEW_ROLE_DONOR = 2 };

/* Kernel pointers in the process table are KSEG43/KSEG32 addresses; a
 * NULL pointer is a free slot.  Each entry is a thread: pid (its tid),
 * tgid (its process) and state are 32-bit (state: enum vproc_state,
 * abi/vlmos.h), name is name_size bytes, NUL-padded, kstack_pa is the
 * 64-bit PA of its kernel-stack frame (the PCB at its start, the user trap
 * frame at its top), vm a kernel pointer to its address space (shared by
 * the threads of a process; NULL once the thread exited) and drvdata a
 * kernel pointer.  The p_asn .. p_stack_low offsets are in the address
 * space the vm pointer names: asn is 32-bit, the others 64-bit. */
struct vview {
    uint64_t magic;             /* VVIEW_MAGIC */
    uint64_t nframes;           /* records in the frame database */
    uint64_t procs_pa;          /* PA of struct proc *procs[nproc] */
    uint64_t curproc_pa;        /* PA of struct proc *curproc */
    uint32_t nproc;
    uint32_t frame_size;        /* sizeof(struct frame) */
    uint64_t kernel_end;        /* first PA after the kernel image */
    /* Offsets in struct proc (p_pid, p_state, p_name, p_drvdata) and in the
     * address space its vm pointer names (p_asn .. p_stack_low). */
    uint16_t p_pid, p_state, p_name, p_asn, p_l1_pfn, p_vmas, p_committed, p_charged,
             p_donated, p_resident, p_vlm_mapped, p_brk_base, p_brk, p_stack_low,
             p_drvdata;          /* a struct vview_drvproc pointer (the group leader's) */
    /* Offsets in struct vma (a sorted list). */
    uint16_t v_start, v_end, v_kind, v_next;
    uint64_t proc_limit;        /* per-process limit, bytes */
    uint64_t counts_pa;         /* PA of uint64_t[VFR_NSTATES]: frames in each state now */
    uint16_t p_kstack_pa;       /* offset in struct proc, as p_pid.. above */
    uint16_t name_size;         /* bytes of a process's name (VPROC_NAME) */
    uint16_t p_vm;              /* offset in struct proc: its address space (a pointer) */
    uint16_t p_tgid;            /* offset in struct proc: its process's id (32-bit) */
};

#endif /* VLMOS_VIEW_H */
