/* t_halt — the smallest image: prints, then halts with status 42 (the runner
 * checks that alphavlm's exit status is the guest's). */
#include "baremetal/mlib.h"

int main(void)
{
    CHECK(hwrpb_get(HWRPB_MAGIC_OFF) == HWRPB_MAGIC);
    CHECK(hwrpb_get(HWRPB_PAGESIZE) == PAGE_SIZE);
    CHECK((rdps() & PS_IPL_MASK) == IPL_MAX);      /* boot at IPL 7, kernel mode */
    CHECK((rdps() & PS_CM) == 0);
    mprintf("t_halt: hello from AXP64, RAM %lu MiB: %s\n", hwrpb_get(HWRPB_RAMSIZE) >> 20,
            test_failures ? "FAIL" : "PASS");
    return test_failures ? 1 : 42;
}
