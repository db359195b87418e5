/*
 * vlmstate.c — the VLM driver's transition tables (vlmstate.h).  Kept apart
 * from vlm.c so the host unit tests link only this file.
 */
#include "vlmdrv/vlmstate.h"

#include <stdint.h>

#define TO(s) (1u << (s))

/* TO(t) set in req_next[s]: s -> t is legal. */
static const uint8_t req_next[R_NSTATES] = {
    [R_FREE]       = TO(R_ALLOCATING),
    [R_ALLOCATING] = TO(R_FREE) | TO(R_READY) | TO(R_FAILING),
    [R_READY]      = TO(R_FREEING),
    [R_FAILING]    = TO(R_FREE) | TO(R_ORPHAN),
    [R_FREEING]    = TO(R_FREE) | TO(R_ORPHAN),
    [R_ORPHAN]     = TO(R_FREE),
};
static const uint8_t donor_next[D_NSTATES] = {
    [D_NONE]        = TO(D_STARTED),
    [D_STARTED]     = TO(D_HOLDING) | TO(D_DEALLOCATED) | TO(D_GONE),
    [D_HOLDING]     = TO(D_DEALLOCATED) | TO(D_GONE),
    [D_DEALLOCATED] = TO(D_GONE),
    [D_GONE]        = 0,
};
static const char *const req_names[R_NSTATES] = {
    "free", "allocating", "ready", "failing", "freeing", "orphan",
};
static const char *const donor_names[D_NSTATES] = {
    "none", "started", "holding", "deallocated", "gone",
};

/* The range checks come first: a shift by an out-of-range state would be
 * undefined, and an index past a table would read another one. */
bool req_may(int from, int to)
{
    return from >= 0 && from < R_NSTATES && to >= 0 && to < R_NSTATES && (req_next[from] & TO(to));
}

bool donor_may(int from, int to)
{
    return from >= 0 && from < D_NSTATES && to >= 0 && to < D_NSTATES &&
           (donor_next[from] & TO(to));
}

const char *req_state_name(int s)
{
    return s >= 0 && s < R_NSTATES ? req_names[s] : "?";
}

const char *donor_state_name(int s)
{
    return s >= 0 && s < D_NSTATES ? donor_names[s] : "?";
}
