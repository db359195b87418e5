/* tests/gdb/gdbthreads.c — a static riscv64 Linux program with threads for
 * t_mthreads.gdb (run.sh builds it with riscv64-linux-gnu-gcc): three
 * workers start; two sleep reading a pipe nobody writes, the third returns
 * (its exit reaches proc_exit, where the script stops and lists the
 * threads: one process, five threads); main joins it and exits, which ends
 * the sleepers. */
#include <pthread.h>
#include <unistd.h>

static int fds[2];
static pthread_barrier_t started;

static void *worker(void *arg)
{
    char c;

    pthread_barrier_wait(&started);
    if (!arg)
        (void)!read(fds[0], &c, 1);   /* for ever: nobody writes */
    return NULL;
}

int main(void)
{
    pthread_t t[3];

    if (pipe(fds))
        return 1;
    pthread_barrier_init(&started, NULL, 4);
    pthread_create(&t[0], NULL, worker, NULL);
    pthread_create(&t[1], NULL, worker, NULL);
    pthread_create(&t[2], NULL, worker, (void *)1);
    pthread_barrier_wait(&started);
    pthread_join(t[2], NULL);
    return 0;
}
