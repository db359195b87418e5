/*
 * trace.h — the AXP64 trace file (DESIGN.md section 9, docs/trace.md).
 *
 *   [header, 512 bytes][record 0][record 1]...[record n-1][block index]
 *
 * Records are fixed-size (TRACE_REC_SIZE = 40 bytes), so event i is at
 * header_size + i * 40: seeking to an event number is O(1).  The block
 * index (one icount per TRACE_BLOCK records) finds the event at an icount
 * with a binary search over blocks.  The header is written last: a file
 * whose header does not say "complete" is refused (a run that died).
 * All integers are little-endian.
 *
 * Writer: the emulator (trace_open / trace_emit / trace_close).  Reader:
 * the `alphavlm trace` tools (trace_file_open / trace_read, below).
 */
#ifndef TRACE_H
#define TRACE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define TRACE_MAGIC      "AXPTRACE"
/* Version 2: the full 64-bit icount in every event (version 1 kept 48 bits,
 * and lost the top of the count on long runs). */
#define TRACE_VERSION    2
#define TRACE_HDR_SIZE   512
#define TRACE_REC_SIZE   40
#define TRACE_BLOCK      4096            /* records per index entry */
#define TRACE_ARGV_MAX   192

/* Event types (record byte `type`). */
enum trace_type {
    TR_TLB_MISS = 1,   /* va; code = access (0 read, 1 write, 2 exec); aux = 0 ITB, 1 DTB */
    TR_PTE,            /* va = PA of the PTE read; pte = its value; level = 1..3 */
    TR_FILL,           /* va; pte = the victim's VA (0: the slot was empty); aux = slot |
                          TRACE_FILL_VICTIM; code = 0 ITB, 1 DTB (the leaf PTE is the L3 TR_PTE) */
    TR_FAULT,          /* va (exact); code = MMCSR; aux = cause (-1 fetch, 0 load, 1 store) */
    TR_TBI,            /* va; code = selector (TBI_* + 2, so -2..3 -> 0..5); aux = entries dropped */
    TR_SWPCTX,         /* va = new PCB PA; pte = old PCB PA; aux = new PTBR; asn = new ASN */
    TR_EXC,            /* code = entry (ENT_*); va = a0; pte = a1; aux = a2 */
    TR_RTI,            /* va = PC returned to; code = 1 if retsys; mode = the mode returned to */
    TR_SYSCALL,        /* aux = number (a7); va = a0; pte = a1 */
    TR_SYSRET,         /* aux = number; pte = result (a0) */
    TR_PROC_CREATE,    /* aux = pid; va = parent pid; pte = PCB PA */
    TR_PROC_NAME,      /* the name of the process just created: 16 bytes in pte, insn, aux */
    TR_PROC_EXIT,      /* aux = pid; va = wait status */
    TR_VLM,            /* VLM driver step: aux = figure * 10000 + step; va = consumer pid; pte = argument */
    TR_HALT,           /* aux = status */
    TR_PAGEIN,         /* the kernel resolved a fault: va; pte = the frame's PA; code = 0 demand-zero, 1 stack growth, 2 copy-on-write, 3 copy-on-write keeping the last reference */
    TR_NTYPES
};

#define TRACE_FILL_VICTIM 0x80000000u    /* TR_FILL aux: the slot held a valid entry */

/* The kernel's PAL_TRACE kinds (a0) are axp64/axp64.h's TRACE_OS_*; the recorder
 * maps them to TR_PROC_CREATE (+ TR_PROC_NAME), TR_PROC_EXIT, TR_VLM, TR_PAGEIN. */

/* A decoded record (the file stores it packed, trace_pack/trace_unpack). */
struct trace_rec {
    uint64_t icount;   /* all 64 bits in the file */
    uint64_t pc;       /* canonical 43-bit VA, 48 bits in the file (sign-extended back) */
    uint64_t va;       /* likewise */
    uint64_t pte;      /* 64 bits: PTE, PA or value */
    uint32_t insn;     /* the instruction at pc (0 if it could not be read) */
    uint32_t aux;
    uint8_t  type;
    uint8_t  mode;     /* 0 kernel, 1 user */
    uint8_t  level;    /* TR_PTE: 1..3 */
    uint8_t  asn;
    uint8_t  code;
};

struct trace_header {
    char     magic[8];
    uint32_t version, header_size, record_size, complete;
    uint64_t records;          /* events */
    uint64_t index_offset;     /* file offset of the block index */
    uint64_t ram_size, proc_limit, quantum;
    uint32_t clock_mode, tlb_policy, itb_size, dtb_size;
    uint64_t kernel_id;        /* elf_code_id (image/elfimg.h) of the kernel */
    uint64_t initrd_id;        /* fnv64 (image/fnv.h) of the initrd as loaded (0: none) */
    uint64_t final_icount;
    uint64_t itb_lookups, itb_hits, dtb_lookups, dtb_hits;   /* model TLB counters at the end */
    int32_t  exit_status;
    uint32_t pad;
    char     argv[TRACE_ARGV_MAX]; /* the first program's argv, spaces between words */
};

/* Pack/unpack one record (40 bytes).  Unpacking clears *r first, padding
 * included, so two records can be compared with memcmp.  Can't fail. */
void trace_pack(const struct trace_rec *r, uint8_t out[TRACE_REC_SIZE]);
void trace_unpack(const uint8_t in[TRACE_REC_SIZE], struct trace_rec *r);

/* ---- the writer (the emulator) --------------------------------------------- */

struct tracer;

/* Create `path` (truncating it).  Returns the tracer, or NULL with a
 * one-line message.  The header is finished by trace_close. */
struct tracer *trace_open(const char *path);

/* Append one record.  Write errors are remembered and reported by
 * trace_close (the run goes on).  Can't fail. */
void trace_emit(struct tracer *t, const struct trace_rec *r);

/* Write the index and the finished header (hd's fields, plus the counts the
 * tracer knows), close the file.  0, or -1 with a one-line message. */
int trace_close(struct tracer *t, struct trace_header *hd);

/* ---- the reader (the tools) ------------------------------------------------ */

struct trace_file {
    FILE *f;
    const char *path;
    struct trace_header hd;
    uint64_t *index;           /* hd.records / TRACE_BLOCK + 1 icounts */
    uint64_t nindex;
};

/* Open and validate: magic, version, sizes, "complete", the record area and
 * the index inside the file.  0, or -1 with a one-line message naming the
 * file and the problem (truncated, corrupted, wrong version, ...). */
int trace_file_open(struct trace_file *tf, const char *path);
void trace_file_close(struct trace_file *tf);

/* Record i (0-based, < hd.records): one seek and one read.  0 or -1 (message). */
int trace_read(struct trace_file *tf, uint64_t i, struct trace_rec *r);

/* The first event at or after icount (hd.records if none): index + search. */
uint64_t trace_find_icount(struct trace_file *tf, uint64_t icount);

/* The process name a TR_PROC_NAME record carries (16 bytes in pte, insn,
 * aux), NUL-terminated in out.  Can't fail. */
void trace_proc_name(const struct trace_rec *r, char out[17]);

/* Names: "TLB_MISS", ...; NULL for an unknown type.  trace_type_parse
 * returns the type, or 0. */
const char *trace_type_name(unsigned type);
unsigned trace_type_parse(const char *name);

/* A comma-separated list of type names as a mask (bit 1 << type).  0, or
 * -1 if a name is unknown (*mask is then incomplete). */
int trace_types_parse(const char *list, uint32_t *mask);

#endif /* TRACE_H */
