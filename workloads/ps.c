/*
 * ps — the threads: tid (PID), process (TGID), parent, state, ASN, memory
 * (the address space's, shared by a process's threads), instructions.
 */
#include <stdio.h>
#include "workloads/lib/vlmos_user.h"

int main(void)
{
    static const char *const state[VPS_NSTATES] = { VPS_NAMES };
    struct vprocinfo p;

    printf("%5s %5s %5s %-8s %4s %10s %10s %12s  %s\n", "PID", "TGID", "PPID", "STATE", "ASN",
           "COMMIT KiB", "RSS KiB", "INSNS", "NAME");
    for (int slot = 0; (slot = procinfo(slot, &p)) > 0; )
        printf("%5d %5d %5d %-8s %4d %10lu %10lu %12lu  %s\n", p.pid, p.tgid, p.ppid,
               p.state >= 0 && p.state < VPS_NSTATES ? state[p.state] : "?", p.asn,
               p.committed * 8, p.resident * 8, p.cpu, p.name);
    return 0;
}
