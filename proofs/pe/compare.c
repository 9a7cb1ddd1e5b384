/* Claim pe, compare mode: trained weights against the closed forms
 * (the checks are listed in proofs/pe/README.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "expectations/angle_quadrature.h"
#include "numbers/test_points.h"
#include "pe/pe.h"

static json_t *matrix_json_d(const double *P, size_t T)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < T; i++) {
        json_t *r = json_array();
        for (size_t j = 0; j < T; j++)
            json_array_append_new(r, json_real(P[i * T + j]));
        json_array_append_new(rows, r);
    }
    return rows;
}


const ic_param_spec pe_compare_params[] = {
    { "P", IC_PARAM_FILE, NULL, NULL, "trained positional matrix, T x T (.npy)" },
    { "mu", IC_PARAM_REAL, NULL, NULL, "angle scale the matrix was trained with", "(0, inf)" },
    { "T", IC_PARAM_INT, "30", NULL, "sequence length (must match the file)", "[3, 200]" },
    { "lr", IC_PARAM_REAL, "0.5", NULL, "learning rate used in training", "(0, 1)" },
    { "batch", IC_PARAM_INT, "1000", NULL, "batch size used in training (for the residual estimate)", "[1, 10000000]" },
    { "stop-loss", IC_PARAM_REAL, "1e-3", NULL, "stopping threshold used in training", "(0, inf)" },
    { "tol", IC_PARAM_REAL, "0.02", NULL, "tolerance of the max-abs deviation from the path", "[0, inf)" },
    IC_PARAM_PREC,
    IC_PARAM_MAX_BYTES,
    IC_PARAM_END
};

#define PE_RESIDUAL_SEEDS 16

int pe_compare(const ic_param_set *ps, ic_cert *cert, ic_err *err)
{
    mpfr_prec_t prec = ic_param_int(ps, "prec");
    /* T, batch, mu > 0, lr against T (check.c) */
    int rc = pe_check("compare", ps, err);
    if (rc)
        return rc;
    long T = ic_param_int(ps, "T"), batch = ic_param_int(ps, "batch");
    ic_npy_array A = { 0 };
    /* The shape from the header first: nothing is inflated or converted
     * for a file of the wrong shape. */
    rc = ic_probe_array(ps, "P", &A, err);
    if (rc)
        return rc;
    size_t n = (size_t)T;
    if (A.ndim != 2 || A.shape[0] != n || A.shape[1] != n)
        return ic_err_set(err, IC_EINPUT, "%s: expected a %ld x %ld matrix (--T %ld)", ic_param_get(ps, "P"), T, T, T);
    rc = ic_load_array(ps, "P", cert, &A, err);
    if (rc)
        return rc;
    mpfr_t mu, lr, d, m, pm;
    mpfr_inits2(prec, mu, lr, d, m, pm, (mpfr_ptr)0);
    double *g = NULL, *Pb = NULL, *gb = NULL;
    pe_path path;
    int have_path = 0;
    rc = pe_parse_real(mu, ps, "mu", err);
    if (!rc)
        rc = pe_parse_real(lr, ps, "lr", err);
    if (!rc) {
        rc = pe_path_run(&path, n, mu, lr, ic_param_get(ps, "stop-loss"), prec, err);
        have_path = 1;
    }
    if (rc)
        goto out;
    char buf[160];
    snprintf(buf, sizeof buf, "%ld", path.k);
    ic_cert_measure_str(cert, "k", "stopping index of the closed-form path (authors' rule, exact moments)", buf);
    ic_cert_check_status(cert, "k_decided", "the threshold comparisons that fix k hold beyond the error bound",
                     path.decided ? "yes" : "no", NULL, NULL, path.decided ? "pass" : "undecided");
    ic_cert_proof(cert, IC_PROOF_ENCLOSURE, "this (T, mu)",
                  "MPFR path with an a priori bound on its rounding error (doc/c5-pe.md); the threshold comparisons decided outside it");
    ic_cert_measure(cert, "path_loss", "exact expected loss of the closed-form matrix P_k", path.loss_k);
    /* deviation over the saved entries t' <= t, rows 0..T-2 */
    mpfr_set_zero(m, 1);
    mpfr_set_zero(pm, 1);
    double outside = 0;
    int super_saved = 0;   /* the file holds the superdiagonal (not masked as in the authors' save) */
    for (size_t t = 0; t + 1 < n; t++)
        super_saved |= A.data[t * n + t + 1] != 0;
    for (size_t t = 0; t < n; t++)
        for (size_t j = 0; j < n; j++) {
            double x = A.data[t * n + j];
            if (t + 1 < n && j <= t) {
                mpfr_set_d(d, x, MPFR_RNDN);
                mpfr_sub(d, d, IC_MAT_AT(&path.P, t, j), MPFR_RNDN);
                mpfr_abs(d, d, MPFR_RNDN);
                mpfr_max(m, m, d, MPFR_RNDN);
                mpfr_abs(d, IC_MAT_AT(&path.P, t, j), MPFR_RNDN);
                mpfr_max(pm, pm, d, MPFR_RNDN);
            } else if (!(t + 1 < n && j == t + 1)) {
                outside = fmax(outside, fabs(x));
            }
        }
    mpfr_set_d(d, ic_param_real(ps, "tol"), MPFR_RNDN);
    ic_cert_check(cert, "max_abs_deviation", "max |P - P_k| over the saved entries t' <= t, rows 0..T-2", m, "<=", d);
    ic_cert_proof(cert, IC_PROOF_NUMERIC, "the saved matrix of this certificate",
                  "trained (saved) entries against the closed-form path, tolerance stated (unseeded batch: about 0.01)");
    mpfr_div(d, m, pm, MPFR_RNDN);
    ic_cert_measure(cert, "relative_deviation", "max-abs deviation / max |P_k| over the same entries", d);
    /* The superdiagonal P[t][t+1] (weight on the newest key): compared when
     * the file holds it (icalcheck's trainer writes it), not applicable
     * when it is all zero (the authors' pe_only.py saves tril(k=0)). */
    const char *sw = "max |P[t][t+1] - P_k[t][t+1]| over rows 0..T-2 (the superdiagonal: weight on the newest key)";
    if (super_saved) {
        mpfr_set_zero(m, 1);
        for (size_t t = 0; t + 1 < n; t++) {
            mpfr_set_d(d, A.data[t * n + t + 1], MPFR_RNDN);
            mpfr_sub(d, d, IC_MAT_AT(&path.P, t, t + 1), MPFR_RNDN);
            mpfr_abs(d, d, MPFR_RNDN);
            mpfr_max(m, m, d, MPFR_RNDN);
        }
        mpfr_set_d(d, ic_param_real(ps, "tol"), MPFR_RNDN);
        ic_cert_check(cert, "superdiagonal_deviation", sw, m, "<=", d);
    } else {
        ic_cert_not_applicable(cert, "superdiagonal_deviation", sw, NULL, NULL, NULL,
                               "the file's superdiagonal is all zero: masked when saved (the authors' pe_only.py "
                               "keeps t' <= t only)");
    }
    ic_cert_measure_d(cert, "ignored_entries_max_abs",
                  "max |P| over entries that never enter the loss (t' > t+1, and the last row)", outside);
    /* fitted k and the finite-batch residual, in double */
    g = malloc(n * sizeof *g);
    gb = malloc(n * sizeof *gb);
    Pb = malloc(n * n * sizeof *Pb);
    if (!g || !gb || !Pb) {
        rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
        goto out;
    }
    double mud = mpfr_get_d(mu, MPFR_RNDN), lrd = mpfr_get_d(lr, MPFR_RNDN);
    pe_moments_d(g, n, mud);
    double fit_dev;
    long kfit = pe_fit_k(&fit_dev, A.data, g, n, lrd, 2 * path.k + 10);
    snprintf(buf, sizeof buf, "%ld", kfit);
    ic_cert_measure_str(cert, "k_fit", "number of exact-moment GD steps that best fits the saved entries", buf);
    ic_cert_measure_d(cert, "k_fit_deviation", "max-abs deviation at k_fit", fit_dev);
    double rmax = 0, rsum = 0, *Pk = malloc(n * n * sizeof *Pk);
    if (!Pk) {
        rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n * n; i++)
        Pk[i] = mpfr_get_d(path.P.e[i], MPFR_RNDN);
    double stop = ic_param_real(ps, "stop-loss");
    for (int s = 1; s <= PE_RESIDUAL_SEEDS; s++) {
        pe_batch_moments(gb, n, mud, batch, (unsigned long long)s);
        long kb = pe_gd_d(Pb, gb, n, lrd, stop, PE_STEPS_MAX, NULL);
        double dv = 0;
        for (size_t t = 0; t + 1 < n && kb > 0; t++)
            for (size_t j = 0; j <= t; j++)
                dv = fmax(dv, fabs(Pb[t * n + j] - Pk[t * n + j]));
        if (kb < 0)
            dv = INFINITY;
        rmax = fmax(rmax, dv);
        rsum += dv;
    }
    ic_cert_measure_d(cert, "batch_residual_mean",
                  "mean max-abs deviation of 16 seeded batches of the given size (C trainer) from P_k", rsum / PE_RESIDUAL_SEEDS);
    ic_cert_measure_d(cert, "batch_residual_max", "max of the same over the 16 batches", rmax);
    json_t *dat = json_object();
    json_t *fr = json_array(), *pr = json_array();
    for (size_t j = 0; j < n; j++) {   /* row T-2 in full, superdiagonal included */
        json_array_append_new(fr, json_real(A.data[(n - 2) * n + j]));
        json_array_append_new(pr, json_real(Pk[(n - 2) * n + j]));
    }
    json_object_set_new(dat, "file_last_row", fr);
    json_object_set_new(dat, "path_last_row", pr);
    json_object_set_new(dat, "path_matrix", matrix_json_d(Pk, n));
    ic_cert_data(cert, "pe", dat);
    free(Pk);
out:
    if (have_path)
        pe_path_clear(&path);
    free(g);
    free(gb);
    free(Pb);
    ic_npy_free(&A);
    mpfr_clears(mu, lr, d, m, pm, (mpfr_ptr)0);
    return rc;
}
