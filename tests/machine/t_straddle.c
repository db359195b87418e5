/*
 * t_straddle — a 4-byte instruction that straddles a page boundary runs with
 * the smallest ITB the CLI accepts (--itb 2): its two halves need two ITB
 * entries at once.  (With one entry each half's fill evicted the other, and
 * the CPU never got past it; the CLI now refuses --itb 1.)
 */
#include "baremetal/mlib.h"

#define VA 0x40000000UL

int main(void)
{
    uint64_t l1 = new_space(4, 0);
    uint64_t a = frame_alloc(), b = frame_alloc();
    uint8_t *pa = pa_ptr(a), *pb = pa_ptr(b);

    pt_map(l1, VA, a, PTE_KRE);
    pt_map(l1, VA + PAGE_SIZE, b, PTE_KRE);
    /* VA+8184: addi a0,a0,1; VA+8188: c.nop; VA+8190: addi a0,a0,1 (bytes
     * 8190..8193: straddles); VA+8194: c.ret. */
    const uint32_t addi = 0x00150513;
    const uint16_t c_nop = 0x0001, c_ret = 0x8082;
    __builtin_memcpy(pa + 8184, &addi, 4);
    __builtin_memcpy(pa + 8188, &c_nop, 2);
    __builtin_memcpy(pa + 8190, &addi, 2);
    __builtin_memcpy(pb, (const uint8_t *)&addi + 2, 2);
    __builtin_memcpy(pb + 2, &c_ret, 2);
    pal(PAL_IMB, 0, 0);
    uint64_t r;
    __asm__ volatile("li a0, 40\njalr ra, 0(%1)\nmv %0, a0" : "=r"(r) : "r"(VA + 8184)
                     : "ra", "a0", "memory");
    mprintf("t_straddle: a0 = %lu\n", r);
    CHECK(r == 42);
    test_end("t_straddle");
}
