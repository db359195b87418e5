/*
 * tracediff.c — `alphavlm trace diff [filters] [--normalize] [--first N] A B`.
 *
 * Both traces are filtered as dump would (each with its own who-runs), and
 * each event becomes a key: the hash of its record, or with --normalize of
 * its normalised line (text.h: no icount, PC, PA or PFN).  The two key
 * sequences are walked together; at a mismatch the walk looks ahead for the
 * nearest point where RESYNC events agree again, so an inserted event is
 * one divergence, not the rest of the trace.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "image/fnv.h"
#include "trace/text.h"
#include "trace/tracetool.h"

#define LOOKAHEAD 128                  /* events searched for a resync, per side */
#define RESYNC    3                    /* events that must agree to resync */
#define CONTEXT   2                    /* events shown before a divergence */
#define SHOW_MAX  8                    /* differing events shown per side */

struct seq {
    struct trace_file *tf;
    const char *tag;
    uint64_t *key, *ev;                /* per filtered event: key, event number */
    size_t n;
};

static uint64_t key_of(const struct trace_rec *r, bool norm)
{
    char line[512];
    if (!norm)
        return fnv64(FNV64_INIT, r, sizeof(*r));   /* unpacked records are zero-padded */
    trace_format_norm(r, line, sizeof(line));
    return fnv64(FNV64_INIT, line, strlen(line));
}

/* The keys of the events that pass the filters.  0, or -1 (damaged, or out of memory). */
static int collect(struct seq *q, const struct opts *o)
{
    struct pid_tracker pt = { 0 };
    struct trace_rec r;
    size_t cap = 0;

    for (uint64_t i = 0; i < q->tf->hd.records && i < o->f.to; i++) {
        if (trace_read(q->tf, i, &r))
            return -1;
        pid_track(&pt, &r);
        if (i < o->f.from || !filter_match(&o->f, &r, pt.current))
            continue;
        if (q->n == cap) {
            cap = cap ? 2 * cap : 4096;
            uint64_t *k = realloc(q->key, cap * sizeof(*k)), *e = k ? realloc(q->ev, cap * sizeof(*e)) : NULL;
            if (k)
                q->key = k;
            if (!k || !e) {
                fprintf(stderr, "alphavlm trace diff: out of memory\n");
                return -1;
            }
            q->ev = e;
        }
        q->key[q->n] = key_of(&r, o->normalize);
        q->ev[q->n++] = i;
        if (o->f.count && q->n == o->f.count)
            break;
    }
    return 0;
}

/* ---- the header ------------------------------------------------------------------- */

/* Name each header field that differs.  Returns how many count as a
 * difference: with --normalize the build ids and the final icount are
 * notes (they move when code moves), not differences. */
static int diff_header(const struct trace_header *a, const struct trace_header *b, bool norm)
{
    static const struct { const char *name; size_t off, size; bool moves; } f[] = {
#define F(x, m) { #x, offsetof(struct trace_header, x), sizeof(((struct trace_header *)0)->x), m }
        F(ram_size, false), F(proc_limit, false), F(quantum, false), F(clock_mode, false),
        F(tlb_policy, false), F(itb_size, false), F(dtb_size, false), F(exit_status, false),
        F(kernel_id, true), F(initrd_id, true), F(final_icount, true),
#undef F
    };
    int counted = 0;

    for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
        uint64_t va = 0, vb = 0;
        memcpy(&va, (const char *)a + f[i].off, f[i].size);
        memcpy(&vb, (const char *)b + f[i].off, f[i].size);
        if (va == vb)
            continue;
        bool note = norm && f[i].moves;
        printf("%s %s: %#" PRIx64 " (%" PRIu64 ") / %#" PRIx64 " (%" PRIu64 ")\n",
               note ? "note: header" : "header", f[i].name, va, va, vb, vb);
        counted += !note;
    }
    if (strncmp(a->argv, b->argv, TRACE_ARGV_MAX)) {
        printf("header argv: %.*s / %.*s\n", TRACE_ARGV_MAX, a->argv, TRACE_ARGV_MAX, b->argv);
        counted++;
    }
    return counted;
}

/* ---- the events ------------------------------------------------------------------- */

struct tally {
    uint64_t divergences, only[2][TR_NTYPES];   /* events in A only / B only, by type */
};

static bool agree(const struct seq *a, const struct seq *b, size_t i, size_t j)
{
    for (size_t k = 0; k < RESYNC; k++) {
        if (i + k >= a->n || j + k >= b->n)
            return i + k >= a->n && j + k >= b->n;       /* both ended together */
        if (a->key[i + k] != b->key[j + k])
            return false;
    }
    return true;
}

