/*
 * main.c — VLM/OS boot and the idle loop.
 *
 * Boot: read the HWRPB, install the entry points, build the frame database,
 * parse the initrd, become the idle process (pid 0), start the first program
 * (the HWRPB's argv, "sh" by default) as pid 1.  The machine halts with pid
 * 1's status once it and every other process have ended.
 */
#include "guestos/exec.h"
#include "guestos/file.h"
#include "guestos/frames.h"
#include "guestos/kdriver.h"
#include "guestos/initrd.h"
#include "guestos/kalloc.h"
#include "guestos/kview.h"
#include "guestos/palcall.h"
#include "guestos/proc.h"
#include "guestos/trap.h"

struct bootinfo boot;
void boot_pcb(uint64_t pcb_pa);

/* Process 0: its PCB and canary live in the image; it runs on the boot stack. */
static struct {
    uint8_t pcb[PCB_SIZE];
    uint64_t canary;
} __attribute__((aligned(64))) idle_pcb;
static struct proc idle;
static struct vmspace idle_vm;          /* ASN 0, maps nothing */
static pte_t idle_l1[PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));   /* maps nothing */

static uint64_t hw(const uint8_t *h, unsigned off)
{
    return *(const uint64_t *)(h + off);
}

static void read_hwrpb(const uint8_t *h)
{
    if (hw(h, HWRPB_MAGIC_OFF) != HWRPB_MAGIC || hw(h, HWRPB_VERSION_OFF) < HWRPB_VERSION ||
        hw(h, HWRPB_PAGESIZE) != PAGE_SIZE)
        panic("read_hwrpb: not an AXP64 HWRPB of version %d", HWRPB_VERSION);
    boot.ram_size = hw(h, HWRPB_RAMSIZE);
    boot.initrd_pa = hw(h, HWRPB_INITRD_PA);
    boot.initrd_size = hw(h, HWRPB_INITRD_SIZE);
    boot.proc_limit = hw(h, HWRPB_PROC_LIMIT);
    boot.clock_mode = hw(h, HWRPB_CLOCK_MODE);
    boot.quantum = hw(h, HWRPB_QUANTUM);
    boot.kernel_end = hw(h, HWRPB_KERNEL_END);
    boot.console_tty = hw(h, HWRPB_CONSOLE) & HWRPB_CONS_TTY;
    boot.tracing = hw(h, HWRPB_TRACE) != 0;
    boot.args = (const char *)h + HWRPB_ARGS;
    boot.argv = (const char *)h + HWRPB_ARGV;
}

/* Become process 0, with an empty address space and ASN 0. */
static void idle_init(void)
{
    idle.pid = 0;
    strlcpy(idle.name, "idle", sizeof(idle.name));
    idle.kstack_pa = kptr_to_pa(&idle_pcb);
    idle_pcb.canary = KSTACK_CANARY;
    idle.vm = &idle_vm;
    idle.leader = &idle;
    idle.ofile = idle.files;
    idle.cwd = idle.cwd_buf;
    idle_vm.l1_pfn = kptr_to_pa(idle_l1) >> PAGE_SHIFT;
    idle_vm.refs = 1;
    *(uint64_t *)(idle_pcb.pcb + PCB_PTBR) = idle_vm.l1_pfn;
    boot_pcb(idle.kstack_pa);
    sched_init(&idle);
}

static void start_init(void)
{
    char *argv[VARGC_MAX + 1];
    int argc = 0;
    const char *s = boot.argv;

    while (*s && argc < VARGC_MAX) {
        argv[argc++] = (char *)s;
        s += strlen(s) + 1;
    }
    if (!argc)
        argv[argc++] = "sh";
    argv[argc] = NULL;
    int pid = proc_spawn(argv[0], argc, argv, NULL);
    if (pid != 1) {
        kprintf("vlmos: cannot start %s: %s\n", argv[0],
                pid == -VE_NOENT ? "no such program in the initrd" :
                pid == -VE_NOEXEC ? exec_error() : "out of memory");
        pal_halt(127);
    }
}

/* Everything has ended: check that every frame came back, then halt. */
static _Noreturn void shutdown(void)
{
    uint64_t leaked = frames_in_state(FR_PT) + frames_in_state(FR_PROC) + frames_in_state(FR_COW) +
                      frames_in_state(FR_VLM) + frames_in_state(FR_KERNEL) - kalloc_frames();

    if (leaked || commit_total())
        kprintf("vlmos: shutdown: %lu frames and %lu committed pages not returned\n",
                (unsigned long)leaked, (unsigned long)commit_total());
    pal_halt((uint64_t)proc_init_status());
}

static void list_processes(void)
{
    for (int i = 0; i < NPROC; i++)
        if (procs[i])
            kprintf("vlmos:   pid %d (%s) state %d chan %p\n", procs[i]->pid,
                    procs[i]->name, procs[i]->state, procs[i]->chan);
}

/* Nothing is runnable: wait for the next timer, console input, or give up. */
static void wait_for_event(void)
{
    uint64_t deadline = sched_next_deadline();

    if (deadline) {
        uint64_t now = pal_rpcc();
        uint64_t skip = deadline > now ? (deadline - now + boot.quantum - 1) / boot.quantum : 1;
        pal_swpipl(0);                       /* take the pending tick, if any */
        pal_wtint(MAX(skip, 1));
        pal_swpipl(IPL_MAX);
    } else if (console_has_readers() && !console_at_eof()) {
        pal_waitc();
    } else {
        kprintf("vlmos: deadlock: every process is blocked and nothing can wake one\n");
        list_processes();
        pal_halt(PANIC_STATUS);
    }
}

static _Noreturn void idle_loop(void)
{
    for (;;) {
        console_poll();
        sched_wake_timers(pal_rpcc());
        proc_reap_detached();
        if (sched_has_runnable()) {
            sched_switch();
            continue;
        }
        if (proc_init_status() >= 0 && proc_count() == 0)
            shutdown();
        if (frames_zeroing_due() && frames_zero_some(512))
            continue;                        /* background zeroing, then look again */
        wait_for_event();
    }
}

/* `--args crashtest`: a kernel bug on purpose, a store through a bad
 * pointer (entMM from kernel mode, then panic), for the crash-report test. */
static int *volatile crashtest_ptr = (int *)0x10;
static __attribute__((noinline)) void crashtest(void)
{
    *crashtest_ptr = 1;
}

void kmain(const uint8_t *hwrpb)
{
    pal_swpipl(IPL_MAX);
    read_hwrpb(hwrpb);
    trap_init();
    kdrivers_boot_reserve();                 /* contiguous tables (the VLM PAT): before frames_init */
    frames_init();
    kview_publish();                         /* for the live view (docs/display.md) */
    vm_commit_init();
    file_init();
    kdrivers_init();                         /* their devices (/dev/vlm) */
    if (initrd_init() < 0)
        pal_halt(PANIC_STATUS);
    idle_init();
    if (strstr(boot.args, "crashtest"))
        crashtest();
    if (strstr(boot.args, "verbose"))
        kprintf("VLM/OS: %lu MiB RAM, %lu frames free, per-process limit %lu MiB, %s clock\n",
                (unsigned long)(boot.ram_size >> 20), (unsigned long)frames_available(),
                (unsigned long)(boot.proc_limit >> 20), boot.clock_mode ? "host" : "icount");
    start_init();
    idle_loop();
}
