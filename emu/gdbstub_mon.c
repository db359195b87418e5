/*
 * gdbstub_mon.c — `monitor ...` in gdb (qRcmd), as QEMU's monitor but
 * knowing the AXP64 MMU and VLM/OS (docs/debugging.md):
 *   info tlb                      ITB and DTB entries
 *   info pt VA [pid N|asn N|N]    the three-level walk of VA, each PTE decoded
 *   info mem [pid]                mapped user regions and their protections
 *   info frames                   frames by state (VLM/OS's frame database)
 *   stats                         the machine's counters (as --stats)
 * Everything is read with mmu_walk or straight from RAM: no TLB fill, no
 * trace record, no counter changes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "emu/gdbstub_int.h"
#include "axp64/names.h"
#include "guestos/abi/vlmos_view.h"

struct out { char *p; size_t n, o; };

static void say(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct out *o, const char *fmt, ...)
{
    va_list ap;

    if (o->o + 1 >= o->n)
        return;
    va_start(ap, fmt);
    int r = vsnprintf(o->p + o->o, o->n - o->o, fmt, ap);
    va_end(ap);
    if (r > 0)
        o->o = o->o + (size_t)r < o->n ? o->o + (size_t)r : o->n - 1;
}

static void tlb_rows(struct out *o, const struct tlb *t)
{
    char fl[160];

    say(o, "%s (%u entries):\n", t->name, t->n);
    for (unsigned i = 0; i < t->n; i++) {
        const struct tlb_entry *e = &t->e[i];
        if (!e->valid)
            continue;
        pte_flags(e->pte, fl, sizeof(fl));
        say(o, "  %3u  VA %#014lx  VPN %#lx  pages %lu  ASN %u%s  %s\n", i,
            (unsigned long)(e->vpn << PAGE_SHIFT), (unsigned long)e->vpn,
            (unsigned long)e->npages, e->asn, e->pte & PTE_ASM ? " (ASM: every ASN)" : "", fl);
    }
}

/* The space of process pid (or of the process with ASN asn), or the live one. */
static int pick_space(struct gdb *g, const char *kind, long n, struct mmu_space *s)
{
    struct gdb_proc all[128];
    int cnt = gdb_procs(g->m, all, 128);

    *s = g->m->space;
    if (!kind)
        return 0;
    for (int i = 0; i < cnt; i++)
        if ((!strcmp(kind, "pid") && all[i].pid == n) || (!strcmp(kind, "asn") && all[i].asn == n)) {
            s->ptbr = all[i].ptbr;
            s->ptbr_valid = true;
            return 0;
        }
    return -1;
}

/* "[pid N | asn N | N]" after the command's own words. */
static int parse_who(struct gdb *g, char *arg, struct mmu_space *s, struct out *o)
{
    char *kind = arg ? strtok(arg, " ") : NULL, *num = kind ? strtok(NULL, " ") : NULL;

    if (kind && !num) {                         /* a bare number is a pid */
        num = kind;
        kind = "pid";
    }
    if (kind && strcmp(kind, "pid") && strcmp(kind, "asn")) {
        say(o, "expected pid N or asn N, not '%s'\n", kind);
        return -1;
    }
    if (pick_space(g, kind, num ? strtol(num, NULL, 0) : 0, s)) {
        say(o, "no process with %s %s\n", kind, num);
        return -1;
    }
    return 0;
}

