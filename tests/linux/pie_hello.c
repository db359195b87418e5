/* A static-pie (ET_DYN without PT_INTERP) with no C library: it must be
 * loaded with its address 0 at some base and entered at base + e_entry.
 * Built -nostdlib -pie --no-dynamic-linker (Debian's glibc has no rcrt1.o). */
static long sys(long n, long a0, long a1, long a2)
{
    register long r_a0 __asm__("a0") = a0, r_a1 __asm__("a1") = a1, r_a2 __asm__("a2") = a2;
    register long r_a7 __asm__("a7") = n;
    __asm__ volatile("ecall" : "+r"(r_a0) : "r"(r_a1), "r"(r_a2), "r"(r_a7) : "memory");
    return r_a0;
}

static const char msg[] = "static-pie hello\n";

void _start(void)
{
    sys(64, 1, (long)msg, sizeof(msg) - 1);       /* write: msg's address is pc-relative */
    sys(94, 5, 0, 0);                             /* exit_group(5) */
}
