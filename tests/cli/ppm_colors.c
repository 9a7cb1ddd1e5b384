/* ppm_colors: prints the number of distinct colours of a binary PPM (P6,
 * maxval 255) read from stdin; used by tests/cli/report.sh to tell a rendered
 * page from a blank screenshot.  Exit 2 on anything else. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int field(FILE *f, long *v)
{
    int c;
    do {
        c = getc(f);
        if (c == '#')
            while (c != '\n' && c != EOF)
                c = getc(f);
    } while (c == ' ' || c == '\t' || c == '\n' || c == '\r');
    if (c < '0' || c > '9')
        return -1;
    *v = 0;
    while (c >= '0' && c <= '9') {
        *v = *v * 10 + (c - '0');
        if (*v > 100000)
            return -1;
        c = getc(f);
    }
    return 0;
}

int main(void)
{
    long w, h, mx;
    if (getchar() != 'P' || getchar() != '6' || field(stdin, &w) || field(stdin, &h) ||
        field(stdin, &mx) || mx != 255 || w <= 0 || h <= 0) {
        fputs("ppm_colors: not a P6 PPM with maxval 255\n", stderr);
        return 2;
    }
    /* One bit per 24-bit colour: 2 MiB. */
    unsigned char *seen = calloc((size_t)1 << 21, 1);
    unsigned char px[3];
    long n = 0;
    if (!seen)
        return 2;
    for (long i = 0; i < w * h; i++) {
        if (fread(px, 1, 3, stdin) != 3) {
            fputs("ppm_colors: truncated image\n", stderr);
            return 2;
        }
        unsigned long k = ((unsigned long)px[0] << 16) | ((unsigned long)px[1] << 8) | px[2];
        if (!(seen[k >> 3] & (1u << (k & 7)))) {
            seen[k >> 3] |= (unsigned char)(1u << (k & 7));
            n++;
        }
    }
    printf("%ld\n", n);
    free(seen);
    return 0;
}
