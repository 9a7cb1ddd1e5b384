"""SymPy peer of the parametric proof of C1 (proofs/augmented/parametric.c): the same derivation.

Pattern enumeration (set partitions of the index positions; for the rotation model also partial matchings
of blocks into conjugate pairs), counts (falling factorials; Moebius inversion in power sums for general
s_0), the exhaustion check (counts sum to d^n), each pattern's block equations solved by sympy.solve and
its solutions in [1, T]^2 counted with sympy.summation, the pooled sums over T = 1..N by
sympy.summation, and the nine stated closed forms compared after sympy.cancel.  Prints one line per
repetition, "rep K SECONDS", like bench/exact/bench_parametric.c.  Usage: parametric_sympy.py [REPS]
"""
import sys
import time

import sympy as sp
from sympy.utilities.iterables import multiset_partitions

d, T, N = sp.symbols("d T N", positive=True, integer=True)
t, u = sp.symbols("t u", positive=True, integer=True)  # t, t'
P = sp.symbols("p1:7", positive=True)

# exponents of each position as affine forms in (t, u, T); weights 1 each
NUM = {"nsum": 1, "expo": [t - T - 1, -t + T + 1]}
DEN = {"nsum": 2, "expo": [t - u, -t + T + 1, u - 1 - T]}


def psum(r):
    return d if r == 0 else P[r - 1]


def injective(weights):
    """sum over injective maps of blocks into [1, d] of prod w^r: Moebius inversion."""
    total = 0
    for sigma in multiset_partitions(list(range(len(weights)))):
        term = 1
        for c in sigma:
            term *= (-1) ** (len(c) - 1) * sp.factorial(len(c) - 1) * psum(sum(weights[i] for i in c))
        total += term
    return sp.expand(total)


def in_range(e):
    """1 <= e <= T for all T >= 1 (True), for none (False), else None."""
    lo = sp.simplify(e - 1)
    hi = sp.simplify(T - e)
    ok_lo = [sp.simplify(lo.subs(T, k)) >= 0 for k in (1, 2)]
    ok_hi = [sp.simplify(hi.subs(T, k)) >= 0 for k in (1, 2)]
    slope_ok = sp.diff(lo, T) >= 0 and sp.diff(hi, T) >= 0
    if all(ok_lo) and all(ok_hi) and slope_ok:
        return True
    if (not ok_lo[0] and sp.diff(lo, T) <= 0) or (not ok_hi[0] and sp.diff(hi, T) <= 0):
        return False
    return None


def box_count(eqs, nsum):
    vars_ = [t, u][:nsum]
    eqs = [sp.expand(e) for e in eqs if sp.expand(e) != 0]
    if not eqs:
        return T ** nsum
    sol = sp.solve(eqs, vars_, dict=True)
    if not sol:
        return sp.Integer(0)
    sol = sol[0]
    free = [v for v in vars_ if v not in sol]
    count = sp.Integer(1)
    for v in vars_:
        if v in sol and not sol[v].free_symbols & set(vars_):
            r = in_range(sol[v])
            if r is None:
                raise RuntimeError("undecided pattern")
            if not r:
                return sp.Integer(0)
    if free:
        (x,) = free
        dep = [v for v in vars_ if v in sol and sol[v].has(x)]
        if dep:
            (y,) = dep
            e = sol[y]
            # x with 1 <= x <= T and 1 <= e(x) <= T: a = e - x slope +-1
            a = sp.diff(e, x)
            c = sp.expand(e - a * x)
            lo = sp.Max(1, 1 - c) if a == 1 else sp.Max(1, c - T)
            hi = sp.Min(T, T - c) if a == 1 else sp.Min(T, c - 1)
            lo = sp.simplify(lo)
            hi = sp.simplify(hi)
            count = sp.summation(1, (x, lo, hi))
        else:
            count = sp.summation(1, (x, 1, T))
    return sp.expand(count)


def expand(s, model, weighted):
    n = len(s["expo"])
    total = 0
    tuples = 0
    for part in multiset_partitions(list(range(n))):
        blocks = [sorted(b) for b in part]
        matchings = [[]]
        if model == "pairs":
            matchings = []

            def rec(rest, acc):
                if not rest:
                    matchings.append(acc)
                    return
                a = rest[0]
                rec(rest[1:], acc)
                for b in rest[1:]:
                    rec([x for x in rest[1:] if x != b], acc + [(a, b)])

            rec(list(range(len(blocks))), [])
        for m in matchings:
            partner = {}
            for a, b in m:
                partner[a] = b
                partner[b] = a
            eqs = []
            q = 0
            for bi, b in enumerate(blocks):
                if bi in partner and partner[bi] < bi:
                    continue
                e = sum(s["expo"][p] for p in b)
                if bi in partner:
                    e -= sum(s["expo"][p] for p in blocks[partner[bi]])
                eqs.append(e)
                q += 1
            if model == "pairs":
                count = sp.expand(sp.prod([d - 2 * i for i in range(q)]))
            else:
                count = injective([len(b) if weighted else 0 for b in blocks])
            total += count * box_count(eqs, s["nsum"])
            tuples += count
    want = sp.prod([P[0] if weighted else d for _ in range(n)])
    if sp.expand(tuples - want) != 0:
        raise RuntimeError("patterns do not exhaust the tuples")
    return sp.expand(total)


def derive():
    sums = {}
    for model, weighted in (("unitary", False), ("pairs", False), ("unitary", True)):
        sums[(model, weighted)] = (expand(NUM, model, weighted), expand(DEN, model, weighted))
    nu, de = sums[("unitary", False)]
    assert sp.expand(sums[("pairs", False)][0] - nu) == 0 and sp.expand(sums[("pairs", False)][1] - de) == 0
    num, den = nu / d ** 2, de / d ** 3
    eta = sp.cancel(num / den)
    loss = sp.cancel(1 - num ** 2 / den)
    num_p = sp.cancel(sp.summation(nu, (T, 1, N)) / d ** 2)
    den_p = sp.cancel(sp.summation(de, (T, 1, N)) / d ** 3)
    eta_p = sp.cancel(num_p / den_p)
    loss_p = sp.cancel(N - num_p ** 2 / den_p)
    gn, gd = sums[("unitary", True)]
    eta_g = sp.cancel(gn / gd)
    stated = [
        (num, T / d), (den, T * (T + d - 1) / d ** 2), (eta, d / (T + d - 1)), (loss, (d - 1) / (T + d - 1)),
        (num_p, N * (N + 1) / (2 * d)), (den_p, N * (N + 1) * (2 * N + 3 * d - 2) / (6 * d ** 2)),
        (eta_p, 3 * d / (2 * N + 3 * d - 2)), (loss_p, N - 3 * N * (N + 1) / (2 * (2 * N + 3 * d - 2))),
        (eta_g, T * P[1] / (T ** 2 * P[2] + T * (P[0] * P[1] - P[2]))),
    ]
    for got, want in stated:
        if sp.cancel(got - want) != 0:
            raise RuntimeError("a stated form does not hold: %s vs %s" % (got, want))


def main():
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    print("sympy", sp.__version__)
    for r in range(reps):
        t0 = time.perf_counter()
        sp.core.cache.clear_cache()
        derive()
        print("rep %d %.6f" % (r, time.perf_counter() - t0), flush=True)


if __name__ == "__main__":
    main()
