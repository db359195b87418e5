/*
 * sh — the VLM/OS shell (docs/vlmos.md "The shell").
 *
 *   line     := { pipeline ( ";" | "&" ) } [ pipeline ]
 *   pipeline := [ "time" ] command { "|" command }
 *   command  := word { word | "<" word | ">" word | ">>" word }
 *
 * Words split at blanks; "..." and '...' quote; $? (outside '...') is the
 * status of the last foreground pipeline.  A name without "/" is a program
 * in "/" (the initrd).  Built-ins: cd, pwd, echo, wait, exit, help; `time`
 * prefixes a pipeline.  `&` runs a pipeline in the background; `wait`
 * collects every background job.  The shell prints how a program ended
 * when it did not exit 0.
 *
 * At a terminal the shell edits lines itself on the raw console
 * (VCONS_SETRAW): left/right, Ctrl-A/Ctrl-E, backspace, Ctrl-U, up/down
 * walk the history; Ctrl-C drops the line; Ctrl-D on an empty line ends the
 * shell.  While a program runs the kernel's line discipline is back, so
 * Ctrl-C interrupts it (status 130); background jobs are in process groups
 * of their own (setpgid), which Ctrl-C spares.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "workloads/lib/vlmos_user.h"

#define LINE_MAX 512
#define MAXTOK   128
#define MAXCMD   8              /* commands in one pipeline */
#define NHIST    32
#define NJOBS    16
#define STATUS_MARK '\x01'     /* where $? was, until the command runs */

enum { T_WORD, T_PIPE, T_IN, T_OUT, T_APPEND, T_SEMI, T_AMP, T_END };

struct tok {
    int type;
    char *word;                 /* T_WORD only */
};

struct cmd {
    char *argv[VARGC_MAX + 1];
    int argc;
    char *in, *out;             /* redirections, NULL if none */
    bool append;                /* >> */
};

struct pipeline {
    struct cmd c[MAXCMD];
    int n;
    bool background, timed;
};

static int last_status;         /* $? */
static struct { int pid; char name[VPROC_NAME]; } jobs[NJOBS];

/* ---- words and operators ------------------------------------------------ */

/* Write s into a message with control bytes shown as ^X: no raw escape
 * sequence reaches the terminal from a typed name. */
static const char *clean(const char *s)
{
    static char out[2 * LINE_MAX];
    size_t n = 0;

    for (; *s && n < sizeof(out) - 3; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20 || c == 0x7f) {
            out[n++] = '^';
            out[n++] = (char)(c ^ 0x40);
        } else {
            out[n++] = (char)c;
        }
    }
    out[n] = 0;
    return out;
}

/* One word starting at *s into *w (advancing both); false if a quote is
 * left open. */
static bool lex_word(const char **s, char **w, char *wend)
{
    char quote = 0;
    const char *r = *s;

    for (; *r && (quote || !strchr(" \t\n|<>;&", *r)); r++) {
        if (!quote && (*r == '"' || *r == '\'')) {
            quote = *r;
        } else if (quote && *r == quote) {
            quote = 0;
        } else if (quote != '\'' && r[0] == '$' && r[1] == '?' && *w < wend - 1) {
            *(*w)++ = STATUS_MARK;            /* expanded when the command runs */
            r++;
        } else if (*w < wend - 1) {
            *(*w)++ = *r;
        }
    }
    *(*w)++ = 0;
    *s = r;
    return !quote;
}

/* Split line into tokens (words copied into buf); the count, or -1 after a
 * message. */
static int lex(const char *s, struct tok *t, char *buf, size_t size)
{
    char *w = buf, *wend = buf + size - 16;
    int n = 0;

    for (;;) {
        while (*s == ' ' || *s == '\t' || *s == '\n')
            s++;
        if (n == MAXTOK - 1 || !*s) {
            t[n].type = T_END;
            return *s ? (fprintf(stderr, "sh: too many words\n"), -1) : n;
        }
        const char *ops = "|<>;&";
        const char *op = strchr(ops, *s);
        if (op && s[0] == '>' && s[1] == '>') {
            t[n++].type = T_APPEND;
            s += 2;
        } else if (op) {
            static const int types[] = { T_PIPE, T_IN, T_OUT, T_SEMI, T_AMP };
            t[n++].type = types[op - ops];
            s++;
        } else {
            t[n].type = T_WORD;
            t[n++].word = w;
            if (!lex_word(&s, &w, wend))
                return fprintf(stderr, "sh: unterminated quote\n"), -1;
        }
    }
}

/* ---- parsing ------------------------------------------------------------- */

static int syntax(const struct tok *t)
{
    static const char *const names[] = { "word", "|", "<", ">", ">>", ";", "&", "end of line" };
    fprintf(stderr, "sh: syntax error near %s\n", names[t->type]);
    return -1;
}

