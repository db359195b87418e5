/*
 * alphavlm.c — `alphavlm`: the AXP64 machine's command line, a table of
 * subcommands.  Each lives in its part: `run` is the machine (emu/) with
 * the live view (view/), `trace` the trace tools (trace/), `trace render`
 * the trace's picture (view/).  This is the only file that includes them
 * all (the layering: docs/design.md).
 */
#include <stdio.h>
#include <string.h>
#include "emu/cli.h"
#include "emu/machine.h"
#include "image/artifact.h"
#include "trace/tracecmd.h"
#include "view/trender.h"
#include "view/view.h"

static const char usage_head[] =
"usage: alphavlm run [options] [PROGRAM [ARGS...]]\n"
"       alphavlm run --kernel FILE [options] [ARGS...]\n"
"       alphavlm trace dump|step|diff|stats|export [options] FILE...\n"
"       alphavlm --help\n"
"\n"
"Boot an AXP64 machine (Alpha-style MMU and PAL on a RISC-V RV64GC core).\n"
"Without --kernel it boots VLM/OS (guestos/kernel.elf and initrd.cpio from the\n"
"build directory) with PROGRAM as its first process: sh, the shell, by default.\n"
"A PROGRAM containing '/' is a host file, added to the initrd and run (like\n"
"qemu-riscv64 ./prog).  The exit status is PROGRAM's.\n"
"\n"
"run options:\n";

static const char usage_tail[] =
"\n"
"At a VLM/OS terminal: Ctrl-C kills the running program, Ctrl-D ends input,\n"
"Ctrl-\\ halts the machine.\n"
"\n"
"exit status: the guest's halt status (0..255: VLM/OS gives its first program's,\n"
"128+N if the kernel killed it, 255 on a kernel panic); 2 bad input; 124\n"
"instruction limit; 125 machine check (the guest kernel broke the machine).\n";

static const char short_usage[] =
"usage: alphavlm run [options] [PROGRAM [ARGS...]]   boot VLM/OS (default PROGRAM: sh)\n"
"       alphavlm trace dump|step|diff|stats|export ...\n"
"       alphavlm --help                              every option\n";

/* --help: the parts' own option and command lines between the head and the tail. */
static int help_main(int argc, char **argv)
{
    (void)argc; (void)argv;
    printf("%s%s\ntrace commands:\n%s%s%s", usage_head, cli_run_help, trace_help, trender_help,
           usage_tail);
    return 0;
}

/* run: parse, boot, run until the guest halts; the exit status is the guest's. */
static int run_main(int argc, char **argv)
{
    struct machine_config cfg;
    struct machine m;

    if (cli_parse_run(argc, argv, &cfg) ||
        (cfg.vlmos && artifact_find_vlmos(&cfg.kernel_path, &cfg.initrd_path)))
        return EXIT_BADINPUT;
    if (machine_init(&m, &cfg) || view_start(&m)) {
        machine_free(&m);
        return EXIT_BADINPUT;
    }
    int status = machine_run(&m);
    if (view_end(&m, status) != 0 && status == 0)
        status = 1;                                   /* a picture was not written */
    if (machine_free(&m) != 0 && status == 0)
        status = 1;                                   /* the trace is incomplete */
    return status;
}

/* `alphavlm NAME [SUB] ...`: main gets argv from its last word on.  The
 * first entry that matches wins, so a two-word command precedes its first word's. */
static const struct command {
    const char *name, *sub;                           /* sub: NULL for a one-word command */
    int (*main)(int argc, char **argv);
} commands[] = {
    { "run",    NULL,     run_main },
    { "trace",  "render", trace_render_main },        /* view/: it draws with SDL */
    { "trace",  NULL,     trace_main },               /* trace/: dump, step, diff, stats, export */
    { "--help", NULL,     help_main },
    { "-h",     NULL,     help_main },
    { "help",   NULL,     help_main },
};

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(short_usage, stderr);
        return EXIT_BADINPUT;
    }
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
        const struct command *c = &commands[i];
        if (strcmp(argv[1], c->name))
            continue;
        if (!c->sub)
            return c->main(argc - 1, argv + 1);
        if (argc > 2 && !strcmp(argv[2], c->sub))
            return c->main(argc - 2, argv + 2);
    }
    fprintf(stderr, "alphavlm: unknown command '%s' (try alphavlm --help)\n", argv[1]);
    return EXIT_BADINPUT;
}
