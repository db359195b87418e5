/*
 * trace.c — the trace file: packing, the writer, the reader, text form
 * (see trace.h and docs/trace.md).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "axp64/axp64.h"
#include "trace/trace.h"

/* ---- packing --------------------------------------------------------------- */

static void put48(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 6; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get48s(const uint8_t *p)   /* sign-extended from bit 47 */
{
    uint64_t v = 0;
    for (int i = 0; i < 6; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return (uint64_t)((int64_t)(v << 16) >> 16);
}

static void put32(uint8_t *p, uint32_t v)  { memcpy(p, &v, 4); }
static uint32_t get32(const uint8_t *p)    { uint32_t v; memcpy(&v, p, 4); return v; }

void trace_pack(const struct trace_rec *r, uint8_t out[TRACE_REC_SIZE])
{
    memset(out, 0, TRACE_REC_SIZE);
    memcpy(out + 0, &r->icount, 8);
    put48(out + 8, r->pc);
    put48(out + 14, r->va);
    memcpy(out + 20, &r->pte, 8);
    put32(out + 28, r->insn);
    put32(out + 32, r->aux);
    out[36] = r->type;
    out[37] = (uint8_t)((r->mode & 1) | (r->level & 3) << 1);
    out[38] = r->asn;
    out[39] = r->code;
}

void trace_unpack(const uint8_t in[TRACE_REC_SIZE], struct trace_rec *r)
{
    memset(r, 0, sizeof(*r));                 /* padding too: records are compared whole */
    memcpy(&r->icount, in + 0, 8);
    r->pc = get48s(in + 8);
    r->va = get48s(in + 14);
    memcpy(&r->pte, in + 20, 8);
    r->insn = get32(in + 28);
    r->aux = get32(in + 32);
    r->type = in[36];
    r->mode = in[37] & 1;
    r->level = (in[37] >> 1) & 3;
    r->asn = in[38];
    r->code = in[39];
}

/* ---- the writer -------------------------------------------------------------- */

struct tracer {
    FILE *f;
    char *path;
    uint64_t n;
    uint64_t *index;
    size_t nindex, cap;
    bool error;
};

struct tracer *trace_open(const char *path)
{
    struct tracer *t = calloc(1, sizeof(*t));
    uint8_t zero[TRACE_HDR_SIZE] = { 0 };

    if (!t || !(t->path = strdup(path)) || !(t->f = fopen(path, "wb"))) {
        fprintf(stderr, "alphavlm: trace %s: %s\n", path, strerror(errno ? errno : ENOMEM));
        if (t)
            free(t->path);
        free(t);
        return NULL;
    }
    setvbuf(t->f, NULL, _IOFBF, 1 << 20);
    /* The header comes last: a file that never gets it stays incomplete. */
    if (fwrite(zero, 1, sizeof(zero), t->f) != sizeof(zero))
        t->error = true;
    return t;
}

static void index_add(struct tracer *t, uint64_t icount)
{
    if (t->nindex == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 1024;
        uint64_t *p = realloc(t->index, cap * sizeof(*p));
        if (!p) {
            t->error = true;
            return;
        }
        t->index = p;
        t->cap = cap;
    }
    t->index[t->nindex++] = icount;
}

void trace_emit(struct tracer *t, const struct trace_rec *r)
{
    uint8_t b[TRACE_REC_SIZE];

    if (t->n % TRACE_BLOCK == 0)
        index_add(t, r->icount);
    trace_pack(r, b);
    if (fwrite(b, 1, sizeof(b), t->f) != sizeof(b))
        t->error = true;
    t->n++;
}

int trace_close(struct tracer *t, struct trace_header *hd)
{
    int r = 0;

    memcpy(hd->magic, TRACE_MAGIC, 8);
    hd->version = TRACE_VERSION;
    hd->header_size = TRACE_HDR_SIZE;
    hd->record_size = TRACE_REC_SIZE;
    hd->records = t->n;
    hd->index_offset = TRACE_HDR_SIZE + t->n * TRACE_REC_SIZE;
    hd->complete = 1;
    _Static_assert(sizeof(*hd) <= TRACE_HDR_SIZE, "header fits");
    if (t->nindex && fwrite(t->index, sizeof(uint64_t), t->nindex, t->f) != t->nindex)
        t->error = true;
    if (fseek(t->f, 0, SEEK_SET) != 0 || fwrite(hd, sizeof(*hd), 1, t->f) != 1)
        t->error = true;
    if (fclose(t->f) != 0 || t->error) {
        fprintf(stderr, "alphavlm: trace %s: write failed: %s\n", t->path, strerror(errno ? errno : EIO));
        r = -1;
    }
    free(t->index);
    free(t->path);
    free(t);
    return r;
}

/* ---- the reader ---------------------------------------------------------------- */

static int bad(const char *path, const char *why)
{
    fprintf(stderr, "alphavlm: trace %s: %s\n", path, why);
    return -1;
}

static int check_header(struct trace_file *tf, uint64_t size)
{
    const struct trace_header *h = &tf->hd;
    char msg[160];

    if (memcmp(h->magic, TRACE_MAGIC, 8) != 0)
        return bad(tf->path, "not an alphavlm trace file (bad magic)");
    if (h->version != TRACE_VERSION) {
        snprintf(msg, sizeof(msg), "trace format version %u%s; this alphavlm reads version %d "
                 "(record the trace again)", h->version,
                 h->version < TRACE_VERSION ? " (an older alphavlm)" : "", TRACE_VERSION);
        return bad(tf->path, msg);
    }
    if (h->header_size != TRACE_HDR_SIZE || h->record_size != TRACE_REC_SIZE)
        return bad(tf->path, "corrupted header (record or header size)");
    if (h->complete != 1)
        return bad(tf->path, "incomplete: the recording did not finish");
    if (h->records > (size - TRACE_HDR_SIZE) / TRACE_REC_SIZE ||
        h->index_offset != TRACE_HDR_SIZE + h->records * TRACE_REC_SIZE) {
        snprintf(msg, sizeof(msg), "truncated or corrupted: %llu records promised, %llu bytes in the file",
                 (unsigned long long)h->records, (unsigned long long)size);
        return bad(tf->path, msg);
    }
    tf->nindex = (h->records + TRACE_BLOCK - 1) / TRACE_BLOCK;
    if (size - h->index_offset != tf->nindex * sizeof(uint64_t))
        return bad(tf->path, "truncated or corrupted: the event index does not fit the file");
    return 0;
}

static int read_index(struct trace_file *tf)
{
    tf->index = calloc(tf->nindex ? tf->nindex : 1, sizeof(uint64_t));
    if (!tf->index)
        return bad(tf->path, "out of memory for the index");
    if (tf->nindex && (fseek(tf->f, (long)tf->hd.index_offset, SEEK_SET) != 0 ||
                       fread(tf->index, sizeof(uint64_t), tf->nindex, tf->f) != tf->nindex))
        return bad(tf->path, "cannot read the event index");
    for (uint64_t i = 1; i < tf->nindex; i++)
        if (tf->index[i] < tf->index[i - 1])
            return bad(tf->path, "corrupted: the event index goes backwards");
    return 0;
}

int trace_file_open(struct trace_file *tf, const char *path)
{
    struct stat st;

    memset(tf, 0, sizeof(*tf));
    tf->path = path;
    if (!(tf->f = fopen(path, "rb")) || fstat(fileno(tf->f), &st) != 0) {
        fprintf(stderr, "alphavlm: trace %s: %s\n", path, strerror(errno));
        if (tf->f)
            fclose(tf->f);
        tf->f = NULL;
        return -1;
    }
    if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size < TRACE_HDR_SIZE ||
        fread(&tf->hd, sizeof(tf->hd), 1, tf->f) != 1) {
        trace_file_close(tf);
        return bad(path, S_ISREG(st.st_mode) ? "truncated: shorter than a trace header"
                                             : "not a regular file");
    }
    if (check_header(tf, (uint64_t)st.st_size) || read_index(tf)) {
        trace_file_close(tf);
        return -1;
    }
    return 0;
}

void trace_file_close(struct trace_file *tf)
{
    if (tf->f)
        fclose(tf->f);
    free(tf->index);
    tf->f = NULL;
    tf->index = NULL;
}

int trace_read(struct trace_file *tf, uint64_t i, struct trace_rec *r)
{
    uint8_t b[TRACE_REC_SIZE];

    if (i >= tf->hd.records)
        return bad(tf->path, "event number past the end");
    if (fseeko(tf->f, (off_t)(TRACE_HDR_SIZE + i * TRACE_REC_SIZE), SEEK_SET) != 0 ||
        fread(b, 1, sizeof(b), tf->f) != sizeof(b))
        return bad(tf->path, "cannot read an event (file changed?)");
    trace_unpack(b, r);
    if (!r->type || r->type >= TR_NTYPES)
        return bad(tf->path, "corrupted: an event of unknown type");
    return 0;
}

uint64_t trace_find_icount(struct trace_file *tf, uint64_t icount)
{
    uint64_t lo = 0, hi = tf->nindex;
    struct trace_rec r;

    /* Last block that starts at or before icount... */
    while (lo < hi) {
        uint64_t mid = (lo + hi) / 2;
        if (tf->index[mid] <= icount)
            lo = mid + 1;
        else
            hi = mid;
    }
    uint64_t i = lo ? (lo - 1) * TRACE_BLOCK : 0;
    /* ...then forward within it (icounts never decrease). */
    for (; i < tf->hd.records; i++)
        if (trace_read(tf, i, &r) != 0 || r.icount >= icount)
            break;
    return i;
}

/* ---- names and text ------------------------------------------------------------ */

static const char *const names[TR_NTYPES] = {
    [TR_TLB_MISS] = "TLB_MISS", [TR_PTE] = "PTE", [TR_FILL] = "FILL", [TR_FAULT] = "FAULT",
    [TR_TBI] = "TBI", [TR_SWPCTX] = "SWPCTX", [TR_EXC] = "EXC", [TR_RTI] = "RTI",
    [TR_SYSCALL] = "SYSCALL", [TR_SYSRET] = "SYSRET", [TR_PROC_CREATE] = "PROC_CREATE",
    [TR_PROC_NAME] = "PROC_NAME", [TR_PROC_EXIT] = "PROC_EXIT", [TR_VLM] = "VLM",
    [TR_HALT] = "HALT", [TR_PAGEIN] = "PAGEIN",
};

const char *trace_type_name(unsigned type)
{
    return type && type < TR_NTYPES ? names[type] : NULL;
}

unsigned trace_type_parse(const char *name)
{
    for (unsigned t = 1; t < TR_NTYPES; t++)
        if (!strcasecmp(name, names[t]))
            return t;
    return 0;
}

void trace_proc_name(const struct trace_rec *r, char out[17])
{
    memcpy(out, &r->pte, 8);
    memcpy(out + 8, &r->insn, 4);
    memcpy(out + 12, &r->aux, 4);
    out[16] = 0;
}

int trace_types_parse(const char *list, uint32_t *mask)
{
    char buf[256], *save = NULL;

    strncpy(buf, list, sizeof(buf) - 1);
    buf[sizeof(buf) - 1] = 0;
    *mask = 0;
    for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        unsigned ty = trace_type_parse(t);
        if (!ty)
            return -1;
        *mask |= 1u << ty;
    }
    return 0;
}