/* One command from t[*i]: words and redirections.  0, or -1 after a message. */
static int parse_cmd(const struct tok *t, int *i, struct cmd *c)
{
    memset(c, 0, sizeof(*c));
    for (;; (*i)++) {
        int ty = t[*i].type;
        if (ty == T_WORD) {
            if (c->argc == VARGC_MAX)
                return fprintf(stderr, "sh: too many arguments\n"), -1;
            c->argv[c->argc++] = t[*i].word;
        } else if (ty == T_IN || ty == T_OUT || ty == T_APPEND) {
            if (t[*i + 1].type != T_WORD)
                return syntax(&t[*i + 1]);
            (*i)++;
            if (ty == T_IN)
                c->in = t[*i].word;
            else
                c->out = t[*i].word, c->append = ty == T_APPEND;
        } else {
            return c->argc ? 0 : syntax(&t[*i]);
        }
    }
}

/* A pipeline from t[*i], up to and past its ";" or "&".  0 or -1. */
static int parse_pipeline(const struct tok *t, int *i, struct pipeline *pl)
{
    memset(pl, 0, sizeof(*pl));
    if (t[*i].type == T_WORD && !strcmp(t[*i].word, "time") && t[*i + 1].type == T_WORD) {
        pl->timed = true;
        (*i)++;
    }
    for (;;) {
        if (pl->n == MAXCMD)
            return fprintf(stderr, "sh: pipeline too long\n"), -1;
        if (parse_cmd(t, i, &pl->c[pl->n++]))
            return -1;
        if (t[*i].type != T_PIPE)
            break;
        (*i)++;
    }
    pl->background = t[*i].type == T_AMP;
    if (t[*i].type == T_SEMI || t[*i].type == T_AMP)
        (*i)++;
    return 0;
}

/* ---- built-ins ------------------------------------------------------------ */

static void jobs_add(int pid, const char *name)
{
    for (int i = 0; i < NJOBS; i++)
        if (!jobs[i].pid) {
            jobs[i].pid = pid;
            snprintf(jobs[i].name, sizeof(jobs[i].name), "%s", name);
            return;
        }
}

/* How a program ended, if not with exit 0; the name of a background job. */
static void report(int pid, const char *name, int status, bool always)
{
    char buf[96];
    for (int i = 0; i < NJOBS; i++)
        if (jobs[i].pid == pid) {
            name = jobs[i].name;
            jobs[i].pid = 0;
            always = true;
        }
    if (status || always)
        printf("[%s%s: %s]\n", pid && always ? "done " : "", clean(name),
               vstatus_str(status, buf, sizeof(buf)));
}

/* wait: collect every child still running (the background jobs). */
static int builtin_wait(void)
{
    int pid, status = 0;
    while ((pid = vwait(-1, &status, NULL, 0)) > 0)
        report(pid, "?", status, true);
    return 0;
}

static void help(void)
{
    printf("built-ins: cd [DIR], pwd, echo [WORDS], wait, exit [N], help, time PIPELINE\n"
           "programs (ls lists them): NAME [ARGS...]; a | b pipes, < in, > out, >> append,\n"
           "; separates, & runs in the background, $? is the last status\n");
}

/* Run a built-in named argv[0]: true and *status if it is one. */
static bool builtin(struct cmd *c, int *status)
{
    const char *name = c->argv[0];
    char buf[VPATH_MAX];

    *status = 0;
    if (!strcmp(name, "cd")) {
        const char *dir = c->argc > 1 ? c->argv[1] : "/";
        if (chdir(dir) != 0)
            fprintf(stderr, "sh: cd: %s: %s\n", clean(dir), strerror(errno)), *status = 1;
    } else if (!strcmp(name, "pwd")) {
        printf("%s\n", getcwd(buf, sizeof(buf)) ? buf : "?");
    } else if (!strcmp(name, "echo")) {
        for (int i = 1; i < c->argc; i++)
            printf("%s%s", i > 1 ? " " : "", c->argv[i]);
        printf("\n");
    } else if (!strcmp(name, "wait")) {
        *status = builtin_wait();
    } else if (!strcmp(name, "help")) {
        help();
    } else {
        return false;
    }
    fflush(stdout);
    return true;
}

/* ---- running ---------------------------------------------------------- */

/* Make in/out (if >= 0) our descriptors 0/1, keeping the old ones in saved. */
static void fds_swap(int in, int out, int saved[2])
{
    fflush(stdout);
    saved[0] = saved[1] = -1;
    if (in >= 0 && (saved[0] = dup(0)) >= 0)
        dup2(in, 0);
    if (out >= 0 && (saved[1] = dup(1)) >= 0)
        dup2(out, 1);
}

