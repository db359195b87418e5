# Exact steps (the stub's vCont;s, sent by xsi): a user store that faults
# lands on entMM's first instruction; the ecall in getpid lands on entSys's;
# a kernel-mode step moves one instruction; retsys returns to the
# instruction after the ecall in user mode.
set trust-readonly-sections on
b bump
c
delete
finish
python
for i in range(40):
    gdb.execute("xsi", to_string=True)
    if int(gdb.parse_and_eval("$mode")) == 0:
        break
print("trap_landed=%s" % gdb.execute("info symbol $pc", to_string=True).split()[0])
arch = gdb.selected_inferior().architecture()
def find_ecall(sym):
    start = int(gdb.parse_and_eval("(unsigned long)&%s" % sym))
    return [i['addr'] for i in arch.disassemble(start, start + 64) if i['asm'].startswith('ecall')][0]
gdb.execute("break *%d" % find_ecall("getpid"))
end
c
printf "before: mode=%d\n", $mode
x/i $pc
xsi
printf "after: mode=%d ipl=%d\n", $mode, $ipl
info symbol $pc
xsi
printf "kernel_step: "
info symbol $pc
python
gdb.execute("delete")
gdb.execute("break *%d" % find_ecall("ent_sys"))
end
c
xsi
printf "retsys: mode=%d\n", $mode
info symbol $pc
detach
