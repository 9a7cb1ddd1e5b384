/* ic_claim_check_abp_shapes: the shapes and work of the reduced models'
 * (A, B, P) inputs, read from the files' headers before anything is loaded
 * (see src/certificates/abp_shapes.h). */
#include "certificates/abp_shapes.h"

int ic_claim_check_abp_shapes(const ic_param_set *ps, mpfr_prec_t p, int even_d, ic_err *err)
{
    static const char *const names[3] = { "A", "B", "P" };
    ic_npy_array a[3];
    for (int i = 0; i < 3; i++) {
        int rc = ic_probe_array(ps, names[i], &a[i], err);
        if (rc)
            return rc;
        if (a[i].ndim != 2 || a[i].size == 0)
            return ic_err_set(err, IC_EINPUT, "%s: --%s must be a non-empty 2-D array, got %zu dimensions",
                              ic_param_get(ps, names[i]), names[i], a[i].ndim);
    }
    if (a[1].shape[0] != a[0].shape[0] || a[1].shape[1] != a[0].shape[1])
        return ic_err_set(err, IC_EINPUT, "%s: --B has shape (%zu, %zu) but --A (%s) has (%zu, %zu)",
                          ic_param_get(ps, "B"), a[1].shape[0], a[1].shape[1], ic_param_get(ps, "A"),
                          a[0].shape[0], a[0].shape[1]);
    if (even_d && a[0].shape[1] % 2)
        return ic_err_set(err, IC_EINPUT, "%s: d = %zu is odd; the orthogonal case pairs coordinates",
                          ic_param_get(ps, "A"), a[0].shape[1]);
    if (a[2].shape[0] != a[2].shape[1] || a[2].shape[0] < 2)
        return ic_err_set(err, IC_EINPUT, "%s: --P must be square T x T with T >= 2, got (%zu, %zu)",
                          ic_param_get(ps, "P"), a[2].shape[0], a[2].shape[1]);
    double H = (double)a[0].shape[0], d = (double)a[0].shape[1], T = (double)a[2].shape[0];
    size_t n = a[0].shape[0] > a[0].shape[1] ? a[0].shape[0] : a[0].shape[1];
    if (a[2].shape[0] > n)
        n = a[2].shape[0];
    /* A, B, P, the d x d and H x H products, and the spectral
     * enclosures' workspace (about 16 d x d at twice the precision). */
    return ic_claim_check_work(ps, 2 * H * d + T * T + 2 * H * H + 4 * d * d + 32 * d * d, n, p,
                               "compare", err);
}