static void fds_restore(const int saved[2])
{
    fflush(stdout);
    for (int fd = 0; fd < 2; fd++)
        if (saved[fd] >= 0) {
            dup2(saved[fd], fd);
            close(saved[fd]);
        }
}

/* Open c's redirections over in/out (closing what they replace).  0 or -1. */
static int redirect(const struct cmd *c, int *in, int *out)
{
    int flags = O_WRONLY | O_CREAT | (c->append ? O_APPEND : O_TRUNC);
    int fd;

    if (c->in) {
        if ((fd = open(c->in, O_RDONLY)) < 0)
            return fprintf(stderr, "sh: %s: %s\n", clean(c->in), strerror(errno)), -1;
        if (*in >= 0)
            close(*in);
        *in = fd;
    }
    if (c->out) {
        if ((fd = open(c->out, flags, 0644)) < 0)
            return fprintf(stderr, "sh: %s: %s\n", clean(c->out), strerror(errno)), -1;
        if (*out >= 0)
            close(*out);
        *out = fd;
    }
    return 0;
}

/* $? in each of c's words: the status of the pipeline before this one. */
static void expand(struct cmd *c)
{
    static char pool[2 * LINE_MAX + 64];
    char *w = pool, *end = pool + sizeof(pool);
    char **words[VARGC_MAX + 2];
    int n = 0;

    for (int i = 0; i < c->argc; i++)
        words[n++] = &c->argv[i];
    words[n++] = &c->in;
    words[n++] = &c->out;
    for (int i = 0; i < n; i++) {
        if (!*words[i] || !strchr(*words[i], STATUS_MARK))
            continue;
        char *start = w;
        for (const char *r = *words[i]; *r && w < end - 12; r++)
            w += *r == STATUS_MARK ? sprintf(w, "%d", last_status) : (*w = *r, 1);
        *w++ = 0;
        *words[i] = start;
    }
}

/* Start c with in/out as its 0/1 (and close them): its pid, 0 if it was a
 * built-in (*status set), -1 if it could not start (*status set). */
