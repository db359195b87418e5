/*
 * stdio.c — picolibc's stdin/stdout/stderr on the console descriptors, and
 * program start-up.  stdout is line-buffered (flushed at each newline, when
 * full, before stdin is read, before a spawn and at exit); stderr is flushed
 * at each newline too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct obuf {
    int fd;
    size_t len;
    char b[512];
};

static struct obuf out = { 1, 0, { 0 } }, err = { 2, 0, { 0 } };
static char in_b[256];
static size_t in_len, in_pos;

static void drain(struct obuf *o)
{
    size_t off = 0;
    while (off < o->len) {
        ssize_t w = write(o->fd, o->b + off, o->len - off);
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    o->len = 0;
}

static int put(struct obuf *o, char c)
{
    o->b[o->len++] = c;
    if (c == '\n' || o->len == sizeof(o->b))
        drain(o);
    return (unsigned char)c;
}

static int out_put(char c, FILE *f) { (void)f; return put(&out, c); }
static int err_put(char c, FILE *f) { (void)f; return put(&err, c); }
static int out_flush(FILE *f)      { (void)f; drain(&out); return 0; }
static int err_flush(FILE *f)      { (void)f; drain(&err); return 0; }

static int in_get(FILE *f)
{
    (void)f;
    if (in_pos == in_len) {
        drain(&out);
        ssize_t r = read(0, in_b, sizeof(in_b));
        if (r <= 0)
            return r == 0 ? _FDEV_EOF : _FDEV_ERR;
        in_len = (size_t)r;
        in_pos = 0;
    }
    return (unsigned char)in_b[in_pos++];
}

static FILE f_in = FDEV_SETUP_STREAM(NULL, in_get, NULL, _FDEV_SETUP_READ);
static FILE f_out = FDEV_SETUP_STREAM(out_put, NULL, out_flush, _FDEV_SETUP_WRITE);
static FILE f_err = FDEV_SETUP_STREAM(err_put, NULL, err_flush, _FDEV_SETUP_WRITE);
FILE *const stdin = &f_in;
FILE *const stdout = &f_out;
FILE *const stderr = &f_err;

static void flush_all(void)
{
    drain(&out);
    drain(&err);
}

extern void __libc_init_array(void);
int main(int argc, char **argv);

void __vlmos_start(int argc, char **argv)
{
    atexit(flush_all);
    __libc_init_array();
    exit(main(argc, argv));
}
