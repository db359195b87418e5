/*
 * krandom.h — the kernel's random generator: AT_RANDOM and getrandom.
 *
 * Deterministic on purpose: a fixed seed (KRANDOM_SEED, or "seed=N" in the
 * boot arguments) feeds a splitmix64 stream, so two runs under --clock
 * icount see the same bytes and stay byte-identical.  Not for secrets.
 */
#ifndef GUESTOS_KRANDOM_H
#define GUESTOS_KRANDOM_H

#include "guestos/kernel.h"

#define KRANDOM_SEED 0x564C4D2F4F533230UL   /* "VLM/OS20" */

/* Fill buf with n bytes of the stream (seeded on first use).  Can't fail. */
void krandom_fill(void *buf, size_t n);

#endif /* GUESTOS_KRANDOM_H */
