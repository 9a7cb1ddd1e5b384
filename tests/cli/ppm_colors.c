/* ppm_colors: prints the number of distinct colours of a binary PPM (P6,
 * maxval 255) read from stdin; used by tests/cli/report.sh to tell a rendered
 * page from a blank screenshot.  With arguments RRGGBB..., prints instead
 * the number of pixels of each of those colours, one per line (the map
 * colours that tests/cli/report_controls.sh looks for).  Exit 2 on anything
 * else. */
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

int main(int argc, char **argv)
{
    long w, h, mx;
    unsigned long want[16];
    long count[16] = { 0 };
    int nwant = argc - 1;
    if (nwant > 16)
        return 2;
    for (int i = 0; i < nwant; i++) {
        char *e;
        want[i] = strtoul(argv[i + 1], &e, 16);
        if (strlen(argv[i + 1]) != 6 || *e) {
            fputs("ppm_colors: colours are RRGGBB\n", stderr);
            return 2;
        }
    }
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
        for (int j = 0; j < nwant; j++)
            count[j] += k == want[j];
        if (!(seen[k >> 3] & (1u << (k & 7)))) {
            seen[k >> 3] |= (unsigned char)(1u << (k & 7));
            n++;
        }
    }
    if (nwant == 0)
        printf("%ld\n", n);
    for (int j = 0; j < nwant; j++)
        printf("%ld\n", count[j]);
    free(seen);
    return 0;
}
