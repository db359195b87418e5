/*
 * kdriver.c — calling the drivers linked into the kernel (kdriver.h).
 */
#include "guestos/kdriver.h"

/* The .kdrivers section's bounds (kernel.ld): one pointer per KDRIVER(). */
extern const struct kdriver_ops *const __kdrivers_start[], *const __kdrivers_end[];

#define EACH_DRIVER(d)                                                           \
    for (const struct kdriver_ops *const *d = __kdrivers_start; d < __kdrivers_end; d++)

void kdrivers_boot_reserve(void)
{
    EACH_DRIVER(d)
        if ((*d)->boot_reserve)
            (*d)->boot_reserve();
}

void kdrivers_init(void)
{
    EACH_DRIVER(d)
        if ((*d)->init)
            (*d)->init();
}

void kdrivers_proc_exit(struct proc *p)
{
    EACH_DRIVER(d)
        if ((*d)->proc_exit)
            (*d)->proc_exit(p);
}

int kdrivers_proc_fork(struct proc *parent, struct proc *child)
{
    EACH_DRIVER(d)
        if ((*d)->proc_fork) {
            int r = (*d)->proc_fork(parent, child);
            if (r)
                return r;
        }
    return 0;
}

void kdrivers_audit(struct vmemaudit *au)
{
    EACH_DRIVER(d)
        if ((*d)->audit)
            (*d)->audit(au);
}
