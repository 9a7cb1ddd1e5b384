/* C6 fast path: the attention core of one head, vectorised across sequences.
 *
 * Included by fast_chunk.h once per (number type, instruction set, register
 * budget) with REAL, VEC (a GCC vector of VL REALs, 32 bytes), KFMA(a, b, c)
 * (a * b + c with one rounding, on every instruction set alike), KATTR
 * (target attributes), KSET1(r) (r in every lane), KDM (largest d + 1
 * kept in registers) and KN(name) (unique names) defined.
 *
 * Layout: the VL lanes of a vector are VL sequences of one block, so every
 * operation is the same for all lanes: no horizontal sums, no masks.  Row c
 * of X, Z, O, dO holds the block's columns t VL + lane (t = 0..n-1); rows
 * are ld apart.  x~ = (x, 1): X's row d (the constant 1) is not read.
 *
 * Forward (M = M_h, tok includes the 1/sqrt(D) folded into M; Av = the
 * head's value map, D x e, row stride lda):
 *   q_t = M^T x~_t,  tok = q_t . x~_l,  a = tok P[t,l],  z_t = sum_{l <= t} a x~_l,
 *   o_t += Av z_t  (the first head stores)
 * Backward, from dO (= dLoss/do):
 *   dz_t = Av^T dO_t,  g = dz_t . x~_l,  dP[t,l] += g tok,
 *   dq_t = sum_{l <= t} g P[t,l] x~_l,  dM += x~_t dq_t^T   (dP, dM per lane)
 * The per-position maps (q, o, dz, dM: O(d D) per position and head) are
 * done here on registers rather than as GEMMs with an inner dimension of
 * d + 1 or D, whose memory traffic costs more than their arithmetic.
 * acc (per-lane dP) is the lower triangle, row t at t (t + 1) / 2; the
 * chunk's first block stores into it, later blocks add. */

/* q_t = M^T x~_t from row-major Mt (e x e, Mt[c'][c] = M[c][c']). */
#define KN_Q(q, x, Mt, d)                                                                    \
    do {                                                                                           \
        _Pragma("GCC unroll 8") for (size_t c2 = 0; c2 <= d; c2++) {                               \
            q[c2] = KSET1(Mt[c2 * (d + 1) + d]);                                                   \
            _Pragma("GCC unroll 8") for (size_t c = 0; c < d; c++)                                 \
                q[c2] = KFMA(KSET1(Mt[c2 * (d + 1) + c]), x[c], q[c2]);                            \
        }                                                                                          \
    } while (0)

static inline __attribute__((always_inline)) KATTR void KN(fwd_body)(const REAL *X, size_t ld, const REAL *Mt,
                                                                    const REAL *Av, size_t lda,
                                                                    const REAL *Ph, REAL *Z, REAL *O,
                                                                    int first, size_t n, size_t d)
{
    size_t D = 2 * d;
    const VEC zero = { 0 };
    for (size_t t = 0; t < n; t++) {
        VEC q[KDM], z[KDM], x[KDM];
        _Pragma("GCC unroll 8")
        for (size_t c = 0; c < d; c++)
            x[c] = *(const VEC *)(X + c * ld + t * VL);
        KN_Q(q, x, Mt, d);
        _Pragma("GCC unroll 8")
        for (size_t c = 0; c <= d; c++)
            z[c] = zero;
        const REAL *prow = Ph + t * n;
        for (size_t l = 0; l <= t; l++) {
            /* Two partial sums halve the dependency chain. */
            VEC tok = q[d], tok2 = zero;
            _Pragma("GCC unroll 8")
            for (size_t c = 0; c < d; c++) {
                x[c] = *(const VEC *)(X + c * ld + l * VL);
                if (c % 2)
                    tok2 = KFMA(q[c], x[c], tok2);
                else
                    tok = KFMA(q[c], x[c], tok);
            }
            tok += tok2;
            VEC a = tok * KSET1(prow[l]);
            _Pragma("GCC unroll 8")
            for (size_t c = 0; c < d; c++)
                z[c] = KFMA(a, x[c], z[c]);
            z[d] += a;
        }
        _Pragma("GCC unroll 8")
        for (size_t c = 0; c <= d; c++)
            *(VEC *)(Z + c * ld + t * VL) = z[c];
        for (size_t i = 0; i < D; i++) {
            VEC *o = (VEC *)(O + i * ld + t * VL), sum = first ? zero : *o;
            _Pragma("GCC unroll 8")
            for (size_t c = 0; c <= d; c++)
                sum = KFMA(KSET1(Av[i * lda + c]), z[c], sum);
            *o = sum;
        }
    }
}

