/*
 * traceexport.c — `alphavlm trace export [filters] --json F --csv F FILE`.
 *
 * JSON: the Chrome trace-event format (Perfetto, chrome://tracing), written
 * through jansson, so every string is escaped.  System calls and exceptions
 * are slices: B at the SYSCALL/EXC, E at the RTI that returns, per process
 * (tid = pid).  Slices are balanced: an RTI with no open slice (the first
 * return to a new process) is dropped, and a slice still open at the end is
 * closed at the trace's last icount.  Everything else is an instant event;
 * process names are metadata.  Every event's args are decoded (names as
 * strings).  CSV: one row per event, the raw fields.
 */
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <string.h>
#include "axp64/names.h"
#include "trace/text.h"
#include "trace/tracetool.h"
#include "trace/vlmos_info.h"

#define MAX_TIDS 1024

struct json_out {
    FILE *f;
    bool first, error;
    uint32_t open[MAX_TIDS];           /* open slices per tid */
    double last_ts;
};

/* Append one event object to the array, and free it. */
static void put(struct json_out *j, json_t *ev)
{
    if (!ev) {
        j->error = true;
        return;
    }
    if (fputs(j->first ? "\n" : ",\n", j->f) < 0 || json_dumpf(ev, j->f, JSON_COMPACT) != 0)
        j->error = true;
    j->first = false;
    json_decref(ev);
}

static double ts_of(uint64_t icount) { return (double)icount / 100.0; }   /* 10 ns an instruction, in µs */

/* The decoded detail of r: the text after "TYPE " in dump's line. */
static void detail(const struct trace_rec *r, char *buf, size_t n)
{
    char line[512];
    const char *name = trace_type_name(r->type);
    trace_format(r, 0, line, sizeof(line));
    const char *p = strstr(line, name);
    snprintf(buf, n, "%s", p ? p + strlen(name) + (p[strlen(name)] == ' ') : line);
}

static json_t *event_args(const struct trace_rec *r, uint64_t i, struct traced_code *c, const char *prog)
{
    char text[512], where[256];
    detail(r, text, sizeof(text));
    json_t *a = json_pack("{s:I, s:I, s:s, s:s, s:s, s:i}", "event", (json_int_t)i,
                          "icount", (json_int_t)r->icount, "pc", "", "mode", r->mode ? "user" : "kernel",
                          "detail", text, "asn", r->asn);
    snprintf(text, sizeof(text), "%#" PRIx64, r->pc);
    json_object_set_new(a, "pc", json_string(text));
    if (code_describe(c, r->pc, prog, where, sizeof(where)) == 0)
        json_object_set_new(a, "where", json_string(where));
    return a;
}

/* The slice name of a SYSCALL or EXC: "write", "entMM". */
static void slice_name(const struct trace_rec *r, char *b, size_t n)
{
    const char *s = r->type == TR_SYSCALL ? os_syscall_name(r->aux) : axp_entry_name(r->code);
    if (s)
        snprintf(b, n, "%s", s);
    else
        snprintf(b, n, "syscall %u", r->aux);
}

static void json_event(struct json_out *j, const struct trace_rec *r, uint64_t i, uint32_t pid,
                       struct traced_code *c, const char *prog)
{
    const char *ph = "i";
    char name[64];
    uint32_t *open = &j->open[pid % MAX_TIDS];

    snprintf(name, sizeof(name), "%s", trace_type_name(r->type));
    if (r->type == TR_SYSCALL || r->type == TR_EXC) {
        ph = "B";
        slice_name(r, name, sizeof(name));
        ++*open;
    } else if (r->type == TR_RTI) {
        if (!*open)
            return;                                /* an end with no begin: dropped */
        ph = "E";
        --*open;
    }
    j->last_ts = ts_of(r->icount);
    json_t *ev = json_pack("{s:s, s:s, s:f, s:i, s:i, s:o}", "name", name, "ph", ph,
                           "ts", j->last_ts, "pid", (int)pid, "tid", (int)pid,
                           "args", event_args(r, i, c, prog));
    if (ev && *ph == 'i')
        json_object_set_new(ev, "s", json_string("t"));
    put(j, ev);
}

