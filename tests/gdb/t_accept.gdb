# The acceptance scenario: a user page fault stops in the kernel's fault
# handler; thread 2 (pid 1) shows the faulting user instruction.
b fault_in
c
bt
info threads
thread 2
x/i $pc
printf "user_pc=%#lx\n", $pc
thread 1
frame function trap_mm
printf "frame_pc=%#lx\n", tf->pc
detach
