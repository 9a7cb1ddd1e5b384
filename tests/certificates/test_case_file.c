#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "certificates/case_file.h"
#include "tap.h"

static char dir[] = "/tmp/icscase-XXXXXX";

static const char *put_n(const char *name, const char *text, size_t len)
{
    static char path[8][512];
    static int k;
    char *p = path[k++ & 7];
    snprintf(p, 512, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    fwrite(text, 1, len, f);
    fclose(f);
    return p;
}

static const char *put(const char *name, const char *text)
{
    return put_n(name, text, strlen(text));
}

static int load_err(const char *name, const char *text, const char *word)
{
    ic_case cs;
    ic_err e;
    ic_err_clear(&e);
    int rc = ic_case_load(&cs, put(name, text), &e);
    int good = rc == IC_EINPUT && strstr(e.msg, name) && strstr(e.msg, word) && !strchr(e.msg, '\n');
    if (!good)
        diag("rc %d msg '%s'", rc, e.msg);
    ic_case_free(&cs);
    return good;
}

int main(void)
{
    ok(mkdtemp(dir) != NULL, "temporary directory");
    ic_case cs;
    ic_err e;
    const char *p = put("good.case",
                        "# comment\n\nclaim = unitary\nmode = compare\nexpect = fail\n"
                        "description = a test\nA = w/A.npy\n  B=w/B.npy  \nP = /abs/P.npy\ntol = 1e-3\n");
    ok(ic_case_load(&cs, p, &e) == IC_OK, "valid case loads: %s", e.msg);
    ok(strcmp(cs.name, "good") == 0, "name from the file name");
    ok(strcmp(cs.claim->id, "unitary") == 0 && strcmp(cs.mode, "compare") == 0 &&
       strcmp(cs.expect, "fail") == 0, "claim, mode, expect");
    ok(cs.description && strcmp(cs.description, "a test") == 0, "description");
    char want[600];
    snprintf(want, sizeof want, "%s/w/A.npy", dir);
    ok(strcmp(ic_param_get(&cs.params, "A"), want) == 0, "file paths relative to the case file: %s", ic_param_get(&cs.params, "A"));
    ok(strcmp(ic_param_get(&cs.params, "P"), "/abs/P.npy") == 0, "absolute paths kept");
    ok(ic_param_real(&cs.params, "tol") == 1e-3, "real parameter");
    ok(ic_param_int(&cs.params, "prec") == 256, "common parameter default");
    ic_case_free(&cs);

    ok(load_err("noclaim.case", "mode = compare\n", "claim"), "missing claim");
    ok(load_err("badclaim.case", "claim = nope\nmode = verify\n", "unknown claim"), "unknown claim");
    ok(load_err("nomode.case", "claim = unitary\n", "mode"), "missing mode");
    ok(load_err("badmode.case", "claim = unitary\nmode = dance\n", "mode"), "bad mode");
    ok(load_err("badexpect.case", "claim = unitary\nmode = verify\nexpect = maybe\n", "expect"), "bad expect");
    ok(load_err("noeq.case", "claim = unitary\nmode = verify\njunk line\n", "key = value"), "line without =");
    ok(load_err("unknown.case", "claim = unitary\nmode = verify\nfoo = 1\n", "unknown key"), "unknown key");
    ok(load_err("badval.case", "claim = unitary\nmode = verify\nd = 1,x\n", "integers"), "bad list value");
    ok(load_err("badreal.case", "claim = unitary\nmode = compare\nA=a\nB=b\nP=p\ntol = nan\n", "finite"), "NaN tolerance");
    ok(load_err("missing.case", "claim = unitary\nmode = compare\nA = a.npy\n", "missing required"), "required file missing");
    ok(load_err("prec.case", "claim = unitary\nmode = verify\nprec = 10\n", "prec"), "precision out of range");
    ok(load_err("repeat.case", "claim = unitary\nmode = verify\nd = 2\n\nd = 3\n", "key 'd' repeated (first given on line 3)"),
       "a repeated parameter key is refused, naming both lines (the last no longer silently wins)");
    ok(load_err("repeat2.case", "claim = unitary\nmode = verify\nexpect = fail\nexpect = pass\n", "key 'expect' repeated"),
       "a repeated reserved key is refused");
    ok(load_err("range.case", "claim = unitary\nmode = verify\nd = 2,65\n", "range.case:3: --d: 65 is outside 1..64"),
       "a value outside its range is refused at load time with file and line");
    ok(load_err("hex.case", "claim = orthogonal\nmode = verify\nc = 0x1p1\n", "not a finite number"),
       "a hexadecimal real is refused at load time");
    ok(load_err("sweep.case", "claim = unitary\nmode = verify\nprec = 65536\n", "sweep ceiling"),
       "a sweep beyond prec x configurations <= 2^20 is refused at load time");
    {
        ic_case c2;
        int rc = ic_case_load(&c2, put_n("nul.case", "claim = unitary\nmode = verify\n\0x\n", 32), &e);
        ok(rc == IC_EINPUT && strstr(e.msg, "NUL"), "NUL byte refused: %s", e.msg);
        ic_case_free(&c2);
    }

    char **paths;
    size_t n;
    int lrc = ic_case_list_dir(dir, &paths, &n, &e);
    ok(lrc == IC_OK && n == 18, "lists the .case files (%zu)", n);
    int sorted = 1;
    for (size_t i = 1; i < n; i++)
        if (strcmp(paths[i - 1], paths[i]) >= 0)
            sorted = 0;
    ok(sorted, "sorted by name");
    for (size_t i = 0; i < n; i++) {
        unlink(paths[i]);
        free(paths[i]);
    }
    free(paths);
    rmdir(dir);
    ok(ic_case_list_dir("/nonexistent", &paths, &n, &e) == IC_EINPUT, "missing directory refused");
    return done_testing();
}