static int start(struct cmd *c, int in, int out, int *status)
{
    int saved[2], pid = 0;
    char path[VPATH_MAX + 1];

    *status = 1;
    expand(c);
    if (redirect(c, &in, &out) == 0) {
        fds_swap(in, out, saved);
        if (!builtin(c, status)) {
            snprintf(path, sizeof(path), "%s%s", strchr(c->argv[0], '/') ? "" : "/", c->argv[0]);
            if ((pid = vspawn(path, c->argv)) < 0)
                *status = 127;
        }
        fds_restore(saved);
        if (pid < 0)
            fprintf(stderr, "sh: %s: %s\n", clean(c->argv[0]), errno == ENOENT ? "no such program" :
                    errno == ENOEXEC ? "not an executable" : strerror(errno));
    } else {
        pid = -1;
    }
    if (in >= 0)
        close(in);
    if (out >= 0)
        close(out);
    return pid;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Run a pipeline: its status (the last command's), or 0 in the background. */
static int run(struct pipeline *pl)
{
    int pids[MAXCMD], st[MAXCMD], in = -1;
    double t0 = now();

    for (int i = 0; i < pl->n; i++) {
        int p[2] = { -1, -1 };
        if (i + 1 < pl->n && pipe(p) != 0) {
            fprintf(stderr, "sh: pipe: %s\n", strerror(errno));
            pl->n = i;
            break;
        }
        pids[i] = start(&pl->c[i], in, p[1], &st[i]);
        in = p[0];
    }
    if (in >= 0)
        close(in);
    for (int i = 0; i < pl->n; i++) {
        if (pids[i] > 0 && pl->background) {
            setpgid(pids[i], 0);                     /* its own group: Ctrl-C spares it */
            printf("[%d]\n", pids[i]);
            jobs_add(pids[i], pl->c[i].argv[0]);
        } else if (pids[i] > 0 && vwait(pids[i], &st[i], NULL, 0) == pids[i]) {
            report(pids[i], pl->c[i].argv[0], st[i], false);
        }
    }
    if (pl->timed)
        printf("[%.3f s]\n", now() - t0);
    return pl->background || !pl->n ? 0 : st[pl->n - 1];
}

/* Run every pipeline of a line.  Returns false if the shell should exit
 * (with *code). */
static bool run_line(const char *line, int *code)
{
    static char words[2 * LINE_MAX + 64];
    struct tok t[MAXTOK];
    struct pipeline pl;
    int i = 0;

    if (lex(line, t, words, sizeof(words)) < 0) {
        last_status = 2;
        return true;
    }
    while (t[i].type != T_END) {
        if (parse_pipeline(t, &i, &pl)) {
            last_status = 2;
            return true;
        }
        if (!strcmp(pl.c[0].argv[0], "exit") && pl.n == 1) {
            *code = pl.c[0].argc > 1 ? atoi(pl.c[0].argv[1]) : last_status;
            return false;
        }
        last_status = run(&pl);
    }
    return true;
}

/* ---- reading lines: the line editor ------------------------------------- */

static char history[NHIST][LINE_MAX];
static int nhist;               /* lines ever added; the last NHIST are kept */

static void hist_add(const char *line)
{
    if (*line && (!nhist || strcmp(history[(nhist - 1) % NHIST], line)))
        snprintf(history[nhist++ % NHIST], LINE_MAX, "%s", line);
}

struct edit {
    char *buf;
    size_t len, cur, max;
    int hpos;                   /* history line shown (nhist: the new line) */
};

/* Show the prompt and the line, the cursor at e->cur. */
static void redraw(const struct edit *e)
{
    printf("\r$ %.*s\x1b[K", (int)e->len, e->buf);
    if (e->cur < e->len)
        printf("\x1b[%dD", (int)(e->len - e->cur));
    fflush(stdout);
}

static int key(void)
{
    unsigned char c;
    return read(0, &c, 1) == 1 ? c : -1;
}

static void hist_show(struct edit *e, int pos)
{
    if (pos < 0 || pos < nhist - NHIST || pos > nhist)
        return;
    e->hpos = pos;
    snprintf(e->buf, e->max, "%s", pos == nhist ? "" : history[pos % NHIST]);
    e->len = e->cur = strlen(e->buf);
}

/* After ESC: read the rest of a CSI/SS3 sequence and act on the arrows,
 * Home, End and Delete; anything else is dropped whole. */
static void escape(struct edit *e)
{
    int c = key(), arg = 0;

    if (c != '[' && c != 'O')
        return;
    while ((c = key()) >= '0' && c <= '9')
        arg = arg * 10 + (c - '0');
    while (c >= 0x20 && c < 0x40)           /* other parameter bytes */
        c = key();
    switch (c) {
    case 'A': hist_show(e, e->hpos - 1); break;
    case 'B': hist_show(e, e->hpos + 1); break;
    case 'C': e->cur += e->cur < e->len; break;
    case 'D': e->cur -= e->cur > 0; break;
    case 'H': e->cur = 0; break;
    case 'F': e->cur = e->len; break;
    case '~':
        if (arg == 3 && e->cur < e->len) {
            memmove(e->buf + e->cur, e->buf + e->cur + 1, e->len - e->cur);
            e->len--;
        }
        break;
    }
}

static void insert(struct edit *e, char c)
{
    if (e->len + 1 >= e->max)
        return;
    memmove(e->buf + e->cur + 1, e->buf + e->cur, e->len - e->cur);
    e->buf[e->cur++] = c;
    e->len++;
}

/* One key: 1 when the line is done, -1 at end of input, 0 to go on. */
static int edit_key(struct edit *e, int c)
{
    switch (c) {
    case -1:   return -1;
    case '\r': case '\n': return 1;
    case 3:    printf("^C"); e->len = 0; last_status = 130; return 1;
    case 4:    return e->len ? 0 : -1;
    case 1:    e->cur = 0; break;
    case 5:    e->cur = e->len; break;
    case 0x15: e->len = e->cur = 0; break;
    case 0x1b: escape(e); break;
    case 0x7f: case '\b':
        if (e->cur) {
            memmove(e->buf + e->cur - 1, e->buf + e->cur, e->len - e->cur);
            e->cur--, e->len--;
        }
        break;
    default:
        if (c >= 0x20 && c < 0x7f)
            insert(e, (char)c);
    }
    return 0;
}

/* Read a line with editing and history; 0, or -1 at end of input. */
static int edit_line(char *buf, size_t max)
{
    struct edit e = { buf, 0, 0, max, nhist };
    int r;

    redraw(&e);
    while ((r = edit_key(&e, key())) == 0)
        redraw(&e);
    buf[e.len] = 0;
    printf("\n");
    if (r > 0)
        hist_add(buf);
    return r > 0 ? 0 : -1;
}

/* The next line: edited at a terminal, else as it comes.  0 or -1 (EOF). */
static int get_line(char *buf, size_t max)
{
    if (ioctl(0, VCONS_SETRAW, 1) == 0) {
        int r = edit_line(buf, max);
        ioctl(0, VCONS_SETRAW, 0);
        return r;
    }
    printf("$ ");
    fflush(stdout);
    return fgets(buf, (int)max, stdin) ? 0 : -1;
}

int main(void)
{
    char line[LINE_MAX];
    int code = 0;

    printf("VLM/OS shell. Type help for help.\n");
    for (;;) {
        if (get_line(line, sizeof(line)) < 0) {
            printf("\n");
            return last_status;
        }
        if (!run_line(line, &code))
            return code;
    }
}
