/*
 * kprintf.c — formatted output and panic for the kernel (see kernel.h).
 */
#include "guestos/kernel.h"
#include "guestos/palcall.h"

struct out {
    char *buf;
    size_t n, len;
};

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->n)
        o->buf[o->len] = c;
    o->len++;
}

struct spec {
    bool left, zero, alt;          /* '-', '0', '#' (0x before hex) */
    int width;
};

static void pad(struct out *o, const struct spec *sp, size_t len, char c)
{
    for (int i = (int)len; i < sp->width; i++)
        put(o, c);
}

static void put_str(struct out *o, const struct spec *sp, const char *s)
{
    size_t len = strlen(s);

    if (!sp->left)
        pad(o, sp, len, ' ');
    while (*s)
        put(o, *s++);
    if (sp->left)
        pad(o, sp, len, ' ');
}

static void put_num(struct out *o, const struct spec *sp, uint64_t v, unsigned base,
                    bool neg, bool upper)
{
    char tmp[24];
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    int i = 0;

    do {
        tmp[i++] = digits[v % base];
        v /= base;
    } while (v);
    size_t len = (size_t)i + neg;
    if (!sp->left && !sp->zero)
        pad(o, sp, len, ' ');
    if (neg)
        put(o, '-');
    if (!sp->left && sp->zero)
        pad(o, sp, len, '0');
    while (i)
        put(o, tmp[--i]);
    if (sp->left)
        pad(o, sp, len, ' ');
}

/* Parse flags, width and size of one conversion; returns the size in bytes. */
static int parse_spec(const char **fmt, struct spec *sp)
{
    int size = 4;

    *sp = (struct spec){ 0 };
    for (;; (*fmt)++) {
        if (**fmt == '-') sp->left = true;
        else if (**fmt == '0') sp->zero = true;
        else if (**fmt == '#') sp->alt = true;
        else break;
    }
    while (**fmt >= '0' && **fmt <= '9')
        sp->width = sp->width * 10 + (*(*fmt)++ - '0');
    while (**fmt == 'l' || **fmt == 'z') {
        size = 8;
        (*fmt)++;
    }
    return size;
}

static void convert(struct out *o, const char **fmt, va_list *ap)
{
    struct spec sp;
    int size = parse_spec(fmt, &sp);
    char c = **fmt;

    switch (c) {
    case 'd': case 'i': {
        int64_t v = size == 8 ? va_arg(*ap, int64_t) : va_arg(*ap, int);
        put_num(o, &sp, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, v < 0, false);
        break;
    }
    case 'u': case 'x': case 'X': {
        uint64_t v = size == 8 ? va_arg(*ap, uint64_t) : va_arg(*ap, unsigned);
        if (sp.alt && c != 'u') {
            put(o, '0');
            put(o, 'x');
        }
        put_num(o, &sp, v, c == 'u' ? 10 : 16, false, c == 'X');
        break;
    }
    case 'p':
        put(o, '0'); put(o, 'x');
        put_num(o, &sp, (uint64_t)va_arg(*ap, void *), 16, false, false);
        break;
    case 's': {
        const char *s = va_arg(*ap, const char *);
        put_str(o, &sp, s ? s : "(null)");
        break;
    }
    case 'c': put(o, (char)va_arg(*ap, int)); break;
    case '%': put(o, '%'); break;
    default:  put(o, '%'); if (c) put(o, c); break;
    }
    if (c)
        (*fmt)++;
}

int kvsnprintf(char *buf, size_t n, const char *fmt, va_list ap)
{
    struct out o = { buf, n, 0 };
    va_list aq;

    va_copy(aq, ap);
    while (*fmt) {
        if (*fmt != '%') {
            put(&o, *fmt++);
            continue;
        }
        fmt++;
        convert(&o, &fmt, &aq);
    }
    va_end(aq);
    if (n)
        buf[o.len < n ? o.len : n - 1] = 0;
    return (int)o.len;
}

int ksnprintf(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = kvsnprintf(buf, n, fmt, ap);
    va_end(ap);
    return r;
}

void kprintf(const char *fmt, ...)
{
    char buf[256];
    va_list ap;

    va_start(ap, fmt);
    int r = kvsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    console_write(buf, (size_t)MIN(r, (int)sizeof(buf) - 1));
}

_Noreturn void panic(const char *fmt, ...)
{
    char buf[256];
    va_list ap;

    pal_swpipl(IPL_MAX);
    va_start(ap, fmt);
    kvsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    kprintf("vlmos: panic: %s\n", buf);
    pal_bugchk(buf, PANIC_STATUS);
}

void ktrace_at(uint64_t pc, uint64_t kind, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
               uint64_t a5)
{
    register uint64_t r0 __asm__("a0") = kind, r1 __asm__("a1") = a1, r2 __asm__("a2") = a2;
    register uint64_t r3 __asm__("a3") = a3, r4 __asm__("a4") = a4, r5 __asm__("a5") = a5;
    register uint64_t r6 __asm__("a6") = pc, r7 __asm__("a7") = PAL_TRACE;

    if (!boot.tracing)
        return;
    __asm__ volatile("ecall" : "+r"(r0) : "r"(r1), "r"(r2), "r"(r3), "r"(r4), "r"(r5), "r"(r6),
                     "r"(r7) : "memory");
}

/* Not inlined: its return address is in the code that reports the event. */
__attribute__((noinline)) void ktrace(uint64_t kind, uint64_t a1, uint64_t a2, uint64_t a3,
                                      uint64_t a4, uint64_t a5)
{
    ktrace_at(KTRACE_CALLER(), kind, a1, a2, a3, a4, a5);
}
