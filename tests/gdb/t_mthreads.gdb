# A Linux program's threads (gdbthreads.c): at the first thread's exit gdb
# lists every thread with its process and tid, "pid P tid T (name)": one
# process (the program's), and the CPU.
b proc_exit
c
info threads
detach
