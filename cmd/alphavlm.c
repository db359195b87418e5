/*
 * alphavlm.c — `alphavlm`: the AXP64 machine's command line, a table of
 * subcommands.  Each lives in its part: `run` is the machine (emu/) with
 * the live view (view/), `trace` the trace tools (trace/), `trace render`
 * the trace's picture (view/).  This is the only file that includes them
 * all (the layering: docs/design.md).
 *
 * The view is a plugin, alphavlm-view.so beside this binary, loaded only by
 * a run that asks for a window or a picture and by `trace render`: SDL2 and
 * the 80 libraries it brings cost about 7 ms to load, more than a small
 * program's whole run (docs/design.md, "Start-up").
 */
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "emu/cli.h"
#include "emu/machine.h"
#include "image/artifact.h"
#include "trace/tracecmd.h"

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

/* The view's entry points (view/view.h, view/trender.h), from the plugin. */
static struct view_plugin {
    int (*start)(struct machine *m);
    int (*end)(struct machine *m, int status);
    int (*render)(int argc, char **argv);
    const char *help;
} vp;

/* Load alphavlm-view.so from this binary's own directory (an ASan build
 * loads its own).  0, or -1 after one line saying why. */
static int view_load(void)
{
    char path[PATH_MAX + 32];
    ssize_t n = readlink("/proc/self/exe", path, PATH_MAX);
    char *slash;
    void *h;

    if (vp.start)
        return 0;
    path[n > 0 ? n : 0] = 0;
    slash = strrchr(path, '/');
    strcpy(slash ? slash + 1 : path, "alphavlm-view.so");
    if (!(h = dlopen(path, RTLD_NOW | RTLD_LOCAL))) {
        fprintf(stderr, "alphavlm: cannot load the view: %s\n", dlerror());
        return -1;
    }
    vp.start = (int (*)(struct machine *))dlsym(h, "view_start");
    vp.end = (int (*)(struct machine *, int))dlsym(h, "view_end");
    vp.render = (int (*)(int, char **))dlsym(h, "trace_render_main");
    vp.help = (const char *)dlsym(h, "trender_help");
    if (vp.start && vp.end && vp.render && vp.help)
        return 0;
    fprintf(stderr, "alphavlm: %s is not this build's view\n", path);
    vp.start = NULL;
    return -1;
}

static bool wants_view(const struct machine_config *cfg)
{
    return cfg->display || cfg->screenshot;
}

static int render_main(int argc, char **argv)
{
    return view_load() ? EXIT_BADINPUT : vp.render(argc, argv);
}

/* --help: the parts' own option and command lines between the head and the tail. */
static int help_main(int argc, char **argv)
{
    (void)argc; (void)argv;
    printf("%s%s\ntrace commands:\n%s%s%s", usage_head, cli_run_help, trace_help,
           view_load() == 0 ? vp.help : "", usage_tail);
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
    if (wants_view(&cfg) && view_load())
        return EXIT_BADINPUT;
    if (machine_init(&m, &cfg) || (vp.start && vp.start(&m))) {
        machine_free(&m);
        return EXIT_BADINPUT;
    }
    int status = machine_run(&m);
    if (vp.end && vp.end(&m, status) != 0 && status == 0)
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
    { "trace",  "render", render_main },              /* view/: it draws with SDL */
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
