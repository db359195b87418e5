/*
 * layout — a process with every kind of region, for the address-space
 * picture in docs/display.md (`make pictures`): its image (text and data),
 * a 3 MiB heap (brk), a 64 MiB valloc reservation with 8 MiB committed, its
 * stack, and a 32 MiB VLM allocation mapped through its 64-bit window (the
 * picture is taken at FIG. 6 step 606, the map).  Exits 0, or 1 with a
 * message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "workloads/lib/vlmlib.h"
#include "workloads/lib/vlmos_user.h"

int main(void)
{
    struct vlm_alloc info;
    uint64_t ptes;
    char *heap = malloc(3u << 20);
    char *v = vmem_alloc(NULL, 64u << 20, VA_RESERVE);

    if (!heap || !v || !vmem_alloc(v, 8u << 20, VA_COMMIT)) {
        perror("layout: heap or valloc");
        return 1;
    }
    memset(heap, 1, 3u << 20);
    memset(v, 2, 8u << 20);
    int h = vlm_alloc(32u << 20, 0, &info);
    int b = h < 0 ? -1 : vlm_buf_create(h, 0, 32u << 20);
    char *w = b < 0 ? NULL : vlm_map(b, 0, 32u << 20, NULL, 0, &ptes);
    if (!w) {
        perror("layout: vlm");
        return 1;
    }
    memset(w, 3, 32u << 20);
    if (vlm_unmap(w) || vlm_buf_release(b) || vlm_free(h)) {
        perror("layout: vlm release");
        return 1;
    }
    free(heap);
    return 0;
}
