/*
 * text.c — see text.h.  Field meanings per type are in trace.h.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include "axp64/axp64.h"
#include "axp64/names.h"
#include "trace/text.h"
#include "trace/vlmos_info.h"

#define NAMED(tab, i) ((i) < sizeof(tab) / sizeof(tab[0]) && tab[i] ? tab[i] : "?")

static const char *const access_names[] = { "read", "write", "exec" };

/* An exception entry with its arguments decoded (DESIGN: entMM a0 = VA,
 * a1 = MMCSR, a2 = cause; entIF a0 = IF code; entUna a0 = VA, a1 = opcode,
 * a2 = register; entInt a0 = the interrupt). */
/* TR_PAGEIN's code: how the kernel resolved the fault (TRACE_OS_PAGEIN). */
static const char *pagein_kind(unsigned code)
{
    static const char *const kind[] = { "demand-zero", "stack growth", "copy-on-write",
                                        "copy-on-write (last reference kept)" };
    return code < sizeof(kind) / sizeof(kind[0]) ? kind[code] : "?";
}

static int format_exc(const struct trace_rec *r, char *b, size_t n)
{
    switch (r->code) {
    case ENT_MM:
        return snprintf(b, n, "entMM va=%#" PRIx64 " %s %s", r->va, axp_mmcsr_name((unsigned)r->pte),
                        axp_cause_name((int32_t)r->aux));
    case ENT_INT:
        return snprintf(b, n, "entInt %s", r->va == INT_CLOCK ? "clock" : "?");
    case ENT_IF:
        return snprintf(b, n, "entIF %s", axp_if_name((unsigned)r->va));
    case ENT_UNA:
        return snprintf(b, n, "entUna va=%#" PRIx64 " opcode=%#" PRIx64 " reg=%u", r->va, r->pte, r->aux);
    default:
        return snprintf(b, n, "%s a0=%#" PRIx64 " a1=%#" PRIx64 " a2=%#x", axp_entry_name(r->code),
                        r->va, r->pte, r->aux);
    }
}

/* "nr=56 openat -ENOENT result=-2": the name, an error's name, and the
 * result last (scripts split the line at "result="). */
static int format_sysret(const struct trace_rec *r, char *b, size_t n)
{
    char res[64], unknown[24];
    const char *name = os_syscall_name(r->aux);
    int64_t v = (int64_t)r->pte;
    const char *err = v < 0 && v > -4096 ? os_errno_name(-v) : NULL;

    snprintf(unknown, sizeof(unknown), "syscall_%u", r->aux);
    if (v < 0 && v > -4096)
        snprintf(res, sizeof(res), "%" PRId64, v);
    else
        os_syscall_result(r->aux, v, res, sizeof(res));
    return snprintf(b, n, "nr=%u %s%s%s result=%s", r->aux, name ? name : unknown, err ? " -" : "",
                    err ? err : "", res);
}

/* The records that carry physical addresses or PCs outside the common
 * fields: their normalised detail leaves those out. */
static int format_norm_detail(const struct trace_rec *r, char *b, size_t n)
{
    switch (r->type) {
    case TR_PTE: {
        int k = snprintf(b, n, "L%u ", r->level);
        return k + axp_pte_bits(r->pte, b + k, n > (size_t)k ? n - (size_t)k : 0);
    }
    case TR_SWPCTX:     return snprintf(b, n, "to asn %u", r->asn);
    case TR_RTI:        return snprintf(b, n, "%s to %s", r->code ? "retsys" : "rti",
                                    r->va < KSEG43_BASE ? "user" : "kernel");
    case TR_PROC_CREATE: return snprintf(b, n, "pid=%u parent=%" PRIu64, r->aux, r->va);
    case TR_PAGEIN:     return snprintf(b, n, "va=%#" PRIx64 " %s", r->va, pagein_kind(r->code));
    default:            return -1;
    }
}

