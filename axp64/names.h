/*
 * names.h — the AXP64 architecture's codes as words, for host code only: one
 * table per code, shared by the PAL layer's messages (emu/pal.c), the crash
 * reporter (emu/crash.c), the gdb stub's monitor and the trace tools, so that
 * a name changes in one place.  The codes themselves are axp64/axp64.h's.
 *
 * Every function here is pure and can't fail: a value outside the
 * architecture gets "?" (axp_pal_name: NULL, so a caller can tell an unknown
 * CALL_PAL from a known one).
 */
#ifndef AXP64_NAMES_H
#define AXP64_NAMES_H

#include <stddef.h>
#include <stdint.h>

const char *axp_entry_name(int ent);         /* ENT_*: "entInt", ..., "entSys" */
const char *axp_mmcsr_name(unsigned code);   /* MM_*: "TNV", "ACV", "FOR", "FOE", "FOW" */
const char *axp_cause_name(int cause);       /* MM_CAUSE_*: "fetch", "load", "store" */
const char *axp_if_name(unsigned code);      /* IF_*: "bpt (breakpoint)", ... */
const char *axp_pal_name(unsigned fn);       /* PAL_*: "swpctx", ...; NULL if unknown */
const char *axp_tbi_name(int type);          /* TBI_*: "tbia", "tbiap", "tbisi", "tbisd", "tbis" */

/*
 * axp_pte_bits — a PTE's flag bits, the OS's software bits (VLM/OS's, from
 * guestos/abi/vlmos_pte.h: the only OS this machine boots) and GH as words,
 * without the PFN: "V KRE URE SW:commit GH=0".  Writes at most n bytes
 * (NUL-terminated, truncated); returns what snprintf returns.
 */
int axp_pte_bits(uint64_t pte, char *b, size_t n);

/* The same with the PFN after it ("... GH=0 PFN=0x12"), as the trace
 * stepper's walk and the gdb stub's `monitor info pt` show it. */
void pte_flags(uint64_t pte, char *b, size_t n);

#endif /* AXP64_NAMES_H */
