/*
 * test_decode — the memory-instruction decoder that recovers entMM's exact
 * VA: 32-bit loads/stores (integer and FP), AMOs, and every compressed form.
 * Encodings come from the RISC-V assembler (riscv64-unknown-elf-as).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "emu/decode.h"

struct c { uint32_t insn; const char *text; bool mem; unsigned base; int64_t off; unsigned reg; bool st; };

static const struct c cases[] = {
    { 0x0105b503, "ld a0,16(a1)",       true, 11, 16, 10, false },
    { 0xff85a503, "lw a0,-8(a1)",       true, 11, -8, 10, false },
    { 0x7ff64283, "lbu t0,2047(a2)",    true, 12, 2047, 5, false },
    { 0x80b53023, "sd a1,-2048(a0)",    true, 10, -2048, 11, true },
    { 0x00a12423, "sw a0,8(sp)",        true, 2, 8, 10, true },
    { 0x0185b087, "fld ft1,24(a1)",     true, 11, 24, 1, false },
    { 0x00153427, "fsd ft1,8(a0)",      true, 10, 8, 1, true },
    { 0x00b5302f, "amoadd.d zero,a1,(a0)", true, 10, 0, 0, true },
    { 0x1005b52f, "lr.d a0,(a1)",       true, 11, 0, 10, false },
    { 0x6588,     "c.ld a0,8(a1)",      true, 11, 8, 10, false },
    { 0x41c8,     "c.lw a0,4(a1)",      true, 11, 4, 10, false },
    { 0xfd6c,     "c.sd a1,248(a0)",    true, 10, 248, 11, true },
    { 0xc14c,     "c.sw a1,4(a0)",      true, 10, 4, 11, true },
    { 0x2588,     "c.fld fa0,8(a1)",    true, 11, 8, 10, false },
    { 0xa50c,     "c.fsd fa1,8(a0)",    true, 10, 8, 11, true },
    { 0x6522,     "c.ldsp a0,8(sp)",    true, 2, 8, 10, false },
    { 0x4532,     "c.lwsp a0,12(sp)",   true, 2, 12, 10, false },
    { 0xe42a,     "c.sdsp a0,8(sp)",    true, 2, 8, 10, true },
    { 0xc62a,     "c.swsp a0,12(sp)",   true, 2, 12, 10, true },
    { 0x2522,     "c.fldsp fa0,8(sp)",  true, 2, 8, 10, false },
    { 0xa42a,     "c.fsdsp fa0,8(sp)",  true, 2, 8, 10, true },
    { 0x00b50533, "add a0,a0,a1",       false, 0, 0, 0, false },
    { 0x00000073, "ecall",              false, 0, 0, 0, false },
    { 0x4505,     "c.li a0,1",          false, 0, 0, 0, false },
    { 0x8082,     "c.ret",              false, 0, 0, 0, false },
};

static void test_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct mem_operand op = { 0 };
        bool got = decode_mem(cases[i].insn, &op);
        if (got != cases[i].mem)
            fail_msg("%s: decode_mem returned %d", cases[i].text, got);
        if (got && (op.base != cases[i].base || op.offset != cases[i].off ||
                    op.reg != cases[i].reg || op.store != cases[i].st))
            fail_msg("%s: base x%u off %ld reg %u store %d", cases[i].text, op.base,
                     (long)op.offset, op.reg, op.store);
    }
}

static void test_length(void **state)
{
    (void)state;
    assert_int_equal(insn_length(0x8082), 2);
    assert_int_equal(insn_length(0x0073), 4);
    assert_int_equal(insn_length(0x0000), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(test_cases), cmocka_unit_test(test_length) };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
