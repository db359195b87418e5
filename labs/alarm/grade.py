# Lab alarm: a periodic signal to a user handler and its return
# (guestos/signal.c: fill_uc, setup_handler's push, sig_timers' re-arm,
# rt_sigreturn's restore).  The stub never calls a handler (and fires a
# timer once), so every test here fails in the starting tree.
test('alarm_ticks', 20, 'labtests alarm_ticks')
test('alarm_once', 10, 'labtests alarm_once')
test('alarm_regs', 25, 'labtests alarm_regs')
test('alarm_mask', 15, 'labtests alarm_mask')

PERIOD = 100000          # 1 ms of the kernel's clock: 100,000 instructions
TRAMPOLINE = 0x7fffe004  # the ecall of the return trampoline (abi/vlmos_signal.h)


def returns(t, out):
    """Each handler run ends in rt_sigreturn from the trampoline, one a period."""
    m = re.search(r'alarm ticks (\d+)', out)
    if not m:
        return "the test printed no tick count"
    ticks = int(m.group(1))
    calls = [l for l in t.events('SYSCALL') if ' rt_sigreturn(' in l]
    pcs = {int(re.search(r' pc=(0x[0-9a-f]+)', l).group(1), 16) for l in calls}
    if len(calls) != ticks or ticks < 20:
        return f"{len(calls)} rt_sigreturn calls for {ticks} handler runs (20 or more wanted)"
    if pcs != {TRAMPOLINE}:
        return f"rt_sigreturn called from {sorted(hex(p) for p in pcs)}, not the trampoline"
    at = [int(re.search(r'icount=(\d+)', l).group(1)) for l in calls]
    gaps = [b - a for a, b in zip(at, at[1:])]
    if any(not 0.75 * PERIOD <= g <= 1.25 * PERIOD for g in gaps):
        return f"handler returns {gaps[:6]}... instructions apart, expected about {PERIOD} (the period)"
    return None


traced('alarm_returns', 30, 'labtests alarm_ticks', returns)
