/*
 * test_trace — the trace format: a record packs into 40 bytes and back
 * (canonical addresses keep their sign), the writer's file reads back event
 * by event, seeking by icount uses the index, and damaged files are refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "axp64/axp64.h"
#include "axp64/names.h"
#include "guestos/abi/vlmos_pte.h"
#include "trace/text.h"
#include "trace/trace.h"
#include "trace/vlmos_info.h"

/* Past 2^48: after a 40-day virtual sleep (format version 1 lost these bits). */
#define LONG_RUN 345600000000000ULL

static struct trace_rec sample(uint64_t i)
{
    struct trace_rec r;
    memset(&r, 0, sizeof(r));                   /* padding included: compared with memcmp */
    r.icount = LONG_RUN + 7 * i;
    r.pc = i & 1 ? 0xFFFFFFFF80104a2cULL : 0x10234 + i;
    r.va = i & 2 ? 0xFFFFFC0000123000ULL : 0x10000000000ULL + i * 8192;
    r.pte = 0x000001b300053309ULL ^ i;
    r.insn = 0x00b53023;
    r.aux = (uint32_t)i;
    r.type = (uint8_t)(1 + i % (TR_NTYPES - 1));
    r.mode = i & 1;
    r.level = (uint8_t)(i % 4);
    r.asn = (uint8_t)i;
    r.code = (uint8_t)(i % 5);
    return r;
}

static void test_pack(void **state)
{
    uint8_t b[TRACE_REC_SIZE + 8];
    (void)state;
    for (uint64_t i = 0; i < 64; i++) {
        struct trace_rec in = sample(i), out;
        memset(b, 0xA5, sizeof(b));
        trace_pack(&in, b);
        trace_unpack(b, &out);
        assert_memory_equal(&in, &out, sizeof(in));     /* every field, signs included */
        for (size_t k = TRACE_REC_SIZE; k < sizeof(b); k++)
            assert_int_equal(b[k], 0xA5);               /* a record is 40 bytes on disk, no more */
    }
}

static void test_write_read_seek(void **state)
{
    char path[] = "/tmp/test_traceXXXXXX";
    int fd = mkstemp(path);
    struct trace_header hd = { .ram_size = 64 << 20, .exit_status = 3 };
    struct trace_file tf;
    struct trace_rec r;
    const uint64_t n = 3 * TRACE_BLOCK + 17;
    (void)state;
    close(fd);
    struct tracer *t = trace_open(path);
    assert_non_null(t);
    for (uint64_t i = 0; i < n; i++) {
        r = sample(i);
        trace_emit(t, &r);
    }
    assert_int_equal(trace_close(t, &hd), 0);
    assert_int_equal(trace_file_open(&tf, path), 0);
    assert_int_equal(tf.hd.records, n);
    assert_int_equal(tf.hd.record_size, 40);            /* the file format's, read back */
    assert_int_equal(tf.hd.exit_status, 3);
    assert_int_equal(tf.nindex, 4);
    assert_int_equal(tf.index[1], sample(TRACE_BLOCK).icount);
    for (uint64_t i = n; i-- > 0; i -= i > 500 ? 499 : 0) {      /* seek anywhere, backwards */
        struct trace_rec want = sample(i);
        assert_int_equal(trace_read(&tf, i, &r), 0);
        assert_memory_equal(&r, &want, sizeof(r));
    }
    assert_int_equal(trace_find_icount(&tf, sample(2 * TRACE_BLOCK + 5).icount), 2 * TRACE_BLOCK + 5);
    assert_int_equal(trace_find_icount(&tf, sample(10).icount + 1), 11);   /* first at or after */
    assert_int_equal(trace_find_icount(&tf, ~0ULL), n);
    FILE *saved = stderr;
    stderr = fopen("/dev/null", "w");
    assert_int_equal(trace_read(&tf, n, &r), -1);
    trace_file_close(&tf);
    /* Damage: cut the file, then claim more events than it holds. */
    assert_int_equal(truncate(path, 512 + 40 * 100), 0);
    assert_int_equal(trace_file_open(&tf, path), -1);
    fclose(stderr);
    stderr = saved;
    unlink(path);
}

static void test_names_and_text(void **state)
{
    char line[256];
    struct trace_rec r = { .icount = 42, .pc = 0x10234, .va = 0x7fffd000, .type = TR_FAULT,
                           .mode = 1, .asn = 3, .code = 0, .aux = 1 };
    (void)state;
    assert_string_equal(trace_type_name(TR_TLB_MISS), "TLB_MISS");
    assert_int_equal(trace_type_parse("fault"), TR_FAULT);
    assert_int_equal(trace_type_parse("nope"), 0);
    assert_null(trace_type_name(0));
    trace_format(&r, 7, line, sizeof(line));
    assert_string_equal(line, "#7 icount=42 pc=0x10234 U asn=3 FAULT va=0x7fffd000 TNV store");
    assert_string_equal(axp_pal_name(0x30), "swpctx");
    assert_null(axp_pal_name(0x77));
    assert_string_equal(axp_cause_name(-1), "fetch");
}