static inline __attribute__((always_inline)) KATTR void KN(bwd_body)(const REAL *X, const REAL *dO, size_t ld,
                                                                    const REAL *Mt, const REAL *Av,
                                                                    size_t lda, const REAL *Ph, VEC *acc,
                                                                    int first, VEC *dM, size_t n,
                                                                    size_t d)
{
    const VEC zero = { 0 };
    size_t D = 2 * d;
    for (size_t t = 0; t < n; t++) {
        VEC q[KDM], dz[KDM], dq[KDM], x[KDM];
        _Pragma("GCC unroll 8")
        for (size_t c = 0; c < d; c++)
            x[c] = *(const VEC *)(X + c * ld + t * VL);
        KN_Q(q, x, Mt, d);
        _Pragma("GCC unroll 8")
        for (size_t c = 0; c <= d; c++) {
            dz[c] = zero;
            dq[c] = zero;
        }
        for (size_t i = 0; i < D; i++) {
            VEC o = *(const VEC *)(dO + i * ld + t * VL);
            _Pragma("GCC unroll 8")
            for (size_t c = 0; c <= d; c++)
                dz[c] = KFMA(KSET1(Av[i * lda + c]), o, dz[c]);
        }
        const REAL *prow = Ph + t * n;
        VEC *arow = acc + t * (t + 1) / 2;
        for (size_t l = 0; l <= t; l++) {
            VEC tok = q[d], g = dz[d], tok2 = zero, g2 = zero;
            _Pragma("GCC unroll 8")
            for (size_t c = 0; c < d; c++) {
                x[c] = *(const VEC *)(X + c * ld + l * VL);
                if (c % 2) {
                    tok2 = KFMA(q[c], x[c], tok2);
                    g2 = KFMA(dz[c], x[c], g2);
                } else {
                    tok = KFMA(q[c], x[c], tok);
                    g = KFMA(dz[c], x[c], g);
                }
            }
            tok += tok2;
            g += g2;
            arow[l] = first ? g * tok : KFMA(g, tok, arow[l]);
            VEC gp = g * KSET1(prow[l]);
            _Pragma("GCC unroll 8")
            for (size_t c = 0; c < d; c++)
                dq[c] = KFMA(gp, x[c], dq[c]);
            dq[d] += gp;
        }
        /* dM_h += x~_t dq_t^T (per lane; rows c of x~, columns c' of dq). */
        _Pragma("GCC unroll 8")
        for (size_t c = 0; c < d; c++) {
            x[c] = *(const VEC *)(X + c * ld + t * VL);
            _Pragma("GCC unroll 8")
            for (size_t c2 = 0; c2 <= d; c2++)
                dM[c * (d + 1) + c2] = KFMA(x[c], dq[c2], dM[c * (d + 1) + c2]);
        }
        _Pragma("GCC unroll 8")
        for (size_t c2 = 0; c2 <= d; c2++)
            dM[d * (d + 1) + c2] += dq[c2];
    }
}
#undef KN_Q

#if KDM <= 8
/* Small d: a constant d per call site lets the compiler keep q, z, dz, dq
 * and x in registers. */
#define KN_CASES(call) \
    switch (d) { \
    case 1: call(1); break; case 2: call(2); break; case 3: call(3); break; \
    case 4: call(4); break; case 5: call(5); break; case 6: call(6); break; \
    default: call(7); break; \
    }
#else
#define KN_CASES(call) call(d);
#endif

static KATTR void KN(fwd)(const REAL *X, size_t ld, const REAL *Mt, const REAL *Av, size_t lda, const REAL *Ph,
                          REAL *Z, REAL *O, int first, size_t n, size_t d)
{
    if (first) {
#define KN_CALL(k) KN(fwd_body)(X, ld, Mt, Av, lda, Ph, Z, O, 1, n, k)
        KN_CASES(KN_CALL)
#undef KN_CALL
    } else {
#define KN_CALL(k) KN(fwd_body)(X, ld, Mt, Av, lda, Ph, Z, O, 0, n, k)
        KN_CASES(KN_CALL)
#undef KN_CALL
    }
}

static KATTR void KN(bwd)(const REAL *X, const REAL *dO, size_t ld, const REAL *Mt, const REAL *Av, size_t lda,
                          const REAL *Ph, VEC *acc, int first, VEC *dM, size_t n, size_t d)
{
    if (first) {
#define KN_CALL(k) KN(bwd_body)(X, dO, ld, Mt, Av, lda, Ph, acc, 1, dM, n, k)
        KN_CASES(KN_CALL)
#undef KN_CALL
    } else {
#define KN_CALL(k) KN(bwd_body)(X, dO, ld, Mt, Av, lda, Ph, acc, 0, dM, n, k)
        KN_CASES(KN_CALL)
#undef KN_CALL
    }
}
#undef KN_CASES
