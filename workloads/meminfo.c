/*
 * meminfo — the frame database and commit figures, and the caller's own.
 */
#include <stdio.h>
#include "workloads/lib/vlmos_user.h"

static void line(const char *what, unsigned long pages, unsigned long page)
{
    printf("%-22s %10lu pages %10.1f MiB\n", what, pages, (double)pages * (double)page / 1048576.0);
}

int main(void)
{
    struct vmeminfo m;

    if (meminfo(&m) < 0) {
        perror("meminfo");
        return 1;
    }
    line("RAM", m.total, m.page_size);
    line("free (zeroed+dirty)", m.free, m.page_size);
    line("  of which zeroed", m.zeroed, m.page_size);
    line("kernel", m.kernel, m.page_size);
    line("page tables", m.pagetable, m.page_size);
    line("process pages", m.process, m.page_size);
    line("VLM driver", m.vlm, m.page_size);
    line("commit limit", m.commit_limit, m.page_size);
    line("committed", m.committed, m.page_size);
    line("per-process limit", m.proc_limit, m.page_size);
    line("this process charged", m.self_committed, m.page_size);
    line("this process resident", m.self_resident, m.page_size);
    return 0;
}
