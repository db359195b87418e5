/*
 * pal.c — PAL functions and exception entry/return.  Numbers and layouts:
 * axp64/axp64.h.  The ABI is fixed (DESIGN.md section 5).
 */
#include <string.h>
#include <sys/mman.h>
#include "axp64/names.h"
#include "emu/clock.h"
#include "emu/console.h"
#include "emu/cpu.h"
#include "emu/crash.h"
#include "emu/decode.h"
#include "emu/gvm.h"
#include "emu/pal.h"
#include "emu/tracepoint.h"
#include "emu/ucx.h"

/* RISC-V exception causes as Unicorn reports them to UC_HOOK_INTR. */
enum { EXC_ILLEGAL = 2, EXC_LOAD_MISALIGNED = 4,
       EXC_STORE_MISALIGNED = 6, EXC_ECALL = 8, EXC_ECALL_S = 9, EXC_ECALL_M = 11 };


void pal_deliver(struct machine *m, int ent, uint64_t frame_pc,
                 uint64_t a0, uint64_t a1, uint64_t a2, bool args)
{
    uint64_t *x = cpu_x(m);
    uint64_t frame[FRAME_SIZE / 8] = { 0 };
    uint64_t sp = m->mode == MODE_USER ? m->ksp : x[X_SP];

    if (!m->ent[ent]) {
        machine_check(m, "%s at pc %#lx with no handler (wrent was not called)",
                      axp_entry_name(ent), (unsigned long)frame_pc);
        return;
    }
    frame[FRAME_PS / 8] = pal_ps(m);
    frame[FRAME_PC / 8] = frame_pc;
    memcpy(&frame[FRAME_X(1) / 8], &x[1], 31 * sizeof(uint64_t));
    sp -= FRAME_SIZE;
    if (gvm_write(m, sp, frame, FRAME_SIZE, MODE_KERNEL)) {
        machine_check(m, "%s: kernel stack %#lx does not map", axp_entry_name(ent),
                      (unsigned long)sp);
        return;
    }
    if (m->mode == MODE_USER)
        m->usp = x[X_SP];
    x[X_SP] = sp;
    if (args) {
        x[X_A0] = a0;
        x[X_A1] = a1;
        x[X_A2] = a2;
    }
    if (ent != ENT_SYS)
        tp_event(m, frame_pc, TR_EXC, a0, a1, (uint32_t)a2, (uint8_t)ent, 0);
    if (m->kgp)
        x[X_GP] = m->kgp;
    if (ent == ENT_INT)
        m->ipl = IPL_CLOCK;
    *cpu_pc(m) = m->ent[ent];
    cpu_set_mode(m, MODE_KERNEL);
    m->st.exceptions++;
}

bool pal_check_interrupt(struct machine *m)
{
    if (m->ipl >= IPL_CLOCK || !atomic_load(&m->tick_due) || m->mchk[0])
        return false;
    atomic_store(&m->tick_due, false);
    m->st.interrupts++;
    pal_deliver(m, ENT_INT, *cpu_pc(m), INT_CLOCK, 0, 0, true);
    return true;
}

