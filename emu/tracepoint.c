/*
 * tracepoint.c — see tracepoint.h.
 */
#include <string.h>
#include "emu/clock.h"
#include "emu/gvm.h"
#include "emu/tracepoint.h"

/* The instruction at pc in the current mode (cached: events come in runs
 * at one PC); 0 if it does not translate. */
static uint32_t insn_at(struct machine *m, uint64_t pc)
{
    uint32_t key = (uint32_t)m->asn << 1 | (uint32_t)m->mode;

    if (pc == m->insn_pc && key == m->insn_key)
        return m->insn;
    m->insn_pc = pc;
    m->insn_key = key;
    m->insn = gvm_fetch(m, pc, m->mode);
    return m->insn;
}

void tp_record(struct machine *m, uint64_t pc, uint8_t type, uint64_t va, uint64_t pte,
               uint32_t aux, uint8_t code, uint8_t level)
{
    struct trace_rec r = {
        .icount = clock_now(m), .pc = pc, .va = va, .pte = pte, .insn = insn_at(m, pc),
        .aux = aux, .type = type, .mode = (uint8_t)m->mode, .level = level,
        .asn = (uint8_t)m->asn, .code = code,
    };
    trace_emit(m->tracer, &r);
}

void tp_os_event(struct machine *m, uint64_t pc, const uint64_t a[7])
{
    if (a[6])
        pc = a[6];                        /* the kernel code the event is about */
    switch (a[0]) {
    case TRACE_OS_PROC_CREATE: {
        uint64_t name[2] = { a[4], a[5] };
        uint32_t w[2];
        tp_event(m, pc, TR_PROC_CREATE, a[2], a[3], (uint32_t)a[1], 0, 0);
        memcpy(w, (uint8_t *)name + 8, 8);
        if (tracing(m)) {               /* the name's bytes fill pte, insn and aux */
            struct trace_rec r = { .icount = clock_now(m), .pc = pc, .pte = name[0],
                                   .insn = w[0], .aux = w[1], .type = TR_PROC_NAME,
                                   .mode = (uint8_t)m->mode, .asn = (uint8_t)m->asn };
            trace_emit(m->tracer, &r);
        }
        break;
    }
    case TRACE_OS_PROC_EXIT:
        tp_event(m, pc, TR_PROC_EXIT, a[2], 0, (uint32_t)a[1], 0, 0);
        break;
    case TRACE_OS_VLM:
        tp_event(m, pc, TR_VLM, a[2], a[3], (uint32_t)a[1], 0, 0);
        if (m->view_vlm) {              /* --screenshot-at vlm:STEP may be due */
            m->view_step = (uint32_t)a[1];
            machine_request_stop(m, STOP_VIEW);
        }
        break;
    case TRACE_OS_PAGEIN:
        tp_event(m, pc, TR_PAGEIN, a[1], a[2], 0, (uint8_t)a[3], 0);
        break;
    default:
        break;                            /* unknown kinds are ignored, as on a newer OS */
    }
}

int tp_open(struct machine *m)
{
    if (!m->cfg.trace_path)
        return 0;
    m->tracer = trace_open(m->cfg.trace_path);
    return m->tracer ? 0 : -1;
}

int tp_close(struct machine *m)
{
    struct trace_header hd;
    size_t off = 0;

    if (!m->tracer)
        return 0;
    memset(&hd, 0, sizeof(hd));
    hd.ram_size = m->cfg.ram_size;
    hd.proc_limit = m->cfg.proc_limit;
    hd.quantum = m->cfg.quantum;
    hd.clock_mode = m->cfg.clock;
    hd.tlb_policy = m->cfg.policy;
    hd.itb_size = m->cfg.itb_size;
    hd.dtb_size = m->cfg.dtb_size;
    hd.kernel_id = m->kernel_id;
    hd.initrd_id = m->initrd_id;
    hd.final_icount = clock_now(m);
    hd.itb_lookups = m->itb.st.lookups;
    hd.itb_hits = m->itb.st.hits;
    hd.dtb_lookups = m->dtb.st.lookups;
    hd.dtb_hits = m->dtb.st.hits;
    hd.exit_status = m->exit_status;
    for (int i = 0; i < m->cfg.argc; i++) {
        int n = snprintf(hd.argv + off, sizeof(hd.argv) - off, "%s%s", i ? " " : "", m->cfg.argv[i]);
        if (n < 0 || off + (size_t)n >= sizeof(hd.argv))
            break;                            /* keep what fits */
        off += (size_t)n;
    }
    int r = trace_close(m->tracer, &hd);
    m->tracer = NULL;
    return r;
}