/* The architecture's one name table (axp64/names.c): every code named by its
 * axp64.h value, values outside the architecture "?", and a PTE in words. */
static void test_arch_names(void **state)
{
    char b[160];
    (void)state;
    assert_string_equal(axp_entry_name(ENT_INT), "entInt");
    assert_string_equal(axp_entry_name(ENT_SYS), "entSys");
    assert_string_equal(axp_entry_name(ENT_COUNT), "?");
    assert_string_equal(axp_entry_name(-1), "?");
    assert_string_equal(axp_mmcsr_name(MM_FOW), "FOW");
    assert_string_equal(axp_mmcsr_name(5), "?");
    assert_string_equal(axp_if_name(IF_OPCDEC), "opcdec (illegal instruction)");
    assert_string_equal(axp_pal_name(PAL_BUGCHK), "bugchk");
    assert_string_equal(axp_tbi_name(TBI_IA), "tbia");
    assert_string_equal(axp_tbi_name(TBI_IAP), "tbiap");
    assert_string_equal(axp_tbi_name(TBI_SI), "tbisi");
    assert_string_equal(axp_tbi_name(TBI_S), "tbis");
    assert_string_equal(axp_tbi_name(0), "?");
    assert_string_equal(axp_tbi_name(TBI_IA - 1), "?");
    assert_string_equal(axp_tbi_name(TBI_S + 1), "?");
    pte_flags(PTE_V | PTE_KRE | PTE_UWE | PTE_COMMIT | (2UL << PTE_GH_SHIFT) | PFN_TO_PTE(0x12),
              b, sizeof(b));
    assert_string_equal(b, "V KRE UWE SW:commit GH=2 PFN=0x12");
    pte_flags(0, b, 8);                                 /* truncated, still a string */
    assert_string_equal(b, "-V GH=0");
}

/* System calls by name, their arguments and results decoded, errors named. */
static void test_syscall_names(void **state)
{
    char line[256];
    struct trace_rec call = { .type = TR_SYSCALL, .mode = 1, .aux = 29, .va = 3, .pte = 0x564C0001 };
    struct trace_rec ret = { .type = TR_SYSRET, .aux = 1002, .pte = (uint64_t)-12 };
    (void)state;
    trace_format(&call, 1, line, sizeof(line));
    assert_string_equal(line, "#1 icount=0 pc=0 U asn=0 SYSCALL nr=29 ioctl(fd=3, cmd=VLM_ALLOC)");
    trace_format(&ret, 2, line, sizeof(line));
    assert_string_equal(line, "#2 icount=0 pc=0 K asn=0 SYSRET nr=1002 valloc -ENOMEM result=-12");
    ret.pte = 0x3f7fc000;
    trace_format(&ret, 2, line, sizeof(line));
    assert_string_equal(line, "#2 icount=0 pc=0 K asn=0 SYSRET nr=1002 valloc result=0x3f7fc000");
    ret.aux = 4242;
    ret.pte = (uint64_t)-38;
    trace_format(&ret, 2, line, sizeof(line));
    assert_string_equal(line, "#2 icount=0 pc=0 K asn=0 SYSRET nr=4242 syscall_4242 -ENOSYS result=-38");
    trace_format_at(&ret, 2, "ent_sys+0xe (guestos/entry.S:25)", line, sizeof(line));
    assert_string_equal(line, "#2 icount=0 pc=0 <ent_sys+0xe (guestos/entry.S:25)> K asn=0 SYSRET nr=4242 "
                              "syscall_4242 -ENOSYS result=-38");
}

/* The normalised form drops what moves with the code: icount, PC, PAs, PFNs. */
static void test_normalised(void **state)
{
    char a[256], b[256];
    struct trace_rec pte = { .icount = 5, .pc = 0x10000, .type = TR_PTE, .level = 3, .va = 0x1ea000,
                             .pte = 0x000001ea00001111ULL | (1 << 16) };
    struct trace_rec moved = pte;
    (void)state;
    moved.icount = 9, moved.pc = 0x10040, moved.va = 0x2ea000, moved.pte += 0x0000010000000000ULL;
    trace_format_norm(&pte, a, sizeof(a));
    trace_format_norm(&moved, b, sizeof(b));
    assert_string_equal(a, "K asn=0 PTE L3 V KRE KWE ASM SW:commit GH=0");
    assert_string_equal(a, b);
    moved.pte &= ~1ULL;                                   /* a change of behaviour stays visible */
    trace_format_norm(&moved, b, sizeof(b));
    assert_string_not_equal(a, b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pack), cmocka_unit_test(test_write_read_seek),
        cmocka_unit_test(test_names_and_text), cmocka_unit_test(test_syscall_names),
        cmocka_unit_test(test_normalised), cmocka_unit_test(test_arch_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
