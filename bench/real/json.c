/*
 * json.c — a recursive-descent JSON parser (bench/real, docs/bench.md).
 * A generated document (an array of N records with nested objects, arrays,
 * escaped strings, integers, decimals, booleans and null) is parsed into a
 * tree; the check: the tree's totals equal those recorded while generating,
 * and a malformed document is refused.
 * usage: json [N]   prints "json checksum=HEX ok", exit 0; else exit 1.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_N 200000

static uint64_t rng = 4242;
static uint64_t rnd(void)              /* xorshift64* */
{
    rng ^= rng >> 12; rng ^= rng << 25; rng ^= rng >> 27;
    return rng * 2685821657736338717ull;
}

/* ---- generation: text, and what a parser must find in it ---- */
struct totals { int64_t ints, milli; long strings, strbytes, values, trues; };
struct buf { char *p; long n, cap; };

static void put(struct buf *b, const char *s, long n)
{
    if (b->n + n > b->cap) {
        b->cap = (b->cap + n) * 2;
        b->p = realloc(b->p, (size_t)b->cap);
    }
    memcpy(b->p + b->n, s, (size_t)n);
    b->n += n;
}
static void puts_(struct buf *b, const char *s) { put(b, s, (long)strlen(s)); }

static void gen_string(struct buf *b, struct totals *t)
{
    int len = (int)(rnd() % 12);
    puts_(b, "\"");
    for (int i = 0; i < len; i++) {
        char c = (char)('a' + rnd() % 26);
        if (c == 'q') puts_(b, "\\\"");            /* escapes: one byte each once parsed */
        else if (c == 'n') puts_(b, "\\n");
        else if (c == 'u') puts_(b, "\\u0041");
        else put(b, &c, 1);
    }
    puts_(b, "\"");
    t->strings++, t->strbytes += len, t->values++;
}

static void gen_value(struct buf *b, struct totals *t, int depth)
{
    char s[48];
    int k = (int)(rnd() % (depth > 2 ? 5 : 7));
    switch (k) {
    case 0: { int64_t v = (int64_t)(rnd() % 2000001) - 1000000;
              snprintf(s, sizeof s, "%lld", (long long)v); puts_(b, s); t->ints += v, t->values++; break; }
    case 1: { int64_t v = (int64_t)(rnd() % 200000) - 100000;     /* v/1000 as a decimal */
              snprintf(s, sizeof s, "%s%lld.%03lld", v < 0 ? "-" : "", (long long)llabs(v) / 1000,
                       (long long)llabs(v) % 1000);
              puts_(b, s); t->milli += v, t->values++; break; }
    case 2: gen_string(b, t); break;
    case 3: { int tr = (int)(rnd() & 1); puts_(b, tr ? "true" : "false"); t->trues += tr, t->values++; break; }
    case 4: puts_(b, "null"); t->values++; break;
    case 5: { int n = (int)(rnd() % 5);
              puts_(b, "[ ");
              for (int i = 0; i < n; i++) { if (i) puts_(b, ", "); gen_value(b, t, depth + 1); }
              puts_(b, "]"); t->values++; break; }
    default: { int n = (int)(rnd() % 5);
              puts_(b, "{");
              for (int i = 0; i < n; i++) {
                  if (i) puts_(b, ",\n  ");
                  gen_string(b, t); puts_(b, ": "); gen_value(b, t, depth + 1);
              }
              puts_(b, "}"); t->values++; break; }
    }
}

/* ---- the parser: a tree of nodes ---- */
enum kind { J_NULL, J_BOOL, J_INT, J_DEC, J_STR, J_ARR, J_OBJ };
struct node {
    enum kind kind;
    int64_t num;                  /* J_INT: value; J_DEC: thousandths; J_BOOL: 0/1 */
    char *str; long len;          /* J_STR */
    struct node *kid, *next;      /* J_ARR/J_OBJ children (an object's: key, value, ...) */
};
struct parser { const char *p, *end; int err; };

static struct node *node(enum kind k) { struct node *n = calloc(1, sizeof *n); n->kind = k; return n; }
static void ws(struct parser *ps) { while (ps->p < ps->end && strchr(" \n\r\t", *ps->p) && *ps->p) ps->p++; }
static int eat(struct parser *ps, char c)
{
    ws(ps);
    if (ps->p < ps->end && *ps->p == c) { ps->p++; return 1; }
    return 0;
}
static struct node *fail(struct parser *ps) { ps->err = 1; return NULL; }
static struct node *value(struct parser *ps);

