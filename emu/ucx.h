/*
 * ucx.h — the one way alphavlm calls Unicorn.
 *
 * UC_CHECK(call) evaluates call; on failure it prints
 * "file:line: call: uc_strerror(err)" to stderr and evaluates to -1, else 0.
 * Every uc_* call in the project goes through it (as Unicorn's own
 * tests/unit/unicorn_test.h does with OK()), so no error check is hand-copied.
 */
#ifndef UCX_H
#define UCX_H

#include <stdio.h>
#include <unicorn/unicorn.h>

static inline int uc_check(uc_err err, const char *what, const char *file, int line)
{
    if (err == UC_ERR_OK)
        return 0;
    fprintf(stderr, "%s:%d: %s: %s\n", file, line, what, uc_strerror(err));
    return -1;
}

#define UC_CHECK(call) uc_check((call), #call, __FILE__, __LINE__)

#endif /* UCX_H */
