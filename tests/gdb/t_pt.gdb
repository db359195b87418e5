# monitor info pt on a user variable's VA (compared with the trace's walk by run.sh).
b bump
c
c
python
va = int(gdb.parse_and_eval("(long)&counter"))
print("counter_va=%#x" % va)
gdb.execute("monitor info pt %#x" % va)
end
monitor info tlb
monitor info mem
monitor info frames
monitor stats
monitor info pt 0x10000 pid 1
monitor info pt 0x10000 pid 99
monitor bogus
detach