/* rti / retsys: pop the frame at SP, restore PS, PC and x1..x31. */
static void pal_rti(struct machine *m, bool retsys)
{
    uint64_t *x = cpu_x(m);
    uint64_t frame[FRAME_SIZE / 8];
    uint64_t sp = x[X_SP];

    if (gvm_read(m, sp, frame, FRAME_SIZE, MODE_KERNEL)) {
        machine_check(m, "%s: trap frame at %#lx does not map",
                      retsys ? "retsys" : "rti", (unsigned long)sp);
        return;
    }
    uint64_t ps = frame[FRAME_PS / 8];
    if (retsys && !(ps & PS_CM)) {
        machine_check(m, "retsys: frame at %#lx does not return to user mode",
                      (unsigned long)sp);
        return;
    }
    if (retsys)
        tp_event(m, *cpu_pc(m) - 4, TR_SYSRET, 0, frame[FRAME_X(X_A0) / 8],
                 (uint32_t)frame[FRAME_X(X_A7) / 8], 0, 0);
    tp_event(m, *cpu_pc(m) - 4, TR_RTI, frame[FRAME_PC / 8], 0, 0, retsys, 0);
    memcpy(&x[1], &frame[FRAME_X(1) / 8], 31 * sizeof(uint64_t));
    if (ps & PS_CM) {
        /* Back to user mode: the kernel stack is empty again; SP is the USP. */
        m->ksp = sp + FRAME_SIZE;
        x[X_SP] = m->usp;
        cpu_set_mode(m, MODE_USER);
    } else {
        x[X_SP] = sp + FRAME_SIZE;
        cpu_set_mode(m, MODE_KERNEL);
    }
    m->ipl = (unsigned)(ps & PS_IPL_MASK);
    *cpu_pc(m) = frame[FRAME_PC / 8];
    pal_check_interrupt(m);
}

/* swpctx: save SP/USP/PCC into the old PCB, load the new one (OSF/1 layout). */
static void pal_swpctx(struct machine *m, uint64_t new_pcbb)
{
    uint64_t *x = cpu_x(m);
    uint8_t *np = (new_pcbb & 7) ? NULL : machine_pa(m, new_pcbb, PCB_SIZE);
    uint8_t *op = m->pcbb ? machine_pa(m, m->pcbb, PCB_SIZE) : NULL;
    uint32_t pcc = (uint32_t)(clock_now(m) - m->pcc_base), asn;
    uint64_t ptbr;

    if (!np) {
        machine_check(m, "swpctx: PCB at PA %#lx is not in RAM or not aligned",
                      (unsigned long)new_pcbb);
        return;
    }
    if (op) {
        memcpy(op + PCB_KSP, &x[X_SP], 8);
        memcpy(op + PCB_USP, &m->usp, 8);
        memcpy(op + PCB_PCC, &pcc, 4);
    }
    memcpy(&x[X_SP], np + PCB_KSP, 8);
    memcpy(&m->usp, np + PCB_USP, 8);
    memcpy(&ptbr, np + PCB_PTBR, 8);
    memcpy(&pcc, np + PCB_PCC, 4);
    memcpy(&asn, np + PCB_ASN, 4);
    m->pcc_base = clock_now(m) - pcc;
    m->space.ptbr = ptbr;
    m->space.ptbr_valid = true;
    m->asn = asn & ((1u << ASN_BITS) - 1);
    tp_event(m, *cpu_pc(m) - 4, TR_SWPCTX, new_pcbb, m->pcbb, (uint32_t)ptbr, 0, 0);
    x[X_A0] = m->pcbb;
    m->pcbb = new_pcbb;
    /* QEMU's cache is not ASN-tagged; the model TLB is, and keeps its entries. */
    cpu_flush_tlb_cache(m);
}

static void pal_tbi(struct machine *m, int64_t sel, uint64_t va)
{
    unsigned n = 0;

    switch (sel) {
    case TBI_IA:  n = tlb_inval_all(&m->itb) + tlb_inval_all(&m->dtb); clock_forget_blocks(m); break;
    case TBI_IAP: n = tlb_inval_process(&m->itb) + tlb_inval_process(&m->dtb);
                  clock_forget_blocks(m); break;
    case TBI_SI:  n = tlb_inval_va(&m->itb, va, m->asn); break;
    case TBI_SD:  n = tlb_inval_va(&m->dtb, va, m->asn); break;
    case TBI_S:   n = tlb_inval_va(&m->itb, va, m->asn) + tlb_inval_va(&m->dtb, va, m->asn); break;
    default:      return;                    /* other selectors do nothing, as on Alpha */
    }
    tp_event(m, *cpu_pc(m) - 4, TR_TBI, va, 0, n, (uint8_t)(sel + 2), 0);
    cpu_flush_tlb_cache(m);
}

