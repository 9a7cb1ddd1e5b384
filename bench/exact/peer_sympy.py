"""Peer for bench/exact: the unitary loss identity E||yhat - s||^2 = L_U summed
over rows t = 0..T-2, as polynomials in all C entries and used P entries, by the
character route of notes/exact.md section 1 in SymPy's polynomial ring (the
route and ring whose timings that note records).  Prints the number of terms and
min/median/max seconds of REPS runs.  With ROUTE = rows (default whole) each row's
identity is checked in its own ring of d^2 + t + 2 variables, as icalcheck does.
Usage: peer_sympy.py D T REPS [whole|rows]"""
import statistics
import sys
import time

from sympy import QQ
from sympy.polys.rings import ring


def identity(d, T, rows=None):
    """The identity over the rows in `rows` (default all) in one ring."""
    rows = list(range(T - 1)) if rows is None else rows
    names = [f"C{j}_{k}" for j in range(d) for k in range(d)]
    names += [f"P{t}_{u}" for t in rows for u in range(t + 2)]
    R, *gens = ring(",".join(names), QQ)
    C = [[gens[j * d + k] for k in range(d)] for j in range(d)]
    idx = d * d
    P = {}
    for t in rows:
        P[t] = gens[idx:idx + t + 2]
        idx += t + 2
    acc = {}  # monomial -> coefficient: sums in place (adding ring elements copies them)
    for t in rows:
        for j in range(d):
            coef = {}  # character (sorted tuple of (angle, power)) -> coefficient
            for u in range(t + 2):
                for k in range(d):
                    ch = {}
                    for a, n in ((k, u - t), (j, u)):
                        ch[a] = ch.get(a, 0) + n
                    key = tuple(sorted((a, n) for a, n in ch.items() if n))
                    coef[key] = coef.get(key, R(0)) + P[t][u] * C[j][k]
            key = ((j, t + 2),)
            coef[key] = coef.get(key, R(0)) - 1
            for c in coef.values():
                for mono, v in (c * c).items():
                    acc[mono] = acc.get(mono, 0) + v
    E = R({m: v for m, v in acc.items() if v})
    f2 = sum(C[j][k] ** 2 for j in range(d) for k in range(d))
    c1 = sum(sum(C[j][k] for k in range(d)) ** 2 for j in range(d))
    tr = sum(C[j][j] for j in range(d))
    L = R(0)
    for t in rows:
        p = P[t]
        n2 = sum(p[u] ** 2 for u in range(t + 2) if u != t)
        L += n2 * f2 + p[t] ** 2 * c1 - 2 * tr * p[t + 1] + d
    assert E == L, "identity failed"
    return len(E)


def main():
    d, T, reps = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    route = sys.argv[4] if len(sys.argv) > 4 else "whole"
    times = []
    for _ in range(reps):
        t0 = time.process_time()
        if route == "rows":
            n = sum(identity(d, T, [t]) for t in range(T - 1))
        else:
            n = identity(d, T)
        times.append(time.process_time() - t0)
    print(f"sympy identity ({route}) d={d} T={T}: {n} terms, {reps} reps, min {min(times):.4f} "
          f"median {statistics.median(times):.4f} max {max(times):.4f} s")


if __name__ == "__main__":
    main()
