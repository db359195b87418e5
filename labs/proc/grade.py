# Lab proc: processes and pipes (guestos/pipe.c: the ring, blocking read and write).
test('usertests_pipe', 10, 'usertests pipe')
test('usertests_pipebig', 15, 'usertests pipebig')
test('usertests_pipeend', 10, 'usertests pipeend')
test('pipe_pingpong', 15, 'labtests pipe_pingpong')

# The shell (workloads/sh.c) builds pipelines with pipe, dup2 and spawn.
SHELL = 'ls | cat > out; cat out\ncat motd | cat | cat\necho "status $?"\n'
test('shell_pipeline', 15, 'sh', stdin=SHELL,
     expect=[(r'labtests.*usertests', 1), (r'Welcome to VLM/OS on AXP64', 1), (r'\$ status 0$', 1)])

PRIMES = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79,
          83, 89, 97]


def primes_in_order(out):
    """xv6's primes: a chain of 25 processes joined by pipes."""
    got = [int(n) for n in re.findall(r'^prime (\d+)$', out, re.M)]
    if got != PRIMES:
        return f"the sieve printed {got[:8]}{'...' if len(got) > 8 else ''}, expected the 25 primes below 100"
    return None


test('pipe_primes', 35, 'labtests pipe_primes', check=primes_in_order)