/* Machine-specific PAL_ZERO.  Large ranges go back to the host
 * (madvise: instant, and the next touch gets fresh zero pages); a few frames
 * are cleared in place, because dropping them would make their next use pay
 * two host page faults each (about 10 us here) instead of a 0.2 us memset. */
#define ZERO_MADVISE_MIN (256UL << 10)

static int64_t pal_zero(struct machine *m, uint64_t pa, uint64_t len)
{
    uint8_t *p = machine_pa(m, pa, len);
    if (!p || (pa | len) & PAGE_MASK)
        return -1;
    if (len < ZERO_MADVISE_MIN || madvise(p, len, MADV_DONTNEED) != 0)
        memset(p, 0, len);
    return 0;
}

/* cserve: the console (docs/pal.md).  PUTS writes a0 bytes from a PA. */
static int64_t pal_cserve(struct machine *m, uint64_t fn, uint64_t a1, uint64_t a2)
{
    void *p;

    switch (fn) {
    case CSERVE_PUTC: {
        char c = (char)a1;
        console_write(&c, 1);
        return 0;
    }
    case CSERVE_GETC: return console_getc();
    case CSERVE_PUTS:
        if (!(p = machine_pa(m, a1, a2)))
            return -1;
        console_write(p, a2);
        return 0;
    case CSERVE_WAIT: return console_wait();
    case CSERVE_SYMBOL:
        if (!(p = machine_pa(m, a1, a2)) || a2 < 2)
            return -1;
        ((char *)p)[a2 - 1] = 0;
        return crash_user_symbol(m, p, cpu_x(m)[X_A2 + 1], p, a2);
    default:          return -1;
    }
}

/* imb: as on Alpha, instruction fetch is not coherent with stores: software
 * that writes instructions must issue imb before running them.  Here the
 * "I-cache" is QEMU's translated-block cache, which Unicorn 2.1.1 does not
 * invalidate when a frame is rewritten with other code at the same virtual
 * and physical address (measured: VLM/OS reusing a program's text frame for
 * another program ran the old code).  a1 == 0: drop every translation, as
 * Alpha's imb.  AXP64 extension: a0 = PA, a1 = length drops only the
 * translations of those frames (a full flush at every exec made spawn+wait
 * cost 18 ms instead of 0.14).  Returns 0, or -1 for a range outside RAM. */
static int64_t pal_imb(struct machine *m, uint64_t pa, uint64_t len)
{
    m->st.imbs++;
    if (!len) {
        if (UC_CHECK(uc_ctl_flush_tb(m->uc)))
            machine_panic(__func__, "uc_ctl_flush_tb failed");
        clock_forget_blocks(m);
        return 0;
    }
    if (!machine_pa(m, pa, len))
        return -1;
    /* Unicorn names the range by a guest VA it translates in the current
     * (kernel) mode: KSEG43 maps every frame. */
    if (UC_CHECK(uc_ctl_remove_cache(m->uc, KSEG43_VA(pa), KSEG43_VA(pa) + len)))
        machine_panic(__func__, "uc_ctl_remove_cache failed");
    return 0;
}

static void pal_halt(struct machine *m, uint64_t status)
{
    tp_event(m, *cpu_pc(m) - 4, TR_HALT, 0, 0, (uint32_t)(status & 0xFF), 0, 0);
    m->exit_status = (int)(status & 0xFF);
    machine_request_stop(m, STOP_HALT);
}

/* bugchk (OSF/1 0x81): the kernel panicked.  Print its message, the
 * registers at the call and a named backtrace, then halt with `status`. */
static void pal_bugchk(struct machine *m, uint64_t msg_va, uint64_t status)
{
    char msg[256] = "";

    if (msg_va && gvm_read(m, msg_va, msg, sizeof(msg) - 1, MODE_KERNEL))
        snprintf(msg, sizeof(msg), "(message at %#lx does not map)", (unsigned long)msg_va);
    msg[strcspn(msg, "\n")] = 0;
    console_flush();                              /* the kernel's own panic line first */
    crash_report(m, "bugchk", msg[0] ? msg : "(no message)", cpu_x(m), *cpu_pc(m) - 4);
    m->bugchk = true;
    pal_halt(m, status);
}

