/* The report's model: certificates read, checked and ordered once, which the
 * page, section and map renderers then read (see src/report/model.h). */
#include "report/model.h"

#include <ctype.h>
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "report/data.h"
#include "formats/file_io.h"
#include "numbers/number_text.h"

#define REPORT_MAX_CERT_BYTES ((size_t)64 << 20)

static int is_one_of(const char *s, const char *const *words)
{
    for (; s && *words; words++)
        if (strcmp(s, *words) == 0)
            return 1;
    return 0;
}


static int not_cert(const char *path, const char *why, ic_err *err)
{
    return ic_err_set(err, IC_EINPUT, "%s: not an icalcheck certificate (%s)", path, why);
}

double report_check_ratio(json_t *check)
{
    const char *v = report_str_at(check, "value"), *b = report_str_at(check, "bound"), *rel = report_str_at(check, "relation");
    const char *st = report_str_at(check, "status");
    if (!v || !b || !rel || (st && strcmp(st, "not_applicable") == 0))  /* nothing was checked */
        return NAN;
    char *e1, *e2;
    double x = strtod(v, &e1), y = strtod(b, &e2);
    if (*e1 || *e2 || e1 == v || e2 == b || !isfinite(x) || !isfinite(y))
        return NAN;
    if ((strcmp(rel, "<=") == 0 || strcmp(rel, "<") == 0) && y > 0)
        return fabs(x) / y;
    if ((strcmp(rel, ">=") == 0 || strcmp(rel, ">") == 0) && x > 0 && y > 0)
        return y / x;
    return NAN;
}

/* A value as certificates write it (ic_cert_fmt): a decimal number,
 * "inf", "-inf" or "nan".  0 when it is one; x at x's precision. */
static int read_value(mpfr_ptr x, const char *v)
{
    if (!v)
        return -1;
    if (strcmp(v, "inf") == 0 || strcmp(v, "-inf") == 0) {
        mpfr_set_inf(x, v[0] == '-' ? -1 : 1);
        return 0;
    }
    if (strcmp(v, "nan") == 0) {
        mpfr_set_nan(x);
        return 0;
    }
    return ic_number_real_mpfr(x, v, MPFR_RNDN) == IC_NUMBER_OK ? 0 : -1;
}

/* Whether "value relation bound" holds for the numbers as written: 1 it
 * holds, 0 it does not, -1 when the written digits cannot tell.  Written
 * values carry 20 significant digits (IC_CERT_DIGITS), so a difference
 * within 1e-18 of their magnitude may have either sign. */
static int relation_holds(const char *value, const char *rel, const char *bound)
{
    mpfr_t v, b, d, m;
    mpfr_inits2(128, v, b, d, m, (mpfr_ptr)0);
    int r = -1;
    if (read_value(v, value) || read_value(b, bound))
        goto out;
    if (mpfr_nan_p(v) || mpfr_nan_p(b)) {
        r = 0; /* a comparison with NaN never holds (ic_cert_check) */
        goto out;
    }
    int cmp;
    if (mpfr_inf_p(v) || mpfr_inf_p(b)) {
        cmp = mpfr_cmp(v, b);
    } else {
        mpfr_sub(d, v, b, MPFR_RNDN);
        mpfr_abs(m, v, MPFR_RNDN);
        mpfr_abs(b, b, MPFR_RNDN);
        mpfr_add(m, m, b, MPFR_RNDN);
        mpfr_mul_d(m, m, 1e-18, MPFR_RNDU);
        mpfr_abs(b, d, MPFR_RNDN);
        if (mpfr_cmp(b, m) <= 0)
            goto out; /* too close to call from the digits written */
        cmp = mpfr_sgn(d);
    }
    if (strcmp(rel, "<=") == 0 || strcmp(rel, "<") == 0)
        r = cmp < 0;
    else if (strcmp(rel, ">=") == 0 || strcmp(rel, ">") == 0)
        r = cmp > 0;
    else if (strcmp(rel, "==") == 0)
        r = cmp == 0;
    else if (strcmp(rel, "!=") == 0)
        r = cmp != 0;
out:
    mpfr_clears(v, b, d, m, (mpfr_ptr)0);
    return r;
}

/* The report shows a certificate's verdict as a badge: it must follow from
 * the checks, as ic_cert_finish derives it, and each decided check's status
 * from its value and bound, else an edited certificate could show PASS
 * beside a failing check.  (Only `cert verify` re-runs the computation: a
 * certificate whose values were edited consistently passes this test.) */
