/* ic_err: setting, prefixing and clearing error values; checked allocation (see src/base/error.h). */
#include "base/error.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ic_err_clear(ic_err *e)
{
    if (!e)
        return;
    e->code = IC_OK;
    e->msg[0] = '\0';
}

/* Messages must stay on one line: control characters become '?'. */
static void sanitize(char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            *s = '?';
}

int ic_err_set(ic_err *e, int code, const char *fmt, ...)
{
    if (!e)
        return code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    sanitize(e->msg);
    e->code = code;
    return code;
}

int ic_err_prefix(ic_err *e, const char *fmt, ...)
{
    if (!e)
        return IC_EINTERNAL;
    char head[IC_ERR_MSG_MAX], old[IC_ERR_MSG_MAX];
    /* The joined message may be cut at IC_ERR_MSG_MAX: it stays one line. */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(head, sizeof head, fmt, ap);
    va_end(ap);
    memcpy(old, e->msg, sizeof old);
    if (old[0])
        {
        size_t h = strnlen(head, sizeof e->msg - 3);
        memcpy(e->msg, head, h);
        memcpy(e->msg + h, ": ", 2);
        size_t room = sizeof e->msg - h - 3, o = strnlen(old, room);
        memcpy(e->msg + h + 2, old, o);
        e->msg[h + 2 + o] = '\0';
    }
    else
        snprintf(e->msg, sizeof e->msg, "%s", head);
    sanitize(e->msg);
    if (e->code == IC_OK)
        e->code = IC_EINTERNAL;
    return e->code;
}

void *ic_calloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    return calloc(n ? n : 1, size ? size : 1);
}

void *ic_reallocarray(void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    size_t bytes = n * size;
    return realloc(p, bytes != 0 ? bytes : 1);
}