/* Close every slice still open at the last icount. */
static void close_slices(struct json_out *j)
{
    for (uint32_t t = 0; t < MAX_TIDS; t++)
        while (j->open[t]) {
            j->open[t]--;
            put(j, json_pack("{s:s, s:f, s:i, s:i, s:{s:s}}", "ph", "E", "ts", j->last_ts,
                             "pid", (int)t, "tid", (int)t, "args", "closed", "at the end of the trace"));
        }
}

static void csv_row(FILE *f, const struct trace_rec *r, uint64_t i, uint32_t pid)
{
    fprintf(f, "%" PRIu64 ",%" PRIu64 ",%#" PRIx64 ",%c,%u,%u,%s,%#" PRIx64 ",%#" PRIx64
            ",%u,%u,%u,%#x\n", i, r->icount, r->pc, r->mode ? 'U' : 'K', r->asn, pid,
            trace_type_name(r->type), r->va, r->pte, r->aux, r->code, r->level, r->insn);
}

static int export_events(struct trace_file *tf, const struct opts *o, struct json_out *j, FILE *csv)
{
    struct pid_tracker pt = { 0 };
    struct traced_code code;
    struct trace_rec r;
    uint64_t shown = 0;
    int rc = 0;

    code_open(&code, &tf->hd);
    for (uint64_t i = 0; i < tf->hd.records && i < o->f.to; i++) {
        if (trace_read(tf, i, &r)) {
            rc = 1;
            break;
        }
        pid_track(&pt, &r);
        if (r.type == TR_PROC_NAME && j->f)
            put(j, json_pack("{s:s, s:s, s:i, s:{s:s}}", "name", "process_name", "ph", "M",
                             "pid", (int)pt.pid[pt.last], "args", "name", pt.name[pt.last]));
        if (i < o->f.from || !filter_match(&o->f, &r, pt.current))
            continue;
        if (j->f)
            json_event(j, &r, i, pt.current, &code, pid_name(&pt, pt.current));
        if (csv)
            csv_row(csv, &r, i, pt.current);
        if (o->f.count && ++shown == o->f.count)
            break;
    }
    code_close(&code);
    return rc;
}

static int write_failed(const char *path)
{
    fprintf(stderr, "alphavlm trace export: %s: cannot write it: %s\n", path,
            errno ? strerror(errno) : "write error");
    return 1;
}

int trace_export(struct trace_file *tf, const struct opts *o)
{
    struct json_out j = { .first = true };
    FILE *csv = NULL;
    int rc = 0;

    j.f = o->json ? fopen(o->json, "w") : NULL;
    csv = o->csv ? fopen(o->csv, "w") : NULL;
    if ((o->json && !j.f) || (o->csv && !csv)) {
        fprintf(stderr, "alphavlm trace export: %s: %s\n", o->json && !j.f ? o->json : o->csv,
                strerror(errno));
        rc = EXIT_BAD;
        goto out;
    }
    if (j.f)
        fputs("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[", j.f);
    if (csv)
        fprintf(csv, "event,icount,pc,mode,asn,pid,type,va,pte,aux,code,level,insn\n");
    rc = export_events(tf, o, &j, csv);
    if (j.f) {
        close_slices(&j);
        fputs("\n]}\n", j.f);
    }
out:
    if (j.f && (fclose(j.f) != 0 || j.error) && !rc)
        rc = write_failed(o->json);
    if (csv) {
        bool lost = ferror(csv);                 /* a row that failed before the close */
        if ((fclose(csv) != 0 || lost) && !rc)
            rc = write_failed(o->csv);
    }
    return rc;
}
