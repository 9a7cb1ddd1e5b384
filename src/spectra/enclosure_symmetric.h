/* ic_encl_sym: the fast symmetric route of ic_encl (internal to the library).
 *
 * Exact products through ic_dyadic (double BLAS), Ogita-Aishima refinement
 * only to about half the working precision, then a second-order bound:
 * with M = X^T A X and E = X^T X - I formed exactly, A is orthogonally
 * similar to N = (I+E)^(-1/2) M (I+E)^(-1/2), which differs from
 * N' = M - (E M + M E)/2 by O(||E||^2 ||M||), and the eigenvalues of N'
 * are enclosed by Gershgorin discs after a diagonal scaling that makes an
 * isolated disc's radius quadratic in the off-diagonal entries.
 * doc/enclosures.md has the derivation. */
#ifndef IC_SPECTRA_ENCLOSURE_SYMMETRIC_H
#define IC_SPECTRA_ENCLOSURE_SYMMETRIC_H

#include <arb.h>

#include "base/error.h"
#include "numbers/matrix.h"

/* Enclosures of the eigenvalues of the symmetric matrix s (full, exact),
 * for working precision wp: on success *count disjoint real intervals
 * iv[i] (s->rows balls initialised by the caller), each containing exactly mult[i] eigenvalues, and *done = 1.
 * *done = 0 when the route does not apply (LAPACK failure, no
 * convergence, near-multiple eigenvalues it cannot separate, digits
 * beyond IC_DYADIC_KMAX): the caller then uses the general-purpose route.
 * Errors: IC_EINTERNAL (memory). */
int ic_encl_sym_fast(arb_ptr iv, size_t *mult, size_t *count, int *done, const ic_mat *s, slong wp,
                 ic_err *err);

/* Eigenvectors (columns, row-major n x n) of LAPACKE_dsyevd on the
 * scaled double copy of s; 1 on success (all finite), 0 otherwise.  The
 * starting basis of both symmetric routes. */
int ic_encl_sym_dsyevd(double *vecs, const ic_mat *s);

#endif