static int check_consistent(const char *path, json_t *root, ic_err *err)
{
    size_t i;
    json_t *ck;
    int fail = 0, undecided = 0;
    const char *first_fail = NULL;
    json_array_foreach(json_object_get(root, "checks"), i, ck) {
        const char *st = report_str_at(ck, "status"), *name = report_str_at(ck, "name");
        const char *v = report_str_at(ck, "value"), *rel = report_str_at(ck, "relation"),
                   *b = report_str_at(ck, "bound");
        if (strcmp(st, "fail") == 0) {
            fail = 1;
            if (!first_fail)
                first_fail = name;
        } else if (strcmp(st, "undecided") == 0) {
            undecided = 1;
        }
        if ((strcmp(st, "pass") && strcmp(st, "fail")) || !v || !rel || !b)
            continue;
        int h = relation_holds(v, rel, b);
        if (h >= 0 && h != (strcmp(st, "pass") == 0))
            return ic_err_set(err, IC_EINPUT,
                              "%s: inconsistent certificate: check '%s' says %s but %s %s %s %s",
                              path, name, st, v, rel, b, h ? "holds" : "does not hold");
    }
    const char *derived = fail ? "fail" : undecided ? "undecided" : "pass";
    const char *verdict = report_str_at(root, "verdict");
    if (strcmp(derived, verdict) != 0) {
        if (first_fail)
            return ic_err_set(err, IC_EINPUT,
                              "%s: inconsistent certificate: verdict '%s' but check '%s' failed (verdict %s)",
                              path, verdict, first_fail, derived);
        return ic_err_set(err, IC_EINPUT, "%s: inconsistent certificate: verdict '%s' but its checks give '%s'",
                          path, verdict, derived);
    }
    const char *expect = report_str_at(root, "expect");
    json_t *ej = json_object_get(root, "expect");
    if (ej && (!expect || (strcmp(expect, "pass") && strcmp(expect, "fail"))))
        return not_cert(path, "\"expect\" is not pass or fail", err);
    return IC_OK;
}

int report_add(report_set *s, const char *path, json_t *root, ic_err *err)
{
    static const char *const verdicts[] = { "pass", "fail", "undecided", NULL };
    static const char *const statuses[] = { "pass", "fail", "undecided", "info", "not_applicable", NULL };
    if (!json_is_object(root))
        return not_cert(path, "not a JSON object", err);
    const char *fmt = report_str_at(root, "format");
    if (!fmt || strcmp(fmt, "icalcheck-certificate/1") != 0)
        return not_cert(path, fmt ? "unknown format" : "no \"format\"", err);
    json_t *claim = json_object_get(root, "claim"), *checks = json_object_get(root, "checks");
    if (!json_is_object(claim) || !report_str_at(claim, "id"))
        return not_cert(path, "no claim id", err);
    if (!report_str_at(root, "mode"))
        return not_cert(path, "no mode", err);
    if (!is_one_of(report_str_at(root, "verdict"), verdicts))
        return not_cert(path, "no valid verdict", err);
    if (!json_is_array(checks))
        return not_cert(path, "no checks", err);
    size_t i;
    json_t *ck;
    json_array_foreach(checks, i, ck) {
        if (!json_is_object(ck) || !report_str_at(ck, "name") || !is_one_of(report_str_at(ck, "status"), statuses))
            return ic_err_set(err, IC_EINPUT, "%s: check %zu has no name or a bad status", path, i);
    }
    json_t *p = json_object_get(root, "parameters"), *in = json_object_get(root, "inputs");
    if ((p && !json_is_object(p)) || (in && !json_is_array(in)))
        return not_cert(path, "bad parameters or inputs", err);
    int rc = check_consistent(path, root, err);
    if (rc)
        return rc;
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 16;
        report_cert *v = ic_reallocarray(s->v, cap, sizeof *v);
        if (!v)
            return ic_err_set(err, IC_EINTERNAL, "out of memory");
        s->v = v;
        s->cap = cap;
    }
    report_cert *c = &s->v[s->n];
    memset(c, 0, sizeof *c);
    c->path = strdup(path);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t bl = strlen(base);
    if (bl > 5 && strcmp(base + bl - 5, ".json") == 0)
        bl -= 5;
    c->name = strndup(base, bl);
    if (!c->path || !c->name) {
        free(c->path);
        free(c->name);
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    }
    c->root = json_incref(root);
    c->worst = NAN;
    json_array_foreach(checks, i, ck) {
        double r = report_check_ratio(ck);
        if (isfinite(r) && (isnan(c->worst) || r > c->worst)) {
            c->worst = r;
            c->worst_name = report_str_at(ck, "name");
        }
    }
    s->n++;
    return IC_OK;
}

