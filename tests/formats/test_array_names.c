/* ic_array_select: picking the array to load from a file's names. */
#include <stdio.h>
#include <string.h>

#include "formats/array_names.h"
#include "tap.h"

int main(void)
{
    char *three[] = {"A", "B", "P"};
    char *one[] = {"W"};
    ic_array_names n3 = {3, three}, n1 = {1, one}, n0 = {0, NULL};
    const char *chosen = NULL;
    ic_err err;

    ok(ic_array_select(&n3, "w.npz", "B", &chosen, &err) == IC_OK && chosen == three[1], "member B chosen");
    ok(ic_array_select(&n1, "w.npz", NULL, &chosen, &err) == IC_OK && chosen == one[0],
       "the only array chosen when none is named");
    ok(ic_array_select(&n3, "w.npz", NULL, &chosen, &err) == IC_EINPUT && strstr(err.msg, "w.npz:NAME") &&
           strstr(err.msg, "A, B, P"),
       "several arrays and none named: refused, names listed: %s", err.msg);
    ok(ic_array_select(&n3, "w.npz", "Q", &chosen, &err) == IC_EINPUT && strstr(err.msg, "'Q'"),
       "unknown member refused: %s", err.msg);
    ok(ic_array_select(&n0, "e.npz", NULL, &chosen, &err) == IC_EINPUT && strstr(err.msg, "no arrays"),
       "empty file refused: %s", err.msg);

    /* a long list is shortened, never overflows */
    char *many[200];
    char buf[200][8];
    for (int i = 0; i < 200; i++) {
        snprintf(buf[i], sizeof buf[i], "w%03d", i);
        many[i] = buf[i];
    }
    ic_array_names nm = {200, many};
    ok(ic_array_select(&nm, "big.npz", "zz", &chosen, &err) == IC_EINPUT && strstr(err.msg, "...") &&
           strlen(err.msg) < sizeof err.msg,
       "200 names shortened with '...'");
    return done_testing();
}