/* CALL_PAL from kernel mode.  Returns false for an unknown function. */
static bool pal_call(struct machine *m, uint64_t fn)
{
    uint64_t *x = cpu_x(m);
    uint64_t a0 = x[X_A0], a1 = x[X_A1], a2 = x[X_A2];

    m->st.pal_calls++;
    switch (fn) {
    case PAL_HALT:   pal_halt(m, a0); break;
    case PAL_CSERVE: x[X_A0] = (uint64_t)pal_cserve(m, a0, a1, a2); break;
    case PAL_SWPCTX: pal_swpctx(m, a0); break;
    case PAL_WRVAL:  m->sysvalue = a0; break;
    case PAL_RDVAL:  x[X_A0] = m->sysvalue; break;
    case PAL_TBI:    pal_tbi(m, (int64_t)a0, a1); break;
    case PAL_WRENT:  if (a1 < ENT_COUNT) m->ent[a1] = a0; break;
    case PAL_SWPIPL: x[X_A0] = m->ipl; m->ipl = (unsigned)(a0 & PS_IPL_MASK);
                     pal_check_interrupt(m); break;
    case PAL_RDPS:   x[X_A0] = pal_ps(m); break;
    case PAL_WRKGP:  m->kgp = a0; break;
    case PAL_WRUSP:  m->usp = a0; break;
    case PAL_RDUSP:  x[X_A0] = m->usp; break;
    case PAL_WHAMI:  x[X_A0] = 0; break;
    case PAL_RETSYS: pal_rti(m, true); break;
    case PAL_RTI:    pal_rti(m, false); break;
    case PAL_WTINT:  x[X_A0] = clock_wait_tick(m, a0); pal_check_interrupt(m); break;
    case PAL_RPCC:   x[X_A0] = clock_now(m); break;
    case PAL_ZERO:   x[X_A0] = (uint64_t)pal_zero(m, a0, a1); break;
    case PAL_IMB:    x[X_A0] = (uint64_t)pal_imb(m, a0, a1); break;
    case PAL_TRACE:  tp_os_event(m, *cpu_pc(m) - 4, &x[X_A0]); break;
    case PAL_BUGCHK: pal_bugchk(m, a0, a1); break;
    default:         return false;
    }
    return true;
}

static void pal_misaligned(struct machine *m, uint64_t pc)
{
    struct mem_operand op = { 0 };
    uint32_t insn = gvm_fetch(m, pc, m->mode);
    uint64_t va = decode_mem(insn, &op) ? cpu_x(m)[op.base] + (uint64_t)op.offset : 0;

    pal_deliver(m, ENT_UNA, pc, va, insn & 0x7F, op.reg, true);
}

void pal_intr_hook(uc_engine *uc, uint32_t intno, void *user)
{
    struct machine *m = user;
    (void)uc;

    cpu_save(m);
    /* Unicorn advanced PC by 4 before calling us, whatever the length. */
    uint64_t next = *cpu_pc(m), pc = next - 4;
    switch (intno) {
    case EXC_ECALL: case EXC_ECALL_S: case EXC_ECALL_M:
        if (m->mode == MODE_USER) {
            m->st.syscalls++;
            tp_event(m, pc, TR_SYSCALL, cpu_x(m)[X_A0], cpu_x(m)[X_A1],
                     (uint32_t)cpu_x(m)[X_A7], 0, 0);
            uint64_t nr = cpu_x(m)[X_A7];
            if (m->view_sys[0] && (nr == m->view_sys[0] || nr == m->view_sys[1])) {
                m->view_sys_hit = true;        /* the view pictures this moment */
                machine_request_stop(m, STOP_VIEW);
            }
            pal_deliver(m, ENT_SYS, next, 0, 0, 0, false);
        } else if (!pal_call(m, cpu_x(m)[X_A7])) {
            pal_deliver(m, ENT_IF, pc, IF_OPCDEC, 0, 0, true);
        }
        break;
    case EXC_ILLEGAL:
        if (!clock_counter_trap(m, pc))         /* rdtime under --clock icount */
            pal_deliver(m, ENT_IF, pc, IF_OPCDEC, 0, 0, true);
        break;
    case EXC_LOAD_MISALIGNED: case EXC_STORE_MISALIGNED:
        pal_misaligned(m, pc);
        break;
    default:
        machine_check(m, "unexpected RISC-V exception %u at pc %#lx", intno,
                      (unsigned long)pc);
        break;
    }
    cpu_restore(m);
}

