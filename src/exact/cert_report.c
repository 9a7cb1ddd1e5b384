/* ic_exact_cert: exact proofs written into certificates (cert_report.h). */
#include "exact/cert_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ic_exact_cert_sweep_init(ic_exact_cert_sweep *s, const long *ds, size_t nd, const long *Ts, size_t nT,
                              long work, int row_checks)
{
    memset(s, 0, sizeof *s);
    s->ds = ds;
    s->Ts = Ts;
    s->nd = nd;
    s->nT = nT;
    long eval_rows = 0;
    for (size_t i = 0; i < nd; i++)
        for (size_t k = 0; k < nT; k++) {
            int sym = ic_exact_symbolic_work((size_t)ds[i], (size_t)Ts[k]) <= (double)work;
            s->route[i * nT + k] = sym ? 's' : 'e';
            if (!sym)
                eval_rows += row_checks * (Ts[k] - 1);
        }
    if (eval_rows) {
        /* union bound: eval_rows identities, each below 2^-(target + extra) */
        long extra = 0;
        while ((1L << extra) < eval_rows)
            extra++;
        s->sz_points = ic_exact_sz_points(IC_EXACT_SZ_DEG, IC_EXACT_SZ_BITS, IC_EXACT_SZ_TARGET + extra);
        s->sz_log2 = ic_exact_sz_log2_bound(IC_EXACT_SZ_DEG, IC_EXACT_SZ_BITS, s->sz_points) + (double)extra;
    }
}

int ic_exact_cert_is_symbolic(const ic_exact_cert_sweep *s, size_t i, size_t k)
{
    return s->route[i * s->nT + k] == 's';
}

ic_exact_plan ic_exact_cert_plan(const ic_exact_cert_sweep *s, size_t i, size_t k, ic_exact_rand *rand)
{
    ic_exact_plan p = { 1, 0, 0, NULL };
    if (!ic_exact_cert_is_symbolic(s, i, k)) {
        p.symbolic = 0;
        p.points = s->sz_points;
        p.bits = IC_EXACT_SZ_BITS;
        p.rand = rand;
    }
    return p;
}

void ic_exact_cert_list(char *buf, size_t len, const long *v, size_t n)
{
    size_t o = (size_t)snprintf(buf, len, "{");
    for (size_t i = 0; i < n && o < len; i++)
        o += (size_t)snprintf(buf + o, len - o, "%s%ld", i ? ", " : "", v[i]);
    if (o < len)
        snprintf(buf + o, len - o, "}");
}

/* The (d, T) pairs with the given route, as text ("none" if there are none). */
static void pairs_text(char *buf, size_t len, const ic_exact_cert_sweep *s, char route)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < s->nd; i++)
        for (size_t k = 0; k < s->nT; k++)
            if (s->route[i * s->nT + k] == route && o < len)
                o += (size_t)snprintf(buf + o, len - o, "%s(%ld, %ld)", o ? ", " : "", s->ds[i], s->Ts[k]);
    if (!o)
        snprintf(buf, len, "none");
}

void ic_exact_cert_routes(ic_cert *cert, const ic_exact_cert_sweep *s)
{
    char sp[1200], ep[1200], buf[2600];
    pairs_text(sp, sizeof sp, s, 's');
    pairs_text(ep, sizeof ep, s, 'e');
    snprintf(buf, sizeof buf, "symbolic: %s; exact evaluation: %s", sp, ep);
    ic_cert_measure_str(cert, "exact_routes",
                        "(d, T) whose row identities were proved as polynomials, and those checked by exact "
                        "evaluation at random points (--symbolic-work)",
                        buf);
}

