/* stdio with floats, strtod, snprintf, and stderr. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    double x = 1.0 / 3.0;
    char buf[64];

    printf("%f %.10f %e %g %a\n", x, x, 12345.6789, 1e-10, 0.5);
    printf("%8.3f|%-8.2f|%+.1f\n", 3.14159, 2.71828, -0.05);
    printf("sqrt %.12f exp %.12f sin %.12f\n", sqrt(2.0), exp(1.0), sin(1.0));
    snprintf(buf, sizeof(buf), "%.17g", strtod("0.1", NULL));
    printf("strtod %s\n", buf);
    printf("%ld %lu %x %o %c %s %5d|\n", -1234567890123L, 18446744073709551615UL, 0xBEEF, 8, 'z',
           "str", 42);
    float f = 1.1f;
    printf("float %.9g\n", (double)(f * f));
    return 0;
}
