/*
 * names.c — see names.h.  The tables are indexed by the axp64.h codes
 * themselves (designated initializers), so a renumbered code keeps its name.
 */
#include <inttypes.h>
#include <stdio.h>
#include "axp64/axp64.h"
#include "axp64/names.h"
#include "guestos/abi/vlmos_pte.h"

#define NAMED(tab, i) ((size_t)(i) < sizeof(tab) / sizeof(tab[0]) && tab[i] ? tab[i] : "?")

static const char *const entry_names[] = { ENT_NAMES };
_Static_assert(sizeof(entry_names) / sizeof(entry_names[0]) == ENT_COUNT, "a name per entry");
static const char *const mmcsr_names[] = {
    [MM_TNV] = "TNV", [MM_ACV] = "ACV", [MM_FOR] = "FOR", [MM_FOE] = "FOE", [MM_FOW] = "FOW" };
static const char *const if_names[] = {
    [IF_BPT] = "bpt (breakpoint)", [IF_BUGCHK] = "bugchk", [IF_GENTRAP] = "gentrap",
    [IF_FEN] = "fen (FP disabled)", [IF_OPCDEC] = "opcdec (illegal instruction)" };
static const char *const pal_names[] = {
    [PAL_HALT] = "halt", [PAL_CSERVE] = "cserve", [PAL_SWPCTX] = "swpctx", [PAL_WRVAL] = "wrval",
    [PAL_RDVAL] = "rdval", [PAL_TBI] = "tbi", [PAL_WRENT] = "wrent", [PAL_SWPIPL] = "swpipl",
    [PAL_RDPS] = "rdps", [PAL_WRKGP] = "wrkgp", [PAL_WRUSP] = "wrusp", [PAL_RDUSP] = "rdusp",
    [PAL_WHAMI] = "whami", [PAL_RETSYS] = "retsys", [PAL_WTINT] = "wtint", [PAL_RTI] = "rti",
    [PAL_RPCC] = "rpcc", [PAL_ZERO] = "zero", [PAL_TRACE] = "trace", [PAL_IMB] = "imb",
    [PAL_BUGCHK] = "bugchk" };
/* TBI types run from -2 (TBI_IA) to 3 (TBI_S): indexed by type - TBI_IA. */
static const char *const tbi_names[] = {
    [TBI_IA - TBI_IA] = "tbia", [TBI_IAP - TBI_IA] = "tbiap", [TBI_SI - TBI_IA] = "tbisi",
    [TBI_SD - TBI_IA] = "tbisd", [TBI_S - TBI_IA] = "tbis" };

const char *axp_entry_name(int ent)       { return ent < 0 ? "?" : NAMED(entry_names, ent); }
const char *axp_mmcsr_name(unsigned code) { return NAMED(mmcsr_names, code); }
const char *axp_if_name(unsigned code)    { return NAMED(if_names, code); }
const char *axp_tbi_name(int type)        { return type < TBI_IA ? "?" : NAMED(tbi_names, type - TBI_IA); }

const char *axp_cause_name(int cause)
{
    return cause == MM_CAUSE_FETCH ? "fetch" : cause == MM_CAUSE_LOAD ? "load"
         : cause == MM_CAUSE_STORE ? "store" : "?";
}

const char *axp_pal_name(unsigned fn)
{
    return fn < sizeof(pal_names) / sizeof(pal_names[0]) ? pal_names[fn] : NULL;
}

int axp_pte_bits(uint64_t pte, char *b, size_t n)
{
    return snprintf(b, n, "%s%s%s%s%s%s%s%s%s%s%s%sGH=%" PRIu64, pte & PTE_V ? "V " : "-V ",
                    pte & PTE_KRE ? "KRE " : "", pte & PTE_URE ? "URE " : "",
                    pte & PTE_KWE ? "KWE " : "", pte & PTE_UWE ? "UWE " : "",
                    pte & PTE_FOR ? "FOR " : "", pte & PTE_FOW ? "FOW " : "",
                    pte & PTE_FOE ? "FOE " : "", pte & PTE_ASM ? "ASM " : "",
                    pte & PTE_COMMIT ? "SW:commit " : "", pte & PTE_VLMMAP ? "SW:vlmmap " : "",
                    pte & PTE_NOCHARGE ? "SW:nocharge " : "", (uint64_t)PTE_GH(pte));
}

void pte_flags(uint64_t pte, char *b, size_t n)
{
    int k = axp_pte_bits(pte, b, n);
    if (k > 0 && (size_t)k < n)
        snprintf(b + k, n - (size_t)k, " PFN=%#" PRIx64, (uint64_t)PTE_PFN(pte));
}
