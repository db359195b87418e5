/*
 * decode.h — just enough RISC-V decoding for the PAL layer.
 *
 * Unicorn's fill hook sees only the page, but entMM's a0 must be the exact
 * faulting VA (as on Alpha), so the run loop decodes the memory instruction
 * at the faulting PC and adds its offset to the base register.
 */
#ifndef DECODE_H
#define DECODE_H

#include <stdbool.h>
#include <stdint.h>

/* Length in bytes (2 or 4) of the instruction whose first parcel is `lo16`. */
static inline unsigned insn_length(uint16_t lo16)
{
    return (lo16 & 3) == 3 ? 4 : 2;
}

struct mem_operand {
    unsigned base;     /* register number of the base (x0..x31) */
    int64_t  offset;   /* signed displacement added to it */
    unsigned reg;      /* the data register (rd of a load, rs2 of a store) */
    bool     store;    /* store or AMO (writes memory) */
};

/*
 * decode_mem — if `insn` (4 bytes read at the PC; for a 2-byte instruction
 * only the low half matters) is a load, store, FP load/store, LR/SC or AMO,
 * fill *op and return true.  Returns false for anything else.  Can't fail.
 */
bool decode_mem(uint32_t insn, struct mem_operand *op);

#endif /* DECODE_H */
