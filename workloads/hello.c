/*
 * hello — the smallest VLM/OS program: prints its arguments.
 */
#include <stdio.h>

int main(int argc, char **argv)
{
    printf("hello from VLM/OS:");
    for (int i = 0; i < argc; i++)
        printf(" [%s]", argv[i]);
    printf("\n");
    return 0;
}
