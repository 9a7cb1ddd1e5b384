/* ic_err: error values returned (never printed) by library functions.
 *
 * Every fallible library function returns an int status and, on failure,
 * fills an ic_err with a one-line message.  The status doubles as the
 * process exit code of the CLI, so the values are fixed:
 *   IC_OK 0, IC_FAIL 1 (a check failed), IC_EINPUT 2 (usage or input error),
 *   IC_EINTERNAL 3 (a bug or resource failure). */
#ifndef IC_BASE_ERROR_H
#define IC_BASE_ERROR_H

#include <stddef.h>

enum { IC_OK = 0, IC_FAIL = 1, IC_EINPUT = 2, IC_EINTERNAL = 3 };

#define IC_ERR_MSG_MAX 512

typedef struct {
    int code;                  /* one of the IC_ values above */
    char msg[IC_ERR_MSG_MAX];  /* one line, no trailing newline */
} ic_err;

/* Clears e (code IC_OK, empty message). */
void ic_err_clear(ic_err *e);

/* Sets e->code and formats the message; returns code so callers can write
 * `return ic_err_set(e, IC_EINPUT, "%s: truncated", path);`.  e may be NULL. */
int ic_err_set(ic_err *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Like ic_err_set but keeps the existing message as a suffix:
 * "<new>: <old>".  Used to add the file name at an outer level. */
int ic_err_prefix(ic_err *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Allocation helpers: NULL on overflow of n*size or on failure. */
void *ic_calloc(size_t n, size_t size);
void *ic_reallocarray(void *p, size_t n, size_t size);

#endif
