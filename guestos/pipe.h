/*
 * pipe.h — pipes: a one-page ring buffer between a read end and a write end.
 *
 * Each end is a struct file (file.h) that descriptors share (dup, spawn).
 * A reader sleeps while the ring is empty and some write end is open; it
 * gets 0 (end of file) once every write end has closed.  A writer sleeps
 * while the ring is full and gets -VE_PIPE once every read end has closed
 * (trap_syscall's sig_syscall_done then sends the writer SIGPIPE, whose
 * default action ends it; ignored or caught, the writer sees the error).
 * The buffer and the pipe
 * are freed when the last end closes.
 */
#ifndef GUESTOS_PIPE_H
#define GUESTOS_PIPE_H

#include "guestos/kernel.h"

struct file;

#define PIPE_BUF_SIZE PAGE_SIZE   /* bytes the ring holds (one kernel page) */

/*
 * pipe_create — a new pipe: *rd reads, *wr writes (each with one reference).
 * Returns 0, or -VE_NOMEM with nothing allocated.
 */
int pipe_create(struct file **rd, struct file **wr);

#endif /* GUESTOS_PIPE_H */
