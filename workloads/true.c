/*
 * true — do nothing, successfully (the spawn+wait benchmark runs it).
 */
int main(void)
{
    return 0;
}
