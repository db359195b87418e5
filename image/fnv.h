/*
 * fnv.h — FNV-1a 64: the build ids of traced images (elf_code_id, the
 * initrd's id in the trace header) and the trace tools' record hashes.
 * One definition, so that the emulator and the tools agree on an id.
 */
#ifndef FNV_H
#define FNV_H

#include <stddef.h>
#include <stdint.h>

#define FNV64_INIT 0xcbf29ce484222325ULL

/* FNV-1a 64 of p[0..n), continuing from h (start with FNV64_INIT).  Can't fail. */
static inline uint64_t fnv64(uint64_t h, const void *p, size_t n)
{
    const uint8_t *b = p;

    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

#endif /* FNV_H */