static int load_file(report_set *s, const char *path, ic_err *err)
{
    unsigned char *buf;
    size_t len;
    int rc = ic_read_file(path, REPORT_MAX_CERT_BYTES, &buf, &len, err);
    if (rc)
        return rc;
    json_error_t je;
    json_t *root = json_loadb((const char *)buf, len, JSON_REJECT_DUPLICATES, &je);
    free(buf);
    if (!root)
        return ic_err_set(err, IC_EINPUT, "%s: not valid JSON (line %d: %s)", path, je.line, je.text);
    rc = report_add(s, path, root, err);
    json_decref(root);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_dir(report_set *s, const char *dir, ic_err *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return ic_err_set(err, IC_EINPUT, "%s: cannot open directory", dir);
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = IC_OK;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && !rc) {
        size_t l = strlen(e->d_name);
        if (e->d_name[0] == '.' || l <= 5 || strcmp(e->d_name + l - 5, ".json") != 0)
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 32;
            char **nv = ic_reallocarray(names, cap, sizeof *nv);
            if (!nv) {
                rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
                break;
            }
            names = nv;
        }
        size_t dl = strlen(dir);
        names[n] = malloc(dl + l + 2);
        if (!names[n]) {
            rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
            break;
        }
        sprintf(names[n++], "%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", e->d_name);
    }
    closedir(d);
    if (names)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        if (!rc)
            rc = load_file(s, names[i], err);
        free(names[i]);
    }
    free(names);
    return rc;
}

int report_load(report_set *s, int argc, char **argv, ic_err *err)
{
    for (int i = 0; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0)
            return ic_err_set(err, IC_EINPUT, "%s: no such file or directory", argv[i]);
        size_t before = s->n;
        int rc = S_ISDIR(st.st_mode) ? load_dir(s, argv[i], err) : load_file(s, argv[i], err);
        if (rc)
            return rc;
        if (S_ISDIR(st.st_mode) && s->n == before)
            return ic_err_set(err, IC_EINPUT, "%s: no certificates (*.json) in this directory", argv[i]);
    }
    return IC_OK;
}

/* strcmp with digit runs compared as numbers: point-9 before point-10. */
static int natcmp(const char *a, const char *b)
{
    while (*a && *b) {
        if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
            while (*a == '0' && isdigit((unsigned char)a[1]))
                a++;
            while (*b == '0' && isdigit((unsigned char)b[1]))
                b++;
            size_t la = 0, lb = 0;
            while (isdigit((unsigned char)a[la]))
                la++;
            while (isdigit((unsigned char)b[lb]))
                lb++;
            if (la != lb)
                return la < lb ? -1 : 1;
            int c = strncmp(a, b, la);
            if (c)
                return c;
            a += la;
            b += lb;
        } else {
            if (*a != *b)
                return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
            a++;
            b++;
        }
    }
    return *a ? 1 : *b ? -1 : 0;
}

static int cmp_cert(const void *pa, const void *pb)
{
    const report_cert *a = pa, *b = pb;
    int c = natcmp(a->name, b->name);
    return c ? c : natcmp(a->path, b->path);
}

/* Section ids: the name with characters outside [A-Za-z0-9_.-] replaced,
 * and "-2", "-3", ... where two certificates share a name. */
void report_finish(report_set *s)
{
    if (s->n > 1)
        qsort(s->v, s->n, sizeof *s->v, cmp_cert);
    for (size_t i = 0; i < s->n; i++) {
        report_cert *c = &s->v[i];
        size_t l = strlen(c->name);
        c->id = malloc(l + 24);
        if (!c->id)
            continue;
        for (size_t k = 0; k <= l; k++) {
            char ch = c->name[k];
            c->id[k] = (!ch || isalnum((unsigned char)ch) || ch == '_' || ch == '-' || ch == '.') ? ch : '_';
        }
        size_t dup = 1;
        for (size_t j = 0; j < i; j++)
            if (strcmp(s->v[j].name, c->name) == 0)
                dup++;
        if (dup > 1)
            sprintf(c->id + l, "-%zu", dup);
    }
}

void report_free(report_set *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].path);
        free(s->v[i].name);
        free(s->v[i].id);
        json_decref(s->v[i].root);
    }
    free(s->v);
    memset(s, 0, sizeof *s);
}
