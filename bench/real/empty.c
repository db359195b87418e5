/* empty.c — the start-up baseline of bench/real: a static program that does nothing. */
int main(void)
{
    return 0;
}
