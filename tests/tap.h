/* Minimal TAP producer for the C tests (read by automake's tap-driver).
 * Each ok() is one counted test; done_testing() prints the plan and
 * returns the exit status. */
#ifndef TAP_H
#define TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static int tap_n, tap_failed;

static int ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3), unused));
static int ok(int cond, const char *fmt, ...)
{
    va_list ap;
    tap_n++;
    printf("%s %d - ", cond ? "ok" : "not ok", tap_n);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
    if (!cond)
        tap_failed++;
    return cond;
}

static void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2), unused));
static void diag(const char *fmt, ...)
{
    va_list ap;
    printf("# ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
}

static int done_testing(void) __attribute__((unused));
static int done_testing(void)
{
    printf("1..%d\n", tap_n);
    return tap_failed ? 1 : 0;
}

/* Path of a file under the source tree (tests run from the build tree). */
static const char *srcpath(const char *rel) __attribute__((unused));
static const char *srcpath(const char *rel)
{
    static char buf[8][4096];
    static int k;
    const char *top = getenv("top_srcdir");
    char *b = buf[k++ & 7];
    snprintf(b, 4096, "%s/%s", top ? top : ".", rel);
    return b;
}

#endif
