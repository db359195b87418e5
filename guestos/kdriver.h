/*
 * kdriver.h — drivers built into the kernel, reached through their
 * operations table as devices are through struct file_ops.
 *
 * A driver (vlmdrv/ is one) names its table with KDRIVER(ops) in its own
 * file: the linker collects every such table into the .kdrivers section
 * (kernel.ld), and the core calls each through the kdrivers_* functions
 * below.  A kernel linked without any driver has an empty section: every
 * kdrivers_* call then does nothing, and the devices the drivers would have
 * registered are not there (opening one fails with -VE_NOENT).  The core
 * never names a driver.
 *
 * Every operation may be NULL.  At most one driver keeps per-process state,
 * in the drvdata slot of the process's leader thread (p->leader, proc.h):
 * the threads of a process share it.
 */
#ifndef GUESTOS_KDRIVER_H
#define GUESTOS_KDRIVER_H

#include "guestos/kernel.h"

struct proc;
struct vmemaudit;

struct kdriver_ops {
    const char *name;
    /* Boot, before frames_init: carve what must be contiguous with boot_alloc. */
    void (*boot_reserve)(void);
    /* Boot, after file_init: register devices (dev_register). */
    void (*init)(void);
    /* p's process is ending, normally or killed: p is its last thread,
     * called before the files and memory go (p->vm is still there).
     * Release what the driver holds for it and clear p->leader->drvdata. */
    void (*proc_exit)(struct proc *p);
    /* parent forks child (fork.h): 0, or a -VE_* that refuses the fork.
     * child's drvdata starts NULL: nothing of the driver's is inherited. */
    int (*proc_fork)(struct proc *parent, struct proc *child);
    /* memaudit: add the driver's figures (vlm_pool, vlm_reserved, max_direct)
     * to au.  Must not change anything. */
    void (*audit)(struct vmemaudit *au);
};

/* Register a driver's operations table (a static const struct kdriver_ops)
 * in the kernel image: used once, at file scope, in the driver's file. */
#define KDRIVER(ops)                                                             \
    static const struct kdriver_ops *const kdriver_entry_##ops                   \
        __attribute__((used, section(".kdrivers"))) = &(ops)

/* Call the operation of every registered driver, in link order.  Each does
 * nothing when no driver is linked; none can fail but kdrivers_proc_fork. */
void kdrivers_boot_reserve(void);
void kdrivers_init(void);
void kdrivers_proc_exit(struct proc *p);
void kdrivers_audit(struct vmemaudit *au);
/* The first driver's refusal of parent's fork (a -VE_*), or 0. */
int  kdrivers_proc_fork(struct proc *parent, struct proc *child);

#endif /* GUESTOS_KDRIVER_H */