void ic_exact_cert_identity(ic_cert *cert, const char *name, const char *what, const ic_exact_result *sym,
                            const ic_exact_result *ev, const ic_exact_cert_sweep *s, const char *how,
                            const char *how_eval)
{
    long bad = (long)(sym->diff_terms + ev->diff_terms) + ev->mismatches;
    char val[32], scope[3000], method[1600], sp[1200], ep[1200], grid[400], dl[160], tl[160];
    snprintf(val, sizeof val, "%ld", bad);
    int failed = sym->failed || ev->failed || bad;
    ic_cert_check_status(cert, name, what, val, "==", "0", failed ? "fail" : "pass");
    ic_exact_cert_list(dl, sizeof dl, s->ds, s->nd);
    ic_exact_cert_list(tl, sizeof tl, s->Ts, s->nT);
    snprintf(grid, sizeof grid, "every (d, T) with d in %s, T in %s; all real C (d x d) and used entries of P", dl,
             tl);
    if (!ev->configs) {
        snprintf(method, sizeof method,
                 "%s; fmpq_mpoly identity of every row t in its d^2 + t + 2 variables (C, P[t][0..t+1]; up to %ld), "
                 "%ld rows, %ld terms in all",
                 how, (long)sym->nvars_max, sym->rows, (long)sym->terms);
        ic_cert_proof(cert, IC_PROOF_SYMBOLIC, grid, method);
    } else {
        pairs_text(sp, sizeof sp, s, 's');
        pairs_text(ep, sizeof ep, s, 'e');
        snprintf(scope, sizeof scope, "%s; symbolic for %s; exact evaluation for %s", grid, sp, ep);
        snprintf(method, sizeof method,
                 "symbolic: %s, fmpq_mpoly identity of each row (%ld rows, %ld terms); exact: %s, each of %ld rows at "
                 "%ld random integer points of [0, 2^%d)^n (%ld points), total degree <= %d: Schwartz-Zippel "
                 "false-pass probability <= (%d/2^%d)^%ld per row, <= 2^%.2f over every evaluated row identity of "
                 "the run",
                 how, sym->rows, (long)sym->terms, how_eval ? how_eval : how, ev->rows, s->sz_points,
                 IC_EXACT_SZ_BITS, ev->points, IC_EXACT_SZ_DEG, IC_EXACT_SZ_DEG, IC_EXACT_SZ_BITS, s->sz_points,
                 s->sz_log2);
        ic_cert_proof(cert, IC_PROOF_EXACT, scope, method);
    }
    const ic_exact_result *f = sym->failed ? sym : ev;
    if (f->failed) {
        char key[96];
        snprintf(key, sizeof key, "counterexample_%s", name);
        size_t len = strlen(f->fail_text) + 96;
        char *txt = malloc(len);
        snprintf(txt, len, "(d, T) = (%zu, %zu), row t = %zu: %s", f->fail_d, f->fail_T, f->fail_t, f->fail_text);
        ic_cert_data(cert, key, json_string(txt));
        free(txt);
    }
}

void ic_exact_cert_family(ic_cert *cert, const char *name, const char *what, const ic_exact_result *res,
                          const char *scope, const char *method)
{
    char val[32];
    snprintf(val, sizeof val, "%ld", (long)res->diff_terms);
    ic_cert_check_status(cert, name, what, val, "==", "0", res->failed || res->diff_terms ? "fail" : "pass");
    ic_cert_proof(cert, IC_PROOF_SYMBOLIC, scope, method);
    if (res->failed) {
        char key[96];
        snprintf(key, sizeof key, "counterexample_%s", name);
        ic_cert_data(cert, key, json_string(res->fail_text));
    }
}

int ic_exact_cert_check_options(const ic_param_set *p, ic_err *err)
{
    long work = ic_param_int(p, "symbolic-work");
    if (work < 0)
        return ic_err_set(err, IC_EINPUT, "--symbolic-work: %ld is negative", work);
    long ex = ic_param_int(p, "exact"), sa = ic_param_int(p, "sampled");
    if ((ex != 0 && ex != 1) || (sa != 0 && sa != 1) || !(ex || sa))
        return ic_err_set(err, IC_EINPUT, "--exact, --sampled: each 0 or 1, and not both 0");
    return IC_OK;
}
