# A watchpoint on a PTE: the heap page gdbdemo is about to touch is committed
# but not valid; watch its L3 PTE through KSEG43 and see the kernel fill it in.
b bump
c
delete
python
import re
va = int(gdb.parse_and_eval("(long)heap_page"))
out = gdb.execute("monitor info pt %#x" % va, to_string=True)
print(out)
pa = int(re.search(r"L3: PTE at PA (0x[0-9a-f]+)", out).group(1), 16)
gdb.execute("watch *(unsigned long *)%#x" % (0xfffffc0000000000 + pa))
end
c
bt 3
python
print(gdb.execute("monitor info pt %#x" % int(gdb.parse_and_eval("(long)heap_page")), to_string=True))
end
detach