static void info_pt(struct gdb *g, char *args, struct out *o)
{
    char *vas = args ? strtok(args, " ") : NULL, *rest = vas ? strtok(NULL, "") : NULL, *end;
    struct mmu_space s;
    struct mmu_walk w;
    char fl[160];

    uint64_t va = vas ? strtoull(vas, &end, 0) : 0;
    if (!vas || *end) {
        say(o, "usage: info pt VA [pid N | asn N | N]\n");
        return;
    }
    if (parse_who(g, rest, &s, o))
        return;
    int mode = (int64_t)va < 0 ? MODE_KERNEL : MODE_USER;     /* the upper half is the kernel's */
    mmu_walk(&s, va, mode, MM_READ, &w);
    say(o, "walk of va %#lx (PTBR PFN %#lx): L1 index %lu, L2 index %lu, L3 index %lu, "
        "offset %#lx\n", (unsigned long)va, (unsigned long)s.ptbr, (unsigned long)L1_INDEX(va),
        (unsigned long)L2_INDEX(va), (unsigned long)L3_INDEX(va), (unsigned long)(va & PAGE_MASK));
    if (w.superpage)
        say(o, "  superpage %s -> PA %#lx\n", w.superpage == SP_KSEG32 ? "KSEG32" : "KSEG43",
            (unsigned long)w.pa);
    for (int l = 0; l < w.levels; l++) {
        pte_flags(w.pte[l], fl, sizeof(fl));
        say(o, "  L%d: PTE at PA %#lx = %#018lx  %s\n", l + 1, (unsigned long)w.pte_pa[l],
            (unsigned long)w.pte[l], fl);
    }
    if (w.fault == MMR_OK)
        say(o, "  -> PA %#lx\n", (unsigned long)w.pa);
    else
        say(o, "  -> no translation for a %s read (%s)\n", mode == MODE_USER ? "user" : "kernel",
            mm_result_name(w.fault));
}

/* ---- info mem: runs of valid user pages with the same rights ---- */

struct run { uint64_t start, end, prot; };

static void run_flush(struct out *o, struct run *r)
{
    uint64_t p = r->prot;

    if (r->end > r->start)
        say(o, "  %#014lx-%#014lx  %8lu KiB  user %c%c%c  kernel %c%c\n",
            (unsigned long)r->start, (unsigned long)r->end, (unsigned long)((r->end - r->start) >> 10),
            p & PTE_URE ? 'r' : '-', p & PTE_UWE && !(p & PTE_FOW) ? 'w' : '-',
            p & PTE_URE && !(p & PTE_FOE) ? 'x' : '-', p & PTE_KRE ? 'r' : '-',
            p & PTE_KWE ? 'w' : '-');
    r->start = r->end = 0;
}

static void run_add(struct out *o, struct run *r, uint64_t va, pte_t pte)
{
    uint64_t prot = pte & (PTE_KRE | PTE_URE | PTE_KWE | PTE_UWE | PTE_FOR | PTE_FOW | PTE_FOE);

    if (r->end != va || r->prot != prot || r->end == r->start) {
        run_flush(o, r);
        r->start = va;
        r->prot = prot;
    }
    r->end = va + PAGE_SIZE;
}

/* The table a valid non-leaf PTE points at, or NULL (outside RAM). */
static const pte_t *table(struct machine *m, pte_t e)
{
    if (!(e & PTE_V))
        return NULL;
    return machine_pa(m, PTE_PFN(e) << PAGE_SHIFT, PAGE_SIZE);
}

static void info_mem(struct gdb *g, char *args, struct out *o)
{
    struct machine *m = g->m;
    struct mmu_space s;
    struct run r = { 0, 0, 0 };

    if (parse_who(g, args, &s, o))
        return;
    const pte_t *l1 = s.ptbr_valid ? machine_pa(m, s.ptbr << PAGE_SHIFT, PAGE_SIZE) : NULL;
    say(o, "user space of PTBR PFN %#lx (valid pages):\n", (unsigned long)s.ptbr);
    for (uint64_t i = 0; l1 && i < PT_ENTRIES / 2; i++) {      /* the lower half: user VAs */
        const pte_t *l2 = table(m, l1[i]);
        for (uint64_t j = 0; l2 && j < PT_ENTRIES; j++) {
            const pte_t *l3 = table(m, l2[j]);
            for (uint64_t k = 0; l3 && k < PT_ENTRIES; k++)
                if (l3[k] & PTE_V)
                    run_add(o, &r, i << L1_SHIFT | j << L2_SHIFT | k << L3_SHIFT, l3[k]);
        }
    }
    run_flush(o, &r);
    say(o, "kernel: KSEG32 %#lx-%#lx and KSEG43 %#lx-%#lx (superpages, kernel rw)\n",
        KSEG32_BASE, KSEG32_END, KSEG43_BASE, KSEG43_END);
}

