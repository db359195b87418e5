/*
 * kview.h — tell the machine (its live view and its gdb stub) where the
 * frame database and the process table are (kview.c, abi/vlmos_view.h).
 */
#ifndef GUESTOS_KVIEW_H
#define GUESTOS_KVIEW_H

/* Write HWRPB_FRAMEDB and HWRPB_KVIEW.  Call once, after frames_init().
 * Can't fail. */
void kview_publish(void);

#endif /* GUESTOS_KVIEW_H */
