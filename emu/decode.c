/*
 * decode.c — RISC-V memory-instruction decoder (RV64GC, the unprivileged
 * ISA manual's "Load and Store Instructions" and the RVC chapter).
 */
#include "emu/decode.h"

static int64_t sext(uint64_t v, unsigned bits)
{
    return (int64_t)(v << (64 - bits)) >> (64 - bits);
}

static uint32_t bits(uint32_t v, unsigned hi, unsigned lo)
{
    return (v >> lo) & ((1u << (hi - lo + 1)) - 1);
}

static bool decode32(uint32_t i, struct mem_operand *op)
{
    unsigned opc = bits(i, 6, 0);

    op->base = bits(i, 19, 15);
    switch (opc) {
    case 0x03: case 0x07:                               /* LOAD, LOAD-FP */
        op->offset = sext(bits(i, 31, 20), 12);
        op->reg = bits(i, 11, 7);
        op->store = false;
        return true;
    case 0x23: case 0x27:                               /* STORE, STORE-FP */
        op->offset = sext((bits(i, 31, 25) << 5) | bits(i, 11, 7), 12);
        op->reg = bits(i, 24, 20);
        op->store = true;
        return true;
    case 0x2F:                                          /* AMO, LR, SC */
        op->offset = 0;
        op->reg = bits(i, 11, 7);
        op->store = bits(i, 31, 27) != 0x02;            /* LR only reads */
        return true;
    default:
        return false;
    }
}

/* RVC quadrant 0: C.FLD C.LW C.LD / C.FSD C.SW C.SD, registers x8..x15. */
static bool decode_q0(uint16_t c, struct mem_operand *op)
{
    unsigned f3 = bits(c, 15, 13);
    uint32_t dw = (bits(c, 12, 10) << 3) | (bits(c, 6, 5) << 6);          /* ld/sd/fld/fsd */
    uint32_t w = (bits(c, 12, 10) << 3) | (bits(c, 6, 6) << 2) | (bits(c, 5, 5) << 6);

    op->base = 8 + bits(c, 9, 7);
    op->reg = 8 + bits(c, 4, 2);
    switch (f3) {
    case 1: case 3: op->offset = dw; op->store = false; return true;
    case 2:         op->offset = w;  op->store = false; return true;
    case 5: case 7: op->offset = dw; op->store = true;  return true;
    case 6:         op->offset = w;  op->store = true;  return true;
    default:        return false;
    }
}

/* RVC quadrant 2: stack-pointer relative loads and stores. */
static bool decode_q2(uint16_t c, struct mem_operand *op)
{
    unsigned f3 = bits(c, 15, 13);

    op->base = 2;
    switch (f3) {
    case 1: case 3:                                     /* C.FLDSP C.LDSP */
        op->offset = (bits(c, 12, 12) << 5) | (bits(c, 6, 5) << 3) | (bits(c, 4, 2) << 6);
        op->reg = bits(c, 11, 7);
        op->store = false;
        return f3 == 1 || op->reg != 0;
    case 2:                                             /* C.LWSP */
        op->offset = (bits(c, 12, 12) << 5) | (bits(c, 6, 4) << 2) | (bits(c, 3, 2) << 6);
        op->reg = bits(c, 11, 7);
        op->store = false;
        return op->reg != 0;
    case 5: case 7:                                     /* C.FSDSP C.SDSP */
        op->offset = (bits(c, 12, 10) << 3) | (bits(c, 9, 7) << 6);
        op->reg = bits(c, 6, 2);
        op->store = true;
        return true;
    case 6:                                             /* C.SWSP */
        op->offset = (bits(c, 12, 9) << 2) | (bits(c, 8, 7) << 6);
        op->reg = bits(c, 6, 2);
        op->store = true;
        return true;
    default:
        return false;
    }
}

bool decode_mem(uint32_t insn, struct mem_operand *op)
{
    uint16_t c = (uint16_t)insn;

    switch (c & 3) {
    case 3:  return decode32(insn, op);
    case 0:  return decode_q0(c, op);
    case 2:  return decode_q2(c, op);
    default: return false;                              /* quadrant 1: no memory ops */
    }
}
