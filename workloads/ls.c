/*
 * ls — list the programs and files in the initrd.
 */
#include <stdio.h>
#include "vlmos.h"

int main(void)
{
    char name[VPATH_MAX];
    int n = 0;

    for (int slot = 0; (slot = initrd_list(slot, name, sizeof(name))) > 0; n++)
        printf("%s%s", n ? "  " : "", name);
    printf("\n");
    return 0;
}
