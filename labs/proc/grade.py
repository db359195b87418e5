# Lab proc: processes and pipes (guestos/pipe.c: the ring, blocking read and write).
test('usertests_pipe', 15, 'usertests pipe')
test('usertests_pipebig', 15, 'usertests pipebig')
test('usertests_pipeend', 15, 'usertests pipeend')
test('pipe_pingpong', 20, 'labtests pipe_pingpong')

PRIMES = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79,
          83, 89, 97]


def primes_in_order(out):
    """xv6's primes: a chain of 25 processes joined by pipes."""
    got = [int(n) for n in re.findall(r'^prime (\d+)$', out, re.M)]
    if got != PRIMES:
        return f"the sieve printed {got[:8]}{'...' if len(got) > 8 else ''}, expected the 25 primes below 100"
    return None


test('pipe_primes', 35, 'labtests pipe_primes', check=primes_in_order)
