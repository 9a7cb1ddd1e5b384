/* Tests of the parametric proofs of C1 (proofs/augmented/parametric.c, literal.c): the derived forms equal
 * the stated ones for all d, T, N; perturbed forms are refuted at the smallest (d, T) or (d, N) with the
 * exact discrepancy; the literal model terms match known values; the GD identity holds symbolically and
 * fails for a perturbed construction. */
#include <string.h>

#include "augmented/augmented.h"
#include "tap.h"

static void refuted(const aug_derivation *dv, int which, const char *num, const char *den, long x0, long x1,
                    long dn, long dd)
{
    ic_err err;
    ic_err_clear(&err);
    ic_cf_verdict v;
    ic_cf_verdict_init(&v);
    int rc = aug_check_form(&v, dv, which, num, den, &err);
    fmpq_t want;
    fmpq_init(want);
    fmpq_set_si(want, dn, (ulong)dd);
    char *got = fmpq_get_str(NULL, 10, v.discrepancy);
    ok(rc == IC_OK && v.refuted && v.x[0] == x0 && v.x[1] == x1 && fmpq_equal(v.discrepancy, want),
       "%s = (%s)/(%s) refuted at (%ld, %ld), want (%ld, %ld); discrepancy %s, want %ld/%ld", aug_cf_name[which],
       num, den, v.x[0], v.x[1], x0, x1, got, dn, dd);
    flint_free(got);
    fmpq_clear(want);
    ic_cf_verdict_clear(&v);
}

int main(void)
{
    ic_err err;
    ic_err_clear(&err);
    aug_derivation dv;
    int rc = aug_derive(&dv, &err);
    ok(rc == IC_OK, "derivation runs: %s", rc ? err.msg : "ok");
    if (rc)
        return done_testing();
    ok(dv.exhaustive, "every pattern set exhausts its index tuples");
    ok(dv.rotations_equal, "the rotation-pairs sums equal the unitary sums for all even d");
    ok(dv.den_positive && dv.pool_positive, "den_T > 0 and the pooled den > 0 are shown on the whole domain");
    for (int k = 0; k < AUG_CF_N; k++) {
        ic_cf_verdict v;
        ic_cf_verdict_init(&v);
        rc = aug_check_form(&v, &dv, k, aug_cf_stated[k][0], aug_cf_stated[k][1], &err);
        ok(rc == IC_OK && !v.refuted, "stated %s = (%s)/(%s) holds on %s", aug_cf_name[k], aug_cf_stated[k][0],
           aug_cf_stated[k][1], dv.dom[k].text);
        ic_cf_verdict_clear(&v);
    }
    /* refutations: the smallest counterexample and the exact discrepancy */
    refuted(&dv, AUG_CF_ETA, "d", "T+d", 1, 1, -1, 2);            /* 1/2 - 1 */
    refuted(&dv, AUG_CF_LOSS, "d-1", "T+d", 2, 1, -1, 6);         /* 1/3 - 1/2; d = 1 agrees */
    refuted(&dv, AUG_CF_ETA_POOL, "3*d", "2*N+3*d-1", 1, 1, -1, 4); /* 3/4 - 1 */
    refuted(&dv, AUG_CF_ETA_POOL, "3*d", "2*N+3*d", 1, 1, -2, 5);   /* 3/5 - 1 */
    /* pooled loss with 3/2 -> 1: N - N(N+1)/(2N+3d-2) is N - 2/3 ... at (1,1): 1 - 2/3 = 1/3 vs 0 */
    refuted(&dv, AUG_CF_LOSS_POOL, "N*(2*N+3*d-2) - N*(N+1)", "2*N+3*d-2", 1, 1, 1, 3);
    refuted(&dv, AUG_CF_NUM, "T", "d+1", 1, 1, -1, 2);
    refuted(&dv, AUG_CF_DEN, "T*(T+d)", "d^2", 1, 1, 1, 1);
    {
        ic_cf_verdict v;
        ic_cf_verdict_init(&v);
        rc = aug_check_form(&v, &dv, AUG_CF_ETA_GENERAL, "T*p2", "T^2*p3+T*p1*p2", &err);
        ok(rc == IC_OK && v.refuted, "general s_0 with sum_{k} instead of sum_{k != j} is refuted");
        ic_cf_verdict_clear(&v);
        rc = aug_check_form(&v, &dv, AUG_CF_ETA, "d+", "1", &err);
        ok(rc == IC_EINPUT, "an unparsable claimed form is an input error: %s", err.msg);
        ic_cf_verdict_clear(&v);
    }
    /* literal terms from the model's definition: d = 2, T = 2 by hand:
     * num terms t = 1, 2 are d each (only j = k survives); den (t, t') =
     * d(d-1) [t = t'] + d */
    {
        fmpq nt[2], dt[4];
        for (int i = 0; i < 2; i++)
            fmpq_init(&nt[i]);
        for (int i = 0; i < 4; i++)
            fmpq_init(&dt[i]);
        for (int model = AUG_UNITARY; model <= AUG_ROTATIONS; model++) {
            rc = aug_literal_terms(nt, dt, model, 2, 2, &err);
            ok(rc == IC_OK && fmpq_equal_si(&nt[0], 2) && fmpq_equal_si(&nt[1], 2) && fmpq_equal_si(&dt[0], 4) &&
                   fmpq_equal_si(&dt[1], 2) && fmpq_equal_si(&dt[2], 2) && fmpq_equal_si(&dt[3], 4),
               "%s d = 2, T = 2: num terms 2, 2; den terms [[4, 2], [2, 4]]", model ? "rotations" : "unitary");
        }
        for (int i = 0; i < 2; i++)
            fmpq_clear(&nt[i]);
        for (int i = 0; i < 4; i++)
            fmpq_clear(&dt[i]);
        ok(aug_literal_terms(NULL, NULL, AUG_ROTATIONS, 3, 2, &err) == IC_EINPUT, "odd d for rotations refused");
    }
    long cmp = 0, bad = 0;
    rc = aug_crosscheck_literal(&dv, 4, 4, &cmp, &bad, &err);
    ok(rc == IC_OK && bad == 0 && cmp > 500, "per-(t, t') cross-check, d, T <= 4: %ld comparisons, %ld mismatches",
       cmp, bad);
    /* the GD identity */
    long nv, nt;
    int holds;
    rc = aug_gd_symbolic(3, 4, &nv, &nt, &holds, &err);
    ok(rc == IC_OK && holds && nv == 5 * 3 + 2 && nt == 4 * 3 * 3,
       "GD identity d = 3, T = 4: holds in %ld variables, %ld terms per coordinate", nv, nt);
    ok(aug_gd_symbolic(0, 4, &nv, &nt, &holds, &err) == IC_EINPUT, "d = 0 refused");
    aug_derivation_clear(&dv);
    return done_testing();
}