/* From a mismatch at (i, j): the smallest skip (*da, *db) after which the
 * sequences agree again; the rest of both if none is found. */
static void resync(const struct seq *a, const struct seq *b, size_t i, size_t j, size_t *da, size_t *db)
{
    for (size_t d = 1; d <= 2 * LOOKAHEAD; d++)
        for (size_t x = d > LOOKAHEAD ? d - LOOKAHEAD : 0; x <= d && x <= LOOKAHEAD; x++)
            if (agree(a, b, i + x, j + d - x)) {
                *da = x;
                *db = d - x;
                return;
            }
    *da = a->n - i;
    *db = b->n - j;
}

static void show_lines(const struct seq *q, size_t from, size_t to, size_t mark, bool norm)
{
    struct trace_rec r;
    char line[512];

    for (size_t k = from; k < to && k < q->n; k++) {
        if (trace_read(q->tf, q->ev[k], &r))
            return;
        if (norm) {
            trace_format_norm(&r, line + 64, sizeof(line) - 64);
            snprintf(line, 64, "#%" PRIu64, q->ev[k]);
            printf("%s %s %s %s\n", k >= mark ? ">" : " ", q->tag, line, line + 64);
        } else {
            trace_format(&r, q->ev[k], line, sizeof(line));
            printf("%s %s %s\n", k >= mark ? ">" : " ", q->tag, line);
        }
    }
}

static void count_types(const struct seq *q, size_t from, size_t n, uint64_t *only)
{
    struct trace_rec r;
    for (size_t k = from; k < from + n; k++)
        if (trace_read(q->tf, q->ev[k], &r) == 0)
            only[r.type]++;
}

static void walk(const struct seq *a, const struct seq *b, const struct opts *o, struct tally *t)
{
    size_t i = 0, j = 0, da, db;

    while (i < a->n || j < b->n) {
        if (i < a->n && j < b->n && a->key[i] == b->key[j]) {
            i++, j++;
            continue;
        }
        resync(a, b, i, j, &da, &db);
        if (++t->divergences <= o->first) {
            printf("\ndivergence %" PRIu64 ": %zu event(s) of A at #%" PRIu64 ", %zu of B at #%" PRIu64 "\n",
                   t->divergences, da, i < a->n ? a->ev[i] : a->tf->hd.records, db,
                   j < b->n ? b->ev[j] : b->tf->hd.records);
            show_lines(a, i > CONTEXT ? i - CONTEXT : 0, i + (da < SHOW_MAX ? da : SHOW_MAX), i, o->normalize);
            show_lines(b, j > CONTEXT ? j - CONTEXT : 0, j + (db < SHOW_MAX ? db : SHOW_MAX), j, o->normalize);
        }
        count_types(a, i, da, t->only[0]);
        count_types(b, j, db, t->only[1]);
        i += da, j += db;
    }
}

static void summary(const struct tally *t, const struct seq *a, const struct seq *b)
{
    printf("\n%" PRIu64 " divergence(s) over %zu / %zu compared events\n", t->divergences, a->n, b->n);
    printf("  %-12s %10s %10s\n", "type", "in A only", "in B only");
    for (unsigned ty = 1; ty < TR_NTYPES; ty++)
        if (t->only[0][ty] || t->only[1][ty])
            printf("  %-12s %10" PRIu64 " %10" PRIu64 "\n", trace_type_name(ty), t->only[0][ty], t->only[1][ty]);
}

int trace_diff(struct trace_file *ta, struct trace_file *tb, const struct opts *o)
{
    struct seq a = { .tf = ta, .tag = "A" }, b = { .tf = tb, .tag = "B" };
    struct tally t;
    int rc = EXIT_BAD;

    memset(&t, 0, sizeof(t));
    int header = diff_header(&ta->hd, &tb->hd, o->normalize);
    if (collect(&a, o) == 0 && collect(&b, o) == 0) {
        walk(&a, &b, o, &t);
        if (t.divergences)
            summary(&t, &a, &b);
        else
            printf("events identical%s (%zu compared)\n", o->normalize ? " after normalising" : "", a.n);
        if (header)
            printf("%d header field(s) differ\n", header);
        rc = t.divergences || header ? 1 : 0;
        printf("traces %s\n", rc ? "differ" : "are identical");
    }
    free(a.key), free(a.ev), free(b.key), free(b.ev);
    return rc;
}
