/*
 * tracegen — write a synthetic trace of N events (for the seek benchmark:
 * `make bench` needs a trace of at least 10^8 events, which no guest run
 * here makes in reasonable time).  Records cycle through the event types
 * with increasing icounts, written by the same writer the emulator uses.
 *     tracegen FILE N
 */
#include <stdlib.h>
#include <string.h>
#include "trace/trace.h"

int main(int argc, char **argv)
{
    struct trace_header hd;
    struct trace_rec r;
    unsigned long long n = argc == 3 ? strtoull(argv[2], NULL, 10) : 0;
    struct tracer *t = n ? trace_open(argv[1]) : NULL;

    if (!t) {
        fprintf(stderr, "usage: tracegen FILE N\n");
        return 2;
    }
    memset(&r, 0, sizeof(r));
    for (unsigned long long i = 0; i < n; i++) {
        r.icount = 3 * i;
        r.pc = 0x10000 + (i % 4096) * 4;
        r.va = 0x10000000 + (i % 65536) * 8192;
        r.pte = i;
        r.type = (uint8_t)(1 + i % (TR_NTYPES - 1));
        r.aux = (uint32_t)i;
        trace_emit(t, &r);
    }
    memset(&hd, 0, sizeof(hd));
    strcpy(hd.argv, "tracegen");
    return trace_close(t, &hd) ? 1 : 0;
}
