/*
 * main.c — `alphavlm`: the AXP64 machine's command line.
 */
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "machine.h"

static const char usage[] =
"usage: alphavlm run --kernel FILE [options]\n"
"       alphavlm --help\n"
"\n"
"Boot an AXP64 machine (Alpha-style MMU and PAL on a RISC-V RV64GC core).\n"
"\n"
"run options:\n"
"  --kernel FILE       kernel ELF (RV64, loaded at its physical addresses)\n"
"  --initrd FILE       initial RAM disk, loaded after the kernel (HWRPB tells where)\n"
"  --ram SIZE          physical RAM, 1M..1T, K/M/G/T suffixes (default 16G; sparse)\n"
"  --proc-limit SIZE   per-process memory limit passed to the kernel (default 2G)\n"
"  --clock icount|host icount: virtual time = instructions, deterministic (default)\n"
"                      host: host timer, fastest, not deterministic\n"
"  --quantum N         instructions between clock interrupts (default 100000;\n"
"                      host clock: N x 10 ns)\n"
"  --max-insns N       stop after about N instructions (exit status 124)\n"
"  --tlb exact|fast    QEMU TLB cache policy (default: exact with icount, fast with host)\n"
"  --itb N, --dtb N    translation buffer entries (default 48 and 64)\n"
"  --args STRING       boot arguments, passed in the HWRPB\n"
"  --stats             print instruction, exception and TLB statistics at exit\n"
"\n"
"exit status: the guest's halt status (0..255); 2 bad input; 124 instruction\n"
"limit; 125 machine check (the guest kernel broke the machine).\n";

int main(int argc, char **argv)
{
    struct machine_config cfg;
    struct machine m;

    if (argc < 2) {
        fputs(usage, stderr);
        return EXIT_BADINPUT;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        fputs(usage, stdout);
        return 0;
    }
    if (strcmp(argv[1], "run")) {
        fprintf(stderr, "alphavlm: unknown command '%s' (try alphavlm --help)\n", argv[1]);
        return EXIT_BADINPUT;
    }
    if (cli_parse_run(argc - 1, argv + 1, &cfg) || (cfg.vlmos && cli_find_vlmos(&cfg)))
        return EXIT_BADINPUT;
    if (machine_init(&m, &cfg)) {
        machine_free(&m);
        return EXIT_BADINPUT;
    }
    int status = machine_run(&m);
    machine_free(&m);
    return status;
}
