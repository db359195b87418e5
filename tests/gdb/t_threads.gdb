# Processes as threads: sh (pid 1) waits for hello (pid 2), which exits;
# thread 3's memory is read through hello's own page tables.
b proc_exit
c
info threads
thread 3
x/2i $pc
detach
