/* ic_array_names: the sorted names of the arrays a weights file holds
 * (npz member names without ".npy", safetensors tensor names), and the
 * choice of the one to load.  Shared by the npz and safetensors readers. */
#ifndef IC_FORMATS_ARRAY_NAMES_H
#define IC_FORMATS_ARRAY_NAMES_H

#include <stddef.h>

#include "base/error.h"

/* Names of the arrays in a file, sorted by strcmp.  A .npy file holds one
 * unnamed array: n == 0. */
typedef struct {
    size_t n;
    char **name;
} ic_array_names;

/* Frees the names and empties the list. */
void ic_array_names_free(ic_array_names *names);

/* Picks the array to load from names: member itself when listed (npz also
 * accepts "NAME.npy"), the only name when member is NULL.  Otherwise
 * IC_EINPUT with a message listing the names held (shortened to fit). */
int ic_array_select(const ic_array_names *names, const char *path, const char *member,
                    const char **chosen, ic_err *err);

#endif