/* RISC-V breakpoint encodings (ebreak, c.ebreak). */
#define INSN_EBREAK   0x00100073u
#define INSN_C_EBREAK 0x9002u

bool pal_insn_invalid_hook(uc_engine *uc, void *user)
{
    struct machine *m = user;
    (void)uc;

    cpu_save(m);
    uint64_t pc = *cpu_pc(m);
    uint32_t insn = gvm_fetch(m, pc, m->mode);
    bool bpt = insn == INSN_EBREAK || insn == INSN_C_EBREAK;

    /* Unicorn's riscv_stop_interrupt leaves UC_ERR_EXCEPTION pending for a
     * breakpoint even when this hook handles it; uc_emu_start returns it at
     * the next stop, and the run loop must not take it for a CPU error. */
    m->in_bpt |= bpt;
    pal_deliver(m, ENT_IF, pc, bpt ? IF_BPT : IF_OPCDEC, 0, 0, true);
    cpu_restore(m);
    return true;                     /* resume at the handler pal_deliver chose */
}

/* A fault the kernel cannot handle: its page tables are broken, or the
 * fetch of an exception entry point itself faults (every delivery would
 * fault again, forever).  Records a machine check and returns true. */
static bool fault_is_mchk(struct machine *m, const struct pending_fault *f, uint64_t pc)
{
    if (mm_is_mchk(f->code)) {
        machine_check(m, "broken page tables (%s) translating %#lx at pc %#lx",
                      f->code == MMR_MCHK_PT ? "table outside RAM" :
                      f->code == MMR_MCHK_NXM ? "frame outside RAM" : "reserved PTE bits",
                      (unsigned long)f->page, (unsigned long)pc);
        return true;
    }
    for (int e = 0; e < ENT_COUNT && m->mode == MODE_KERNEL && f->access == MM_EXEC; e++)
        if (m->ent[e] && pc == m->ent[e]) {
            machine_check(m, "%s handler at %#lx does not map (%s)", axp_entry_name(e),
                          (unsigned long)pc, mm_result_name(f->code));
            return true;
        }
    return false;
}

void pal_deliver_fault(struct machine *m)
{
    struct pending_fault f = m->fault;
    struct mem_operand op;
    uint64_t pc, va;
    static const int cause[] = { [MM_READ] = MM_CAUSE_LOAD, [MM_WRITE] = MM_CAUSE_STORE,
                                 [MM_EXEC] = MM_CAUSE_FETCH };

    m->fault.valid = false;
    cpu_save(m);
    pc = *cpu_pc(m);
    if (fault_is_mchk(m, &f, pc))
        return;
    if (f.access == MM_EXEC)
        va = f.page > pc ? f.page : pc;          /* an instruction may straddle pages */
    else if (decode_mem(gvm_fetch(m, pc, m->mode), &op))
        va = cpu_x(m)[op.base] + (uint64_t)op.offset;
    else
        va = f.page;
    if ((va & ~0xFFFUL) != f.page)
        va = f.page;                             /* the access straddled into this page */
    m->st.mm_faults++;
    unsigned mmcsr = mm_mmcsr(f.code);
    tp_event(m, pc, TR_FAULT, va, 0, (uint32_t)cause[f.access], (uint8_t)mmcsr, 0);
    pal_deliver(m, ENT_MM, pc, va, mmcsr, (uint64_t)(int64_t)cause[f.access], true);
    cpu_restore(m);
}
