/* ic_encl_gen: the fast route of ic_encl for general real matrices (internal).
 *
 * LAPACKE_dgeev gives eigenvectors V and LAPACK's inverse gives W ~ V^-1;
 * Newton refinement of both (V <- V (I + G), W <- (I - G - D) W with
 * K = W V = I + D, M = W A V, g_ij = (m_ij - d_ij l_j) / (l_j - l_i))
 * with exact products through ic_dyadic, to beyond the working precision.  The
 * bound: A is similar to K^-1 M, and ||K^-1 M - M||_inf <= delta/(1-delta)
 * ||M||_inf with delta = ||K - I||_inf, so Gershgorin's discs of M, each
 * widened by that amount, count the eigenvalues of A.  doc/enclosures.md
 * has the argument. */
#ifndef IC_SPECTRA_ENCLOSURE_GENERAL_H
#define IC_SPECTRA_ENCLOSURE_GENERAL_H

#include <acb.h>

#include "base/error.h"
#include "numbers/matrix.h"

/* Gershgorin discs for the eigenvalues of the square matrix a (exact) at
 * working precision wp: on success, disc[i] (a->rows acb, initialised by
 * the caller) has centre (mid re, mid im) and radius rad(re) (rad(im) is
 * 0), and *done = 1.  The discs follow Gershgorin's theorem: a union of k
 * of them that meets no other holds exactly k eigenvalues.  *done = 0 when
 * the route does not apply (LAPACK failure, clustered or defective
 * eigenvalues that Newton's iteration does not resolve, more digits than
 * ic_dyadic allows): the caller then uses the Arb route.
 * Errors: IC_EINTERNAL (memory). */
int ic_encl_gen_fast(acb_ptr disc, int *done, const ic_mat *a, slong wp, ic_err *err);

#endif
