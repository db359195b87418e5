/*
 * cpu.c — Unicorn set-up and the context-layout probe (see cpu.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "emu/cpu.h"
#include "emu/ucx.h"

#define PRV_U 0
#define PRV_M 3
#define MSTATUS_MPP   (3UL << 11)
#define MSTATUS_FS    (3UL << 13)    /* FP state: 3 = dirty, i.e. enabled */
#define PROBE_MAGIC   0x5A17C0DE00000000UL

/* Offset (4-byte steps: the blob has a 20-byte header) of the only u64 equal to `before` in a and `after` in b, or -1. */
static long find_change(const uint8_t *a, const uint8_t *b, size_t n,
                        uint64_t before, uint64_t after)
{
    long found = -1;
    for (size_t off = 0; off + 8 <= n; off += 4) {
        uint64_t va, vb;
        memcpy(&va, a + off, 8);
        memcpy(&vb, b + off, 8);
        if (va == before && vb == after) {
            if (found >= 0)
                return -1;                     /* ambiguous */
            found = (long)off;
        }
    }
    return found;
}

static long find_value(const uint8_t *a, size_t n, uint64_t v)
{
    for (size_t off = 0; off + 8 <= n; off += 4)
        if (memcmp(a + off, &v, 8) == 0)
            return (long)off;
    return -1;
}

/* Find x0..x31 and pc inside a context by planting distinct values. */
static int probe_regs(struct machine *m, uc_engine *uc, uc_context *c, size_t n)
{
    for (int i = 1; i < 32; i++) {
        uint64_t v = PROBE_MAGIC | (uint64_t)i;
        if (UC_CHECK(uc_reg_write(uc, UC_RISCV_REG_X0 + i, &v)))
            return -1;
    }
    uint64_t pcv = PROBE_MAGIC | 0xABC0;
    if (UC_CHECK(uc_reg_write(uc, UC_RISCV_REG_PC, &pcv)) || UC_CHECK(uc_context_save(uc, c)))
        return -1;
    long x1 = find_value((uint8_t *)c, n, PROBE_MAGIC | 1);
    long pc = find_value((uint8_t *)c, n, pcv);
    if (x1 < 8 || pc < 0)
        return -1;
    for (int i = 2; i < 32; i++)
        if (find_value((uint8_t *)c + x1 + 8 * (i - 1), 8, PROBE_MAGIC | (uint64_t)i) != 0)
            return -1;
    m->ctx_gpr_off = (size_t)x1 - 8;
    m->ctx_pc_off = (size_t)pc;
    return 0;
}

/* Find the privilege level: contexts saved in M-mode and in U-mode (the
 * PRIV pseudo-register), then back to M-mode, where the machine starts. */
static int probe_priv(struct machine *m, uc_engine *uc, uc_context *a, uc_context *b, size_t n)
{
    uint64_t prv_m = PRV_M, prv_u = PRV_U;

    if (UC_CHECK(uc_reg_write(uc, UC_RISCV_REG_PRIV, &prv_m)) ||
        UC_CHECK(uc_context_save(uc, a)) ||
        UC_CHECK(uc_reg_write(uc, UC_RISCV_REG_PRIV, &prv_u)) ||
        UC_CHECK(uc_context_save(uc, b)) ||
        UC_CHECK(uc_reg_write(uc, UC_RISCV_REG_PRIV, &prv_m)))
        return -1;
    long off = find_change((uint8_t *)a, (uint8_t *)b, n, PRV_M, PRV_U);
    if (off < 0)
        return -1;
    m->ctx_priv_off = (size_t)off;
    return 0;
}

/* Where this Unicorn keeps the privilege level, x1..x31 and pc in a saved
 * context (cpu_save and cpu_restore copy them): planted values found on
 * the machine's own engine before it runs (the registers are set at boot). */
static int probe_context_layout(struct machine *m)
{
    uc_context *b = NULL;
    size_t n = uc_context_size(m->uc);
    int r = -1;

    if (!UC_CHECK(uc_context_alloc(m->uc, &b)) &&
        probe_priv(m, m->uc, m->ctx, b, n) == 0 && probe_regs(m, m->uc, m->ctx, n) == 0)
        r = 0;
    else
        fprintf(stderr, "cpu: cannot find the privilege/register layout of this "
                "Unicorn's context (is it 2.1.x?)\n");
    if (b) uc_context_free(b);
    return r;
}

/*
 * Unicorn 2.1.4 emits a call to helper_check_exit_request after every guest
 * load and store (qemu/tcg/tcg-op.c check_exit_request), besides the one at
 * each block start.  It is a third of the host time of memory-heavy code,
 * and it is what makes a stop split an instruction: a stop seen after the
 * store of an amo or sc resumes at that instruction, which runs twice
 * (docs/design.md, "Stopping the CPU").  The translator skips those calls
 * while the engine's private flag no_exit_request is set (Unicorn sets it
 * only for ARM IT blocks); no API reaches it.  Its offset is read from the
 * linked check_exit_request_riscv64 itself, whose first test is
 *     mov disp32(%rdi),%rsi        48 8b b7 <tcg_ctx->uc>
 *     cmpb $0,disp32(%rsi)         80 be <no_exit_request> 00
 * The offset, or -1 if the code is not that (another build: then the checks
 * stay, and stops wait for the block hook as before).
 */
void check_exit_request_riscv64(void *tcg_ctx);

/* The disp32 at c[i + at] where the n bytes of pat (-1: any byte) first
 * match c[i..], within the first 64 bytes of the function at c, if it is a
 * plausible field offset; else -1. */
