# alphavlm.gdb — gdb settings for the AXP64 machine's stub (docs/debugging.md).
# `make gdb` loads it after the kernel's symbols; the gdb tests source it.
set pagination off
set confirm off
set print pretty on
# Registers come from the stub's target description (x0-x31, pc, f0-f31,
# fcsr and the AXP64 group: mode ipl ptbr asn usp ksp pcbb).

# xsi: one exact instruction step done by the stub.  gdb's own stepi on
# RISC-V puts a breakpoint after the instruction instead, so stepi over
# an ecall runs the whole system call; xsi lands in entSys, and across
# traps and rti likewise.
define xsi
  maint packet vCont;s
  maint flush register-cache
  x/i $pc
end
document xsi
Step exactly one instruction with the stub's own single step (into entSys
across ecall, into the handler across a fault, to the return target across rti).
end

# usersyms FILE: the symbols of a user program (linked at 0x10000, static):
# add-symbol-file takes its section addresses from the ELF itself.
define usersyms
  add-symbol-file $arg0
end
document usersyms
Load a user program's symbols, e.g. usersyms build/workloads/hello.elf
(the initrd's copies are stripped; build/workloads/NAME.elf keeps them).
end
