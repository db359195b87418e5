/*
 * main.c — `alphavlm`: the AXP64 machine's command line.
 */
#include <stdio.h>
#include <string.h>
#include "emu/cli.h"
#include "emu/machine.h"
#include "trace/tracetool.h"
#include "view/trender.h"
#include "view/view.h"

static const char usage[] =
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
"run options:\n"
"  --kernel FILE       boot this kernel ELF instead (RV64, loaded at its physical\n"
"                      addresses); ARGS go to it in the HWRPB\n"
"  --initrd FILE       initial RAM disk (VLM/OS: a cpio newc archive)\n"
"  --ram SIZE          physical RAM, 1M..1T, K/M/G/T suffixes (default 16G; sparse)\n"
"  --proc-limit SIZE   per-process memory limit (default 2G)\n"
"  --clock icount|host icount: virtual time = instructions, deterministic (default)\n"
"                      host: host clock, fastest, not deterministic\n"
"  --quantum N         instructions between clock interrupts (default 100000;\n"
"                      host clock: N x 10 ns; at least 1000 for VLM/OS, 100 else)\n"
"  --max-insns N       stop after about N instructions (exit status 124)\n"
"  --tlb exact|fast    QEMU TLB cache policy (default: exact with icount, fast with host)\n"
"  --itb N, --dtb N    translation buffer entries, 2..4096 (default 48 and 64)\n"
"  --args STRING       boot arguments in the HWRPB (VLM/OS: verbose)\n"
"  --stats             print instruction, exception and TLB statistics at exit\n"
"  --trace FILE        record a trace (exact TLB policy; see docs/trace.md)\n"
"  --display sdl|none  a live window of frames, TLBs and the current process\n"
"                      (docs/display.md; default none)\n"
"  --screenshot F.png  save that picture, with no display needed, of the last\n"
"                      moment before the machine halted\n"
"  --screenshot-at N   also at instruction N, as F-N.png (icount clock; repeatable)\n"
"  --screenshot-at vlm:STEP  also at the first VLM patent step STEP (e.g. 606),\n"
"                      as F-vlmSTEP.png (repeatable)\n"
"  --gdb PORT          gdb remote stub on 127.0.0.1:PORT (docs/debugging.md)\n"
"  --gdb-wait          with --gdb: wait for gdb before the first instruction\n"
"\n"
"trace commands:\n"
"  dump [FILTERS] [--normalize] F   FILTERS: --from N --to N --count N --type T,...\n"
"                      --asn A --pid P --va LO-HI; --normalize: no icount, PC, PA, PFN\n"
"  step [--batch] F    interactive stepper (h for help)\n"
"  diff [FILTERS] [--normalize] [--first N] A B   divergences, per type, the first N\n"
"                      in context; exit 0 identical, 1 different, 2 bad input\n"
"  stats F             exact TLB misses and MPKI, faults, per process and region\n"
"  export [FILTERS] --json J --csv C F   Chrome trace-event JSON (Perfetto) and CSV\n"
"  render F -o OUT.png  a picture: events over time, a miss/fault heat map, VLM steps\n"
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

int main(int argc, char **argv)
{
    struct machine_config cfg;
    struct machine m;

    if (argc < 2) {
        fputs(short_usage, stderr);
        return EXIT_BADINPUT;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        fputs(usage, stdout);
        return 0;
    }
    if (!strcmp(argv[1], "trace") && argc > 2 && !strcmp(argv[2], "render"))
        return trace_render_main(argc - 2, argv + 2);       /* view/: it draws with SDL */
    if (!strcmp(argv[1], "trace"))
        return trace_main(argc - 1, argv + 1);
    if (strcmp(argv[1], "run")) {
        fprintf(stderr, "alphavlm: unknown command '%s' (try alphavlm --help)\n", argv[1]);
        return EXIT_BADINPUT;
    }
    if (cli_parse_run(argc - 1, argv + 1, &cfg) || (cfg.vlmos && cli_find_vlmos(&cfg)))
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
