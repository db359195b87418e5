# Processes as threads: sh (pid 1) waits for hello (pid 2), which exits;
# thread 3's memory is read through hello's page tables, and thread 2's
# (switched out) through sh's own.  run.sh compares the bytes at sh's main
# (SH_MAIN, from sh.elf) with sh's ELF: hello has other bytes at that very
# address, so a read through the running process's tables shows hello's.
b proc_exit
c
info threads
thread 3
x/2i $pc
thread 2
python
import os
pc = int(gdb.parse_and_eval("$pc"))
main = int(os.environ["SH_MAIN"], 16)
mem = gdb.selected_inferior().read_memory(main, 16).tobytes().hex()
print("sh_pc=%#x sh_main=%#x sh_bytes=%s" % (pc, main, mem))
end
detach
