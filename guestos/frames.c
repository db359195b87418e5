/*
 * frames.c — the frame database (see frames.h).
 */
#include "guestos/frames.h"
#include "guestos/palcall.h"

struct frame *frames_db;          /* frames.h: the inline accessors read both */
uint64_t frames_n;
static uint64_t boot_next;        /* first PA not reserved at boot */
static uint32_t free_head, zero_head;
static uint64_t fresh;            /* frames [fresh, frames_n) were never used: zeroed, unlisted */
static uint64_t nfree, nzero;
static uint64_t count[FR_NSTATES];

void *boot_alloc(uint64_t bytes)
{
    uint64_t pa;

    if (!boot_next)
        boot_next = ROUNDUP(MAX(boot.kernel_end, boot.initrd_pa + boot.initrd_size), PAGE_SIZE);
    if (frames_db)
        panic("boot_alloc: called after frames_init");
    pa = boot_next;
    bytes = ROUNDUP(bytes, PAGE_SIZE);
    if (pa + bytes > boot.ram_size)
        panic("boot_alloc: %lu bytes do not fit in RAM (%lu MiB)",
              (unsigned long)bytes, (unsigned long)(boot.ram_size >> 20));
    boot_next += bytes;
    /* RAM the kernel never wrote reads as zero; the image's own pages do not
     * come here, so the block is already clean. */
    return PA_TO_KVA(pa);
}

void frame_db_beyond(uint64_t pfn)
{
    panic("frame_db: pfn %#lx beyond RAM", (unsigned long)pfn);
}

static void push(uint32_t *head, uint64_t *n, uint64_t pfn, int state)
{
    frames_db[pfn].state = (uint8_t)state;
    frames_db[pfn].next = *head;
    frames_db[pfn].owner = 0;
    *head = (uint32_t)pfn;
    (*n)++;
    count[state]++;
}

static uint64_t pop(uint32_t *head, uint64_t *n)
{
    uint64_t pfn = *head;

    if (!pfn)
        return 0;
    *head = frames_db[pfn].next;
    (*n)--;
    count[frames_db[pfn].state]--;
    frames_db[pfn].next = 0;
    return pfn;
}

void frames_init(void)
{
    uint64_t bytes;

    frames_n = boot.ram_size >> PAGE_SHIFT;
    bytes = frames_n * sizeof(struct frame);
    frames_db = NULL;
    struct frame *table = boot_alloc(bytes);
    uint64_t first_free = boot_next >> PAGE_SHIFT;
    frames_db = table;
    for (uint64_t pfn = 0; pfn < first_free; pfn++) {
        frames_db[pfn].state = FR_BOOT;
        count[FR_BOOT]++;
    }
    /* The rest is zeroed and unlisted: their records read as FR_ZERO (0)
     * without being written, and take_fresh hands them out in ascending
     * order, the runs of contiguous frames that let the VLM driver use
     * granularity hints.  Listing 2M frames of a 16 GiB machine here cost
     * 17M guest instructions, most of a small program's run. */
    fresh = first_free;
    nzero = count[FR_ZERO] = frames_n - first_free;
}

/* A zeroed frame: the zeroed list first (frames zeroed after use), then the
 * lowest never-used frame.  0 when neither has one. */
static uint64_t take_zeroed(void)
{
    uint64_t pfn = pop(&zero_head, &nzero);

    if (pfn || fresh >= frames_n)
        return pfn;
    nzero--;
    count[FR_ZERO]--;
    return fresh++;
}

uint64_t frame_alloc(int state, uint32_t owner)
{
    /* A recently freed frame first: clearing it (an 8 KiB memset in the
     * PAL) is cheaper than the first touch of a never-used frame, which
     * costs the host two page faults. */
    uint64_t pfn = pop(&free_head, &nfree);

    if (pfn) {
        if (pal_zero(pfn << PAGE_SHIFT, PAGE_SIZE) != 0)
            panic("frame_alloc: PAL zero refused pfn %#lx", (unsigned long)pfn);
    } else if (!(pfn = take_zeroed())) {
        return 0;
    }
    frames_db[pfn].state = (uint8_t)state;
    frames_db[pfn].owner = owner;
    frames_db[pfn].aux = 0;
    frames_db[pfn].flags = 0;
    count[state]++;
    return pfn;
}

void frame_free(uint64_t pfn)
{
    struct frame *f = frame_db(pfn);

    if (f->state == FR_FREE || f->state == FR_ZERO || f->state == FR_BOOT)
        panic("frame_free: pfn %#lx is in state %u", (unsigned long)pfn, f->state);
    count[f->state]--;
    f->aux = 0;
    push(&free_head, &nfree, pfn, FR_FREE);
}

void frame_set(uint64_t pfn, int state, uint32_t owner)
{
    struct frame *f = frame_db(pfn);

    if (f->state == FR_FREE || f->state == FR_ZERO || f->state == FR_BOOT)
        panic("frame_set: pfn %#lx is not allocated (state %u)", (unsigned long)pfn, f->state);
    count[f->state]--;
    f->state = (uint8_t)state;
    f->owner = owner;
    count[state]++;
}

/* Zero the run [lo, hi] with one PAL call and move it to the zeroed list. */
static void zero_run(uint64_t lo, uint64_t hi)
{
    pal_zero(lo << PAGE_SHIFT, (hi - lo + 1) << PAGE_SHIFT);
    for (uint64_t pfn = hi + 1; pfn-- > lo; )
        push(&zero_head, &nzero, pfn, FR_ZERO);
}

unsigned frames_zero_some(unsigned max)
{
    unsigned n = 0;
    uint64_t lo = 0, hi = 0;

    /* Frames freed together sit together on the free list, in either order:
     * zero them as runs, so a big release goes back to the host at once. */
    while (n < max && free_head) {
        uint64_t pfn = pop(&free_head, &nfree);
        if (lo && (pfn == hi + 1 || pfn + 1 == lo)) {
            lo = MIN(lo, pfn);
            hi = MAX(hi, pfn);
        } else {
            if (lo)
                zero_run(lo, hi);
            lo = hi = pfn;
        }
        n++;
    }
    if (lo)
        zero_run(lo, hi);
    return n;
}

bool frames_zeroing_due(void)
{
    return nfree > MAX(2048, frames_n / 16);
}

uint64_t frames_total(void)      { return frames_n; }
uint64_t frames_available(void)  { return nfree + nzero; }
uint64_t frames_zeroed(void)     { return nzero; }
uint64_t frames_in_state(int s)  { return s >= 0 && s < FR_NSTATES ? count[s] : 0; }

const uint64_t *frames_counts(void)
{
    return count;
}

void frames_recount(unsigned long n[FR_NSTATES])
{
    for (int s = 0; s < FR_NSTATES; s++)
        n[s] = 0;
    for (uint64_t pfn = 0; pfn < frames_n; pfn++)
        if (frames_db[pfn].state < FR_NSTATES)   /* a bad state is counted nowhere: the sum shows it */
            n[frames_db[pfn].state]++;
}

unsigned long frames_cow_refs(void)
{
    unsigned long n = 0;

    for (uint64_t pfn = 0; pfn < frames_n; pfn++)
        if (frames_db[pfn].state == FR_COW)
            n += frames_db[pfn].aux;
    return n;
}
