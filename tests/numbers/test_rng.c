/* ic_rng: the splitmix64 stream against its published reference values, and
 * the two normal generators against their definitions. */
#include <math.h>

#include "numbers/rng.h"
#include "tap.h"

int main(void)
{
    ic_rng r;
    ic_rng_set_state(&r, 0);
    /* Reference outputs of splitmix64 from state 0 (Vigna's splitmix64.c). */
    ok(ic_rng_u64(&r) == 0xE220A8397B1DCDAFull, "first output from state 0");
    ok(ic_rng_u64(&r) == 0x6E789E6AA1B965F4ull, "second output");
    ok(ic_rng_u64(&r) == 0x06C45D188009454Full, "third output");

    ic_rng_set_state(&r, 12345);
    double lo = 1, hi = 0, sum = 0;
    for (int i = 0; i < 100000; i++) {
        double u = ic_rng_unif(&r);
        lo = u < lo ? u : lo;
        hi = u > hi ? u : hi;
        sum += u;
    }
    ok(lo >= 0 && hi < 1, "uniform values in [0, 1)");
    ok(fabs(sum / 100000 - 0.5) < 0.005, "uniform mean %.4f near 1/2", sum / 100000);

    ic_rng_set_state(&r, 7);
    double m = 0, v = 0;
    const int n = 200000;
    for (int i = 0; i < n; i++) {
        double g = ic_rng_gauss(&r);
        m += g;
        v += g * g;
    }
    m /= n;
    v = v / n - m * m;
    ok(fabs(m) < 0.01 && fabs(v - 1) < 0.02, "normal mean %.4f, variance %.4f", m, v);

    /* ic_rng_gauss_exact: sqrt(-2 log u1) cos(2 pi u2) with u1 = (a+1)/2^53,
     * u2 = b/2^53 from two consecutive outputs, times scale. */
    ic_rng a, b;
    ic_rng_set_state(&a, 99);
    ic_rng_set_state(&b, 99);
    double out[8];
    ic_rng_gauss_exact(&a, out, 8, 0.1);
    int close = 1;
    for (int i = 0; i < 8; i++) {
        double u1 = (double)((ic_rng_u64(&b) >> 11) + 1) * 0x1.0p-53;
        double u2 = (double)(ic_rng_u64(&b) >> 11) * 0x1.0p-53;
        double want = 0.1 * sqrt(-2 * log(u1)) * cos(6.283185307179586 * u2);
        if (fabs(out[i] - want) > 1e-14)
            close = 0;
    }
    ok(close, "exact Box-Muller agrees with the libm formula to 1e-14");
    ic_rng_set_state(&a, 99);
    double again[8];
    ic_rng_gauss_exact(&a, again, 8, 0.1);
    int same = 1;
    for (int i = 0; i < 8; i++)
        same = same && again[i] == out[i];
    ok(same, "same state, same values");
    /* Haar: W^T W = I to rounding, with either pass count. */
    for (int passes = 1; passes <= 2; passes++) {
        double W[36];
        ic_rng_set_state(&a, 5);
        ic_rng_haar(W, 6, &a, passes);
        double worst = 0;
        for (int j = 0; j < 6; j++)
            for (int k = 0; k < 6; k++) {
                double s = 0;
                for (int i = 0; i < 6; i++)
                    s += W[i * 6 + j] * W[i * 6 + k];
                s -= j == k;
                worst = fabs(s) > worst ? fabs(s) : worst;
            }
        ok(worst < 1e-13, "Haar matrix orthogonal (%d pass%s): max |W^T W - I| = %.1e", passes,
           passes > 1 ? "es" : "", worst);
    }
    /* Rotations: 2x2 blocks [[c, -s], [s, c]] with c^2 + s^2 = 1, zeros
     * elsewhere; the rollout of such a W keeps ||s_t|| fixed and reproduces
     * W applied step by step. */
    double R[16], s[5 * 4] = { 0.5, 0.5, 0.5, 0.5 };
    ic_rng_set_state(&a, 11);
    ic_rng_rotations(R, 4, &a);
    int blocks = fabs(R[0] - R[5]) < 1e-300 && fabs(R[1] + R[4]) < 1e-300 &&
                 fabs(R[0] * R[0] + R[4] * R[4] - 1) < 1e-15 && R[2] == 0 && R[3] == 0 && R[8] == 0 &&
                 fabs(R[10] - R[15]) < 1e-300 && fabs(R[11] + R[14]) < 1e-300;
    ok(blocks, "rotation blocks on the diagonal, zeros elsewhere");
    ic_rng_rollout(s, R, 4, 4);
    double n4 = 0, x1 = 0;
    for (int i = 0; i < 4; i++) {
        n4 += s[16 + i] * s[16 + i];
        x1 += R[1 * 4 + i] * s[i];
    }
    ok(fabs(n4 - 1) < 1e-14, "rollout keeps the norm (%.17g)", n4);
    ok(s[4 + 1] == x1, "rollout step 1 is W s_0");
    return done_testing();
}