/* ---- info frames: VLM/OS's frame database (HWRPB_FRAMEDB) ---- */

static void info_frames(struct gdb *g, struct out *o)
{
    /* guestos/frames.h enum frame_state (abi/vlmos_view.h VFR_*) */
    static const char *const names[] = { "free", "zeroed", "boot", "kernel", "page table",
                                         "process", "VLM", "copy-on-write" };
    _Static_assert(sizeof(names) / sizeof(names[0]) == VFR_NSTATES, "a name per frame state");
    struct machine *m = g->m;
    struct vview v;
    uint64_t db, count[VFR_NSTATES + 1] = { 0 }, n = m->cfg.ram_size / PAGE_SIZE;

    memcpy(&db, m->ram + HWRPB_PA + HWRPB_FRAMEDB, 8);
    uint64_t rec = gdb_kview(m, &v) == 0 ? v.frame_size : 0;
    const uint8_t *p = db && rec ? machine_pa(m, db, n * rec) : NULL;
    if (!p) {
        say(o, "the kernel has not published its frame database (HWRPB_FRAMEDB)\n");
        return;
    }
    for (uint64_t i = 0; i < n; i++)
        count[p[i * rec] < VFR_NSTATES ? p[i * rec] : VFR_NSTATES]++;
    say(o, "%lu frames of %lu KiB:\n", (unsigned long)n, PAGE_SIZE >> 10);
    for (int i = 0; i <= VFR_NSTATES; i++)
        if (count[i])
            say(o, "  %-10s %10lu  (%lu MiB)\n", i < VFR_NSTATES ? names[i] : "unknown", (unsigned long)count[i],
                (unsigned long)(count[i] * PAGE_SIZE >> 20));
}

static void stats(struct gdb *g, struct out *o)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    if (!f) {
        say(o, "out of memory\n");
        return;
    }
    machine_fprint_stats(g->m, f);
    fclose(f);
    say(o, "%s", buf);
    free(buf);
}

static const char usage[] =
    "monitor commands:\n"
    "  info tlb                     ITB and DTB entries\n"
    "  info pt VA [pid N|asn N|N]   the page-table walk of VA, each PTE decoded\n"
    "  info mem [pid N|asn N|N]     valid user pages, by runs of equal rights\n"
    "  info frames                  frames by state (VLM/OS's frame database)\n"
    "  stats                        the machine's counters (as --stats)\n";

void gdb_monitor(struct gdb *g, const char *cmd, char *buf, size_t n)
{
    struct out o = { buf, n, 0 };
    char line[1024];
    char *w1, *w2, *rest;

    buf[0] = 0;
    snprintf(line, sizeof(line), "%s", cmd);
    w1 = strtok(line, " ");
    w2 = w1 ? strtok(NULL, " ") : NULL;
    rest = w2 ? strtok(NULL, "") : NULL;
    if (w1 && !strcmp(w1, "stats") && !w2)
        stats(g, &o);
    else if (!w1 || strcmp(w1, "info") || !w2)
        say(&o, "%s", usage);
    else if (!strcmp(w2, "tlb") && !rest) {
        tlb_rows(&o, &g->m->itb);
        tlb_rows(&o, &g->m->dtb);
    } else if (!strcmp(w2, "pt"))
        info_pt(g, rest, &o);
    else if (!strcmp(w2, "mem"))
        info_mem(g, rest, &o);
    else if (!strcmp(w2, "frames") && !rest)
        info_frames(g, &o);
    else
        say(&o, "%s", usage);
}
