/*
 * vm.c — a small register bytecode interpreter (bench/real, docs/bench.md).
 * The bytecode counts the primes below N by trial division and sums their
 * squares mod 2^64; the check is the same computation written in C.
 * usage: vm [N]   prints "vm checksum=HEX ok", exit 0; else exit 1.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define DEFAULT_N 180000

enum op { LI, MOV, ADD, ADDI, MUL, REM, BLT, BGT, BEQZ, BNEZ, JMP, HALT };
struct insn { uint8_t op, a, b, c; int32_t imm; };   /* a = dest; b, c sources */

/* Run code on registers r until HALT; returns the number of instructions run. */
static uint64_t run(const struct insn *code, int64_t *r)
{
    uint64_t steps = 0;
    for (const struct insn *pc = code;; steps++) {
        const struct insn *i = pc++;
        switch (i->op) {
        case LI:   r[i->a] = i->imm; break;
        case MOV:  r[i->a] = r[i->b]; break;
        case ADD:  r[i->a] = r[i->b] + r[i->c]; break;
        case ADDI: r[i->a] = r[i->b] + i->imm; break;
        case MUL:  r[i->a] = (int64_t)((uint64_t)r[i->b] * (uint64_t)r[i->c]); break;
        case REM:  r[i->a] = r[i->c] ? r[i->b] % r[i->c] : 0; break;
        case BLT:  if (r[i->b] < r[i->c]) pc = code + i->imm; break;
        case BGT:  if (r[i->b] > r[i->c]) pc = code + i->imm; break;
        case BEQZ: if (!r[i->b]) pc = code + i->imm; break;
        case BNEZ: if (r[i->b]) pc = code + i->imm; break;
        case JMP:  pc = code + i->imm; break;
        case HALT: return steps;
        }
    }
}

/* r0 = N (in); r1 = i; r2 = j; r3 = j*j; r4 = i%j; r5 = count; r6 = sum; r7 = tmp */
static const struct insn primes[] = {
    /* 0 */ { LI, 1, 0, 0, 2 },
    /* 1 */ { LI, 5, 0, 0, 0 },
    /* 2 */ { LI, 6, 0, 0, 0 },
    /* 3 */ { BLT, 0, 1, 0, 5 },           /* outer: if i < N go on */
    /* 4 */ { HALT, 0, 0, 0, 0 },
    /* 5 */ { LI, 2, 0, 0, 2 },            /* j = 2 */
    /* 6 */ { MUL, 3, 2, 2, 0 },           /* inner: j*j */
    /* 7 */ { BGT, 0, 3, 1, 12 },          /* j*j > i: prime */
    /* 8 */ { REM, 4, 1, 2, 0 },
    /* 9 */ { BEQZ, 0, 4, 0, 15 },         /* divides: not prime */
    /* 10 */ { ADDI, 2, 2, 0, 1 },
    /* 11 */ { JMP, 0, 0, 0, 6 },
    /* 12 */ { ADDI, 5, 5, 0, 1 },         /* prime: count, sum += i*i */
    /* 13 */ { MUL, 7, 1, 1, 0 },
    /* 14 */ { ADD, 6, 6, 7, 0 },
    /* 15 */ { ADDI, 1, 1, 0, 1 },         /* next i */
    /* 16 */ { JMP, 0, 0, 0, 3 },
};

int main(int argc, char **argv)
{
    int64_t n = argc > 1 ? atol(argv[1]) : DEFAULT_N, r[8] = { n };
    uint64_t steps = run(primes, r), count = 0, sum = 0;

    for (int64_t i = 2; i < n; i++) {      /* the same, natively */
        int64_t j = 2;
        while (j * j <= i && i % j)
            j++;
        if (j * j > i)
            count++, sum += (uint64_t)(i * i);
    }
    int good = (uint64_t)r[5] == count && (uint64_t)r[6] == sum;
    printf("vm checksum=%016llx %s\n", (unsigned long long)(sum ^ (count << 40) ^ steps),
           good ? "ok" : "FAILED");
    return !good;
}
