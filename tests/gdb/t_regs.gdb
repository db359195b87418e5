# A kernel breakpoint, registers with the AXP64 feature, a kernel variable;
# a user breakpoint, a user variable, a write watchpoint on it; kill.
b trap_syscall
c
info registers
printf "ticks=%lu mode=%d ptbr=%#lx\n", ticks, $mode, $ptbr
delete
b bump
c
printf "counter=%ld n=%ld mode=%d\n", counter, n, $mode
printf "ticks_from_user=%lu\n", ticks
delete
watch counter
c
c
printf "counter=%ld\n", counter
kill
