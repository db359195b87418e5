/*
 * sh — the VLM/OS shell: reads lines, runs initrd programs with arguments
 * and prints how each one ended.  Words are split at blanks; "..." and '...'
 * quote.  Built-ins: exit [N], help, time COMMAND.  Ctrl-C (on a terminal)
 * kills the running program, Ctrl-D ends the shell.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "vlmos.h"

#define LINE_MAX 512

/* Split line into words in place; returns the count (at most max - 1). */
static int split(char *line, char **words, int max)
{
    int n = 0;
    char *r = line, *w = line;

    while (*r && n < max - 1) {
        while (*r == ' ' || *r == '\t' || *r == '\n')
            r++;
        if (!*r)
            break;
        words[n++] = w;
        char quote = 0;
        for (; *r && (quote || (*r != ' ' && *r != '\t' && *r != '\n')); r++) {
            if (!quote && (*r == '"' || *r == '\''))
                quote = *r;
            else if (quote && *r == quote)
                quote = 0;
            else
                *w++ = *r;
        }
        if (*r)
            r++;
        *w++ = 0;
    }
    words[n] = NULL;
    return n;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void help(void)
{
    printf("built-ins: exit [N], help, time COMMAND...\n"
           "programs (ls lists them): run as NAME [ARGS...]; the shell prints how each ended\n");
}

/* Run words[0] with its arguments; print how it ended. */
static int run(char **words, bool timed)
{
    char why[VWHY_MAX] = "", buf[160];
    double t0 = now();
    int pid = vspawn(words[0], words);

    if (pid < 0) {
        printf("sh: %s: %s\n", words[0], errno == 2 ? "no such program" :
               errno == 8 ? "not an executable" : strerror(errno));
        return 127;
    }
    int status = 0;
    if (vwait(pid, &status, why, sizeof(why)) < 0) {
        printf("sh: wait: %s\n", strerror(errno));
        return 1;
    }
    if (timed)
        printf("[%.3f s]\n", now() - t0);
    printf("[%s: %s]\n", words[0], vstatus_str(status, buf, sizeof(buf)));
    return status;
}

int main(int argc, char **argv)
{
    char line[LINE_MAX], *words[VARGC_MAX + 1];
    int last = 0;

    (void)argc; (void)argv;
    printf("VLM/OS shell. Type help for help.\n");
    for (;;) {
        printf("$ ");
        fflush(stdout);
        if (!fgets(line, sizeof(line), stdin))
            break;
        int n = split(line, words, VARGC_MAX + 1);
        if (n == 0)
            continue;
        if (!strcmp(words[0], "exit"))
            return n > 1 ? atoi(words[1]) : last;
        if (!strcmp(words[0], "help"))
            help();
        else if (!strcmp(words[0], "time") && n > 1)
            last = run(words + 1, true);
        else
            last = run(words, false);
    }
    printf("\n");
    return last;
}
