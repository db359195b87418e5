/* t_halt — the smallest image: prints, then halts with the status its boot
 * argument names (decimal, 0..255; 42 without one).  The runner checks that
 * alphavlm's exit status is the guest's, all 8 bits of it: 42, 255 and
 * 128 + N (a status with the top bit set must not come back as N). */
#include "baremetal/mlib.h"

/* The boot argument as a number; 42 when there is none or it is not one. */
static uint64_t wanted_status(void)
{
    const char *a = (const char *)hwrpb + HWRPB_ARGV;
    uint64_t n = 0;

    if (!*a)
        return 42;
    for (; *a; a++) {
        if (*a < '0' || *a > '9' || n > 255)
            return 42;
        n = n * 10 + (uint64_t)(*a - '0');
    }
    return n <= 255 ? n : 42;
}

int main(void)
{
    uint64_t status = wanted_status();

    CHECK(hwrpb_get(HWRPB_MAGIC_OFF) == HWRPB_MAGIC);
    CHECK(hwrpb_get(HWRPB_PAGESIZE) == PAGE_SIZE);
    CHECK((rdps() & PS_IPL_MASK) == IPL_MAX);      /* boot at IPL 7, kernel mode */
    CHECK((rdps() & PS_CM) == 0);
    mprintf("t_halt: hello from AXP64, RAM %lu MiB, status %lu: %s\n", hwrpb_get(HWRPB_RAMSIZE) >> 20,
            status, test_failures ? "FAIL" : "PASS");
    return test_failures ? 1 : (int)status;
}
