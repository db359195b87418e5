# A kernel panic (--args crashtest) stops gdb with SIGABRT at the bugchk
# call, the stack to look at; continuing halts the machine (status 255).
c
bt
c
