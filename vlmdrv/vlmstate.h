/*
 * vlmstate.h — the VLM driver's two lifecycles (docs/vlm.md, "Lifecycles"):
 * a request's and a donor's states and the transitions between them.
 *
 * Plain C without the kernel, so the unit tests (tests/unit/test_vlmstate.c)
 * check the tables on the host; vlm.c moves every request and donor through
 * req_may / donor_may and panics on a transition they refuse.
 */
#ifndef VLMDRV_VLMSTATE_H
#define VLMDRV_VLMSTATE_H

#include <stdbool.h>

enum req_state { R_FREE = 0, R_ALLOCATING, R_READY, R_FAILING, R_FREEING, R_ORPHAN, R_NSTATES };
enum donor_state { D_NONE = 0, D_STARTED, D_HOLDING, D_DEALLOCATED, D_GONE, D_NSTATES };

/* True if a request may go from state `from` to state `to`; false for every
 * other pair, states out of range included.  Can't fail. */
bool req_may(int from, int to);
/* The same for a donor. */
bool donor_may(int from, int to);

/* The state's name ("free", "allocating", ...), "?" out of range.  Can't fail. */
const char *req_state_name(int s);
const char *donor_state_name(int s);

#endif /* VLMDRV_VLMSTATE_H */