static int format_detail(const struct trace_rec *r, char *b, size_t n)
{
    char call[160];
    const char *tb = r->aux ? "DTB" : "ITB";

    switch (r->type) {
    case TR_TLB_MISS:
        return snprintf(b, n, "va=%#" PRIx64 " %s %s", r->va, NAMED(access_names, r->code), tb);
    case TR_PTE:
        return snprintf(b, n, "L%u pte_pa=%#" PRIx64 " pte=%#018" PRIx64, r->level, r->va, r->pte);
    case TR_FILL:
        return snprintf(b, n, "va=%#" PRIx64 " %s slot=%u victim=%s%#" PRIx64, r->va,
                        r->code ? "DTB" : "ITB", r->aux & 0xFFFF,
                        r->aux & TRACE_FILL_VICTIM ? "" : "none ", r->pte);
    case TR_FAULT:
        return snprintf(b, n, "va=%#" PRIx64 " %s %s", r->va, axp_mmcsr_name(r->code),
                        axp_cause_name((int32_t)r->aux));
    case TR_TBI:
        return snprintf(b, n, "%s va=%#" PRIx64 " dropped=%u", axp_tbi_name((int)r->code - 2), r->va, r->aux);
    case TR_SWPCTX:
        return snprintf(b, n, "pcb=%#" PRIx64 " old=%#" PRIx64 " ptbr=%#x", r->va, r->pte, r->aux);
    case TR_EXC:
        return format_exc(r, b, n);
    case TR_RTI:
        return snprintf(b, n, "%s to=%#" PRIx64, r->code ? "retsys" : "rti", r->va);
    case TR_SYSCALL:
        os_syscall_call(r->aux, r->va, r->pte, call, sizeof(call));
        return snprintf(b, n, "nr=%u %s", r->aux, call);
    case TR_SYSRET:
        return format_sysret(r, b, n);
    case TR_PROC_CREATE:
        return snprintf(b, n, "pid=%u parent=%" PRIu64 " pcb=%#" PRIx64, r->aux, r->va, r->pte);
    case TR_PROC_NAME:
        trace_proc_name(r, call);
        return snprintf(b, n, "name=%s", call);
    case TR_PROC_EXIT:
        return snprintf(b, n, "pid=%u status=%" PRIu64, r->aux, r->va);
    case TR_VLM:
        return snprintf(b, n, "FIG. %u step %u consumer=%" PRIu64 " arg=%" PRIu64, r->aux / 10000,
                        r->aux % 10000, r->va, r->pte);
    case TR_HALT:
        return snprintf(b, n, "status=%u", r->aux);
    case TR_PAGEIN:
        return snprintf(b, n, "va=%#" PRIx64 " frame=%#" PRIx64 " %s", r->va, r->pte,
                        pagein_kind(r->code));
    default:
        return snprintf(b, n, "?");
    }
}

void trace_format_at(const struct trace_rec *r, uint64_t i, const char *where, char *buf, size_t n)
{
    const char *name = trace_type_name(r->type);
    bool at = where && *where;
    int k = snprintf(buf, n, "#%" PRIu64 " icount=%" PRIu64 " pc=%#" PRIx64 "%s%s%s %c asn=%u %s ", i,
                     r->icount, r->pc, at ? " <" : "", at ? where : "", at ? ">" : "",
                     r->mode ? 'U' : 'K', r->asn, name ? name : "?");
    if (k > 0 && (size_t)k < n)
        format_detail(r, buf + k, n - (size_t)k);
}

void trace_format(const struct trace_rec *r, uint64_t i, char *buf, size_t n)
{
    trace_format_at(r, i, NULL, buf, n);
}

void trace_format_norm(const struct trace_rec *r, char *buf, size_t n)
{
    const char *name = trace_type_name(r->type);
    int k = snprintf(buf, n, "%c asn=%u %s ", r->mode ? 'U' : 'K', r->asn, name ? name : "?");
    if (k > 0 && (size_t)k < n && format_norm_detail(r, buf + k, n - (size_t)k) < 0)
        format_detail(r, buf + k, n - (size_t)k);
}
