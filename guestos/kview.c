/*
 * kview.c — publish the frame database and the process table's layout to
 * the machine (abi/vlmos_view.h): its live view (docs/display.md) and its
 * gdb stub (docs/debugging.md).
 *
 * Both read kernel memory from the host while the guest runs, as a
 * debugger's kernel awareness does; the kernel only says where to look.  It
 * costs one HWRPB store and one static block at boot, nothing afterwards.
 */
#include "guestos/abi/vlmos_view.h"
#include "guestos/frames.h"
#include "guestos/kview.h"
#include "guestos/proc.h"

_Static_assert(sizeof(struct frame) == sizeof(struct vview_frame), "frame record layout");
_Static_assert(offsetof(struct frame, vlm_maps) == offsetof(struct vview_frame, vlm_maps),
               "frame record layout");
_Static_assert(offsetof(struct frame, owner) == offsetof(struct vview_frame, owner),
               "frame record layout");
_Static_assert((int)FR_ZERO == (int)VFR_ZERO && (int)FR_FREE == (int)VFR_FREE &&
               (int)FR_VLM == (int)VFR_VLM && (int)FR_PT == (int)VFR_PT &&
               (int)FR_COW == (int)VFR_COW && (int)FR_NSTATES == (int)VFR_NSTATES, "frame states");
_Static_assert((int)VMA_IMAGE == (int)VVMA_IMAGE && (int)VMA_RESERVE == (int)VVMA_RESERVE,
               "vma kinds");

/* The readers take these fields' widths from the ABI (vlmos_view.h). */
#define FIELD_SIZE(s, f) sizeof(((struct s *)0)->f)
_Static_assert(FIELD_SIZE(proc, pid) == 4 && FIELD_SIZE(proc, state) == 4 &&
               FIELD_SIZE(proc, tgid) == 4 && FIELD_SIZE(vmspace, asn) == 4 &&
               FIELD_SIZE(proc, drvdata) == 8 && FIELD_SIZE(proc, vm) == 8,
               "32-bit fields, the pointers");
_Static_assert(FIELD_SIZE(proc, name) == VPROC_NAME && FIELD_SIZE(proc, kstack_pa) == 8 &&
               FIELD_SIZE(vmspace, l1_pfn) == 8 && FIELD_SIZE(vmspace, vmas) == 8,
               "name and 64-bit fields");

static struct vview view;

#define P(f) (uint16_t)offsetof(struct proc, f)
#define V(f) (uint16_t)offsetof(struct vma, f)
#define S(f) (uint16_t)offsetof(struct vmspace, f)

void kview_publish(void)
{
    uint64_t *h = PA_TO_KVA(HWRPB_PA);

    view = (struct vview){
        .magic = VVIEW_MAGIC, .nframes = frames_total(),
        .procs_pa = kptr_to_pa(procs), .curproc_pa = kptr_to_pa(&curproc),
        .nproc = NPROC, .frame_size = sizeof(struct frame), .kernel_end = boot.kernel_end,
        .p_pid = P(pid), .p_state = P(state), .p_name = P(name), .p_asn = S(asn),
        .p_l1_pfn = S(l1_pfn), .p_vmas = S(vmas), .p_committed = S(committed),
        .p_charged = S(charged), .p_donated = S(donated), .p_resident = S(resident),
        .p_vlm_mapped = S(window_ptes), .p_brk_base = S(brk_base), .p_brk = S(brk),
        .p_stack_low = S(stack_low), .p_drvdata = P(drvdata), .p_vm = P(vm), .p_tgid = P(tgid),
        .v_start = V(start), .v_end = V(end), .v_kind = V(kind), .v_next = V(next),
        .proc_limit = boot.proc_limit, .counts_pa = kptr_to_pa(frames_counts()),
        .p_kstack_pa = P(kstack_pa), .name_size = VPROC_NAME,
    };
    h[HWRPB_FRAMEDB / 8] = kptr_to_pa(frame_db(0));
    h[HWRPB_KVIEW / 8] = kptr_to_pa(&view);
}