static long field_offset(const void *fn, const int16_t *pat, int n, int at)
{
    const uint8_t *c = fn;

    for (int i = 0; i < 64; i++) {
        int k = 0;
        while (k < n && (pat[k] < 0 || c[i + k] == pat[k]))
            k++;
        if (k < n)
            continue;
        int32_t off;
        memcpy(&off, c + i + at, sizeof(off));
        return off > 0 && off < 0x10000 ? off : -1;
    }
    return -1;
}

long cpu_exit_flag_offset(void)
{
    static const int16_t pat[] = { 0x48, 0x8b, 0xb7, -1, -1, -1, -1, 0x80, 0xbe, -1, -1, -1, -1, 0x00 };

    return field_offset((const void *)(uintptr_t)&check_exit_request_riscv64, pat, 14, 9);
}

/*
 * The exact TLB policy keeps QEMU's TLB a subset of the model's: a model
 * eviction must drop the victim from QEMU's cache.  Unicorn's API flushes
 * only the whole cache (uc_ctl_flush_tlb), and a whole flush costs a CPU
 * restart and a refill of every page in use: on big working sets that was
 * most of the default mode's time.  QEMU's tlb_flush_page is linked in;
 * it needs the engine's CPUState, which uc_emu_stop reads first thing:
 *     mov disp32(%rdi),%rdi; test %rdi,%rdi     48 8b bf <uc->cpu> 48 85 ff
 * The offset, or -1 if the code is not that.
 */
void tlb_flush_page_riscv64(void *cpu, uint64_t addr);
#define QEMU_PAGE_SIZE 4096u            /* TARGET_PAGE_SIZE of Unicorn's riscv64 */

long cpu_state_offset(void)
{
    static const int16_t pat[] = { 0x48, 0x8b, 0xbf, -1, -1, -1, -1, 0x48, 0x85, 0xff };

    return field_offset((const void *)(uintptr_t)&uc_emu_stop, pat, 10, 3);
}

bool cpu_flush_tlb_pages(struct machine *m, uint64_t va, uint64_t npages)
{
    void *cpu = m->qemu_cpu;

    if (!cpu || npages > 8)
        return false;
    for (uint64_t a = va; a < va + npages * PAGE_SIZE; a += QEMU_PAGE_SIZE)
        tlb_flush_page_riscv64(cpu, a);
    m->st.qemu_page_flushes++;
    return true;
}

/* Block-start stops only (see above), unless the gdb stub needs a code
 * hook's stop to land before its instruction.  True if done. */
static bool block_exits_only(struct machine *m)
{
    long off = cpu_exit_flag_offset();
    bool *flag = off < 0 ? NULL : (bool *)((char *)m->uc + off);

    if (m->cfg.gdb_port || !flag || *flag)
        return false;
    *flag = true;
    return true;
}

int cpu_init(struct machine *m)
{
    uint64_t mstatus;

    if (UC_CHECK(uc_open(UC_ARCH_RISCV, UC_MODE_RISCV64, &m->uc)) ||
        UC_CHECK(uc_mem_map_ptr(m->uc, 0, m->cfg.ram_size, UC_PROT_ALL, m->ram)) ||
        UC_CHECK(uc_ctl_tlb_mode(m->uc, UC_TLB_VIRTUAL)) ||
        /* An empty exit set: uc_emu_start's `until` is ignored.  (With a plain
         * `until`, Unicorn invalidates the TB at until-1 after every run, which
         * asks the fill hook to translate that address.) */
        UC_CHECK(uc_ctl_exits_enable(m->uc)) ||
        UC_CHECK(uc_context_alloc(m->uc, &m->ctx)) || probe_context_layout(m) ||
        UC_CHECK(uc_reg_read(m->uc, UC_RISCV_REG_MSTATUS, &mstatus)))
        return -1;
    /* User floating point is always enabled; the kernel is integer-only. */
    mstatus |= MSTATUS_FS;
    if (UC_CHECK(uc_reg_write(m->uc, UC_RISCV_REG_MSTATUS, &mstatus)))
        return -1;
    m->mode = MODE_KERNEL;
    m->block_exits_only = block_exits_only(m);
    long cpu_off = cpu_state_offset();
    m->qemu_cpu = cpu_off < 0 ? NULL : *(void **)((char *)m->uc + cpu_off);
    return 0;
}

void cpu_save(struct machine *m)
{
    if (UC_CHECK(uc_context_save(m->uc, m->ctx)))
        machine_panic(__func__, "uc_context_save failed");
    memcpy(m->x, (char *)m->ctx + m->ctx_gpr_off, sizeof(m->x));
    memcpy(&m->pc, (char *)m->ctx + m->ctx_pc_off, sizeof(m->pc));
}

void cpu_restore(struct machine *m)
{
    m->x[0] = 0;
    memcpy((char *)m->ctx + m->ctx_gpr_off, m->x, sizeof(m->x));
    memcpy((char *)m->ctx + m->ctx_pc_off, &m->pc, sizeof(m->pc));
    if (UC_CHECK(uc_context_restore(m->uc, m->ctx)))
        machine_panic(__func__, "uc_context_restore failed");
}

void cpu_set_mode(struct machine *m, int mode)
{
    uint64_t prv = mode == MODE_USER ? PRV_U : PRV_M;
    memcpy((char *)m->ctx + m->ctx_priv_off, &prv, sizeof(prv));
    m->mode = mode;
}

void cpu_flush_tlb_cache(struct machine *m)
{
    if (UC_CHECK(uc_ctl_flush_tlb(m->uc)))
        machine_panic(__func__, "uc_ctl_flush_tlb failed");
    m->st.qemu_flushes++;
    m->fills_since_flush = 0;
}
