/* ic_encl: eigenvalue and singular value enclosures for ic_mat matrices.
 *
 * Route: LAPACKE in double for starting values, refinement at the matrix's
 * MPFR precision, then a bound.  Each result is a cluster: a disc (or, for
 * real spectra, an interval) with centre (re, im) and radius rad that
 * contains exactly mult eigenvalues of the exact matrix, counted with
 * algebraic multiplicity.  Eigenvalues closer than the caller's cluster
 * tolerance are merged into one cluster, so C = c I is reported as one
 * cluster of multiplicity n, never as a failure of the method.
 *
 * rigorous = 1 when the radius is a proven bound (the exact eigenvalues
 * lie in the disc), 0 when it is an estimate only; callers record it.
 * Estimates arise in practice only for non-diagonalisable (defective)
 * clusters of ic_encl_eig_gen that Rump's method cannot certify.
 *
 * Each function overwrites *out without freeing it (start from a cleared
 * or zero-initialised spectrum) and leaves n = 0 on error.  Work is done
 * above the matrix precision (guard bits; the Gram matrix of ic_encl_svd at
 * twice it); centres and radii are stored at the matrix precision, the
 * radius covering the rounding of the centre.  Errors: IC_EINPUT for a
 * non-square matrix (eigenvalues), a non-finite entry or a negative or
 * non-finite tolerance; IC_EINTERNAL when memory runs out. */
#ifndef IC_SPECTRA_ENCLOSURE_H
#define IC_SPECTRA_ENCLOSURE_H

#include "numbers/matrix.h"

typedef struct {
    mpfr_t re, im;   /* centre; im is 0 for real clusters */
    mpfr_t rad;      /* radius (>= 0), rounded up */
    size_t mult;     /* number of eigenvalues inside */
} ic_encl_cluster;

typedef struct {
    size_t n;          /* number of clusters */
    ic_encl_cluster *c;    /* sorted by decreasing centre real part, then imaginary part */
    int rigorous;      /* 1 when every radius is a proven bound */
    mpfr_prec_t prec;  /* precision the enclosure was computed at */
} ic_encl_spectrum;

void ic_encl_spectrum_clear(ic_encl_spectrum *s);

/* Eigenvalues of a symmetric matrix (only the upper triangle is read).
 * cluster_tol: eigenvalues whose enclosures lie within cluster_tol * max(1,
 * spectral radius) of each other are merged. */
int ic_encl_eig_sym(ic_encl_spectrum *out, const ic_mat *a, double cluster_tol, ic_err *err);

/* Routes of ic_encl_eig_sym: AUTO tries FAST (exact products through double
 * BLAS, refinement to half the precision and a second-order bound) and
 * falls back to CLASSIC (Ogita-Aishima in Arb to the full precision,
 * Gershgorin and Ostrowski) where FAST does not apply: near-multiple
 * eigenvalues it cannot separate, or more than about 1100 bits.  FAST alone
 * leaves out->n = 0 when it does not apply.  Both are rigorous; tests
 * compare them. */
typedef enum { IC_ENCL_ROUTE_AUTO, IC_ENCL_ROUTE_FAST, IC_ENCL_ROUTE_CLASSIC } ic_encl_route;
int ic_encl_eig_sym_route(ic_encl_spectrum *out, const ic_mat *a, double cluster_tol, ic_encl_route route, ic_err *err);

/* The bound of ic_encl_eig_sym alone, from a caller's approximate eigenvector
 * basis x (n x n, columns), without refinement: rigorous whenever
 * ||X^T X - I||_2 < 1/2 (else the radii are estimates).  For tests of the
 * bound and for timing it apart from the refinement. */
int ic_encl_eig_sym_basis(ic_encl_spectrum *out, const ic_mat *a, const ic_mat *x, double cluster_tol, ic_err *err);

/* Eigenvalues of a general square real matrix (complex pairs appear as two
 * clusters with im of opposite sign, unless merged with a real cluster).
 * Proven clusters of a pair are exact mirror images (same re, +im first). */
int ic_encl_eig_gen(ic_encl_spectrum *out, const ic_mat *a, double cluster_tol, ic_err *err);

/* Routes of ic_encl_eig_gen: AUTO tries FAST (LAPACK eigenvectors and their
 * inverse refined by Newton's method with exact products through double
 * BLAS, then Gershgorin on W A V) and falls back to CLASSIC (Arb's QR,
 * then van der Hoeven-Mourrain or Rump) for clustered or defective
 * eigenvalues and beyond about 1000 bits.  FAST alone leaves out->n = 0
 * when it does not apply. */
int ic_encl_eig_gen_route(ic_encl_spectrum *out, const ic_mat *a, double cluster_tol, ic_encl_route route, ic_err *err);

/* Singular values of a rows x cols matrix (min(rows, cols) of them,
 * counting zeros), as real clusters sorted decreasingly. */
int ic_encl_svd(ic_encl_spectrum *out, const ic_mat *a, double cluster_tol, ic_err *err);

#endif