static struct node *string(struct parser *ps)
{
    struct node *n = node(J_STR);
    long cap = 64;
    n->str = malloc((size_t)cap);
    ps->p++;
    for (; ps->p < ps->end && *ps->p != '"'; ps->p++) {
        char c = *ps->p;
        if (c == '\\') {
            if (++ps->p >= ps->end) return fail(ps);
            switch (*ps->p) {
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case '"': case '\\': case '/': c = *ps->p; break;
            case 'u': { if (ps->end - ps->p < 5) return fail(ps);
                        char hex[5] = { 0 }; memcpy(hex, ps->p + 1, 4);
                        c = (char)strtol(hex, NULL, 16); ps->p += 4; break; }
            default: return fail(ps);
            }
        }
        if (n->len + 1 >= cap) n->str = realloc(n->str, (size_t)(cap *= 2));
        n->str[n->len++] = c;
    }
    if (ps->p >= ps->end) return fail(ps);
    ps->p++;
    n->str[n->len] = 0;
    return n;
}

static struct node *number(struct parser *ps)
{
    int neg = *ps->p == '-';
    int64_t whole = 0, frac = 0;
    int digits = 0, fd = 0;
    if (neg) ps->p++;
    for (; ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9'; ps->p++, digits++)
        whole = whole * 10 + (*ps->p - '0');
    if (!digits) return fail(ps);
    if (ps->p < ps->end && *ps->p == '.') {
        for (ps->p++; ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9'; ps->p++, fd++)
            if (fd < 3) frac = frac * 10 + (*ps->p - '0');
        if (!fd) return fail(ps);
        for (int i = fd; i < 3; i++) frac *= 10;
        struct node *n = node(J_DEC);
        n->num = (whole * 1000 + frac) * (neg ? -1 : 1);
        return n;
    }
    struct node *n = node(J_INT);
    n->num = neg ? -whole : whole;
    return n;
}

static struct node *word(struct parser *ps, const char *w, enum kind k, int v)
{
    size_t l = strlen(w);
    if ((size_t)(ps->end - ps->p) < l || memcmp(ps->p, w, l)) return fail(ps);
    ps->p += l;
    struct node *n = node(k);
    n->num = v;
    return n;
}

/* Elements until close; an object's are key ':' value pairs. */
static struct node *list(struct parser *ps, enum kind k, char close)
{
    struct node *n = node(k), **tail = &n->kid;
    ps->p++;
    if (eat(ps, close)) return n;
    do {
        if (k == J_OBJ) {
            ws(ps);
            if (ps->p >= ps->end || *ps->p != '"' || !(*tail = string(ps)) || !eat(ps, ':')) return fail(ps);
            tail = &(*tail)->next;
        }
        if (!(*tail = value(ps))) return fail(ps);
        tail = &(*tail)->next;
    } while (eat(ps, ','));
    return eat(ps, close) ? n : fail(ps);
}

static struct node *value(struct parser *ps)
{
    ws(ps);
    if (ps->err || ps->p >= ps->end) return fail(ps);
    switch (*ps->p) {
    case '"': return string(ps);
    case '[': return list(ps, J_ARR, ']');
    case '{': return list(ps, J_OBJ, '}');
    case 't': return word(ps, "true", J_BOOL, 1);
    case 'f': return word(ps, "false", J_BOOL, 0);
    case 'n': return word(ps, "null", J_NULL, 0);
    default:  return number(ps);
    }
}

static void walk(const struct node *n, struct totals *t)
{
    for (; n; n = n->next) {
        t->values++;
        switch (n->kind) {
        case J_INT: t->ints += n->num; break;
        case J_DEC: t->milli += n->num; break;
        case J_BOOL: t->trues += n->num; break;
        case J_STR: t->strings++, t->strbytes += n->len; break;
        case J_ARR: case J_OBJ: walk(n->kid, t); break;
        default: break;
        }
    }
}

static void drop(struct node *n)
{
    while (n) {
        struct node *next = n->next;
        drop(n->kid), free(n->str), free(n);
        n = next;
    }
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : DEFAULT_N;
    struct totals want = { 0 }, got = { 0 };
    struct buf b = { 0 };

    puts_(&b, "[\n");
    for (long i = 0; i < n; i++) {
        if (i) puts_(&b, ",\n");
        gen_value(&b, &want, 3 - (int)(i % 4));       /* deep records and flat ones */
    }
    puts_(&b, "\n]\n");
    want.values++;
    struct parser ps = { b.p, b.p + b.n, 0 };
    struct node *root = value(&ps);
    ws(&ps);
    int good = root && !ps.err && ps.p == ps.end;
    if (good) {
        walk(root, &got);
        /* The object keys are strings too: count them the same way. */
        good = got.ints == want.ints && got.milli == want.milli && got.trues == want.trues &&
               got.strings == want.strings && got.strbytes == want.strbytes && got.values == want.values;
    }
    drop(root);
    struct parser bad = { b.p, b.p + b.n - 4, 0 };         /* cut short: must be refused */
    struct node *r2 = value(&bad);
    good = good && (bad.err || !r2);
    uint64_t sum = (uint64_t)got.ints * 31 + (uint64_t)got.milli * 7 + (uint64_t)got.strbytes * 131 +
                   (uint64_t)got.values * 1000003 + (uint64_t)got.trues;
    printf("json checksum=%016llx %s\n", (unsigned long long)sum, good ? "ok" : "FAILED");
    return !good;
}
