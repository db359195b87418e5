# Processes as threads: sh (pid 1) waits for hello (pid 2), which exits;
# thread 3's memory is read through hello's page tables, and thread 2's
# (switched out) through sh's own: run.sh compares its bytes with sh's ELF.
b proc_exit
c
info threads
thread 3
x/2i $pc
thread 2
python
pc = int(gdb.parse_and_eval("$pc"))
print("sh_pc=%#x sh_bytes=%s" % (pc, gdb.selected_inferior().read_memory(pc, 8).tobytes().hex()))
end
detach
