# An exact step (the stub's vCont;s) over the ecall in getpid lands in entSys.
set trust-readonly-sections on
python
arch = gdb.selected_inferior().architecture()
start = int(gdb.parse_and_eval("(long)&getpid"))
ecall = [i['addr'] for i in arch.disassemble(start, start + 64) if i['asm'].startswith('ecall')][0]
gdb.execute("break *%d" % ecall)
end
c
printf "before: mode=%d\n", $mode
x/i $pc
xsi
printf "after: mode=%d ipl=%d\n", $mode, $ipl
info symbol $pc
detach
