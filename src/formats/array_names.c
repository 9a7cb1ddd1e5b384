/* ic_array_names: the names of the arrays in a weights file, and picking one
 * (see src/formats/array_names.h). */
#include "formats/array_names.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ic_array_names_free(ic_array_names *names)
{
    if (!names)
        return;
    for (size_t i = 0; i < names->n; i++)
        free(names->name[i]);
    free(names->name);
    names->n = 0;
    names->name = NULL;
}

/* Appends "A, B, C" to buf, ending in "..." when it does not fit. */
static void join_names(char *buf, size_t cap, const ic_array_names *names)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < names->n; i++) {
        int w = snprintf(buf + n, cap - n, "%s%s", i ? ", " : "", names->name[i]);
        if (w < 0 || (size_t)w >= cap - n) {
            snprintf(buf + (n < cap - 4 ? n : cap - 4), 4, "...");
            return;
        }
        n += (size_t)w;
    }
}

int ic_array_select(const ic_array_names *names, const char *path, const char *member,
               const char **chosen, ic_err *err)
{
    char list[200];
    join_names(list, sizeof list, names);
    if (names->n == 0)
        return ic_err_set(err, IC_EINPUT, "%s: holds no arrays", path);
    if (!member) {
        if (names->n == 1) {
            *chosen = names->name[0];
            return IC_OK;
        }
        return ic_err_set(err, IC_EINPUT,
                          "%s: holds %zu arrays (%s); name one as %s:NAME", path, names->n, list,
                          path);
    }
    for (size_t i = 0; i < names->n; i++)
        if (strcmp(names->name[i], member) == 0) {
            *chosen = names->name[i];
            return IC_OK;
        }
    return ic_err_set(err, IC_EINPUT, "%s: no array '%s' (holds %s)", path, member, list);
}
