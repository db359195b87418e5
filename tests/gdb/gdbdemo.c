/*
 * gdbdemo — the program of docs/debugging.md and of the gdb tests: a
 * function to break on (bump), a variable to print and watch (counter), a
 * demand-zero heap page whose first touch is a user page fault (the kernel
 * pages it in through fault_in), and with the argument "crash" a null
 * pointer store that gets the process killed; with "spin" it computes
 * forever (for Ctrl-C).  Exit status: counter (3).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

volatile long counter;
char *volatile heap_page;                      /* the page main touches first */
volatile int *volatile nowhere = (int *)16;    /* a pointer the compiler cannot see through */

__attribute__((noinline)) long bump(long n)
{
    counter += n;
    return counter;
}

__attribute__((noinline)) void crash(void)
{
    *nowhere = 1;                           /* VLM/OS kills it: null pointer dereference */
}

int main(int argc, char **argv)
{
    heap_page = (char *)sbrk(64 * 1024) + 3 * 8192;

    bump(1);
    *heap_page = 1;                         /* committed, not yet present: a page fault */
    bump(2);
    if (argc > 1 && !strcmp(argv[1], "crash"))
        crash();
    while (argc > 1 && !strcmp(argv[1], "spin"))
        bump(0);
    printf("gdbdemo: counter %ld, pid %d\n", counter, getpid());
    return (int)counter;
}
