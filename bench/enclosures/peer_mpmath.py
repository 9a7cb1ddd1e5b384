"""mpmath peer for bench/enclosures: times mp.eigsy / mp.eig on the matrix
bench/enclosures/bench_enclosure.c builds (same LCG, same dyadic entries, so exact in binary).

    python3 peer_mpmath.py sym|gen|sym-vec|gen-vec N PREC

Prints "mpmath SECONDS CPU_SECONDS" (wall and processor time). sym/gen: eigenvalues only (eigvals_only / no
vectors), the cheapest mpmath call, so the ratio does not flatter
icalcheck; -vec: mpmath's default call, with eigenvectors (ic_encl computes a
refined eigenvector basis too).  Neither gives an error bound."""
import sys
import time

import mpmath


def matrix(sym, n):
    state = 0x9E3779B97F4A7C15
    mask = (1 << 64) - 1
    m = []
    for _ in range(n * n):
        state = (state * 6364136223846793005 + 1442695040888963407) & mask
        hi = state >> 32
        if hi >= 1 << 31:
            hi -= 1 << 32
        m.append(hi / 2147483648.0)
    if sym:
        for i in range(n):
            for j in range(i + 1, n):
                v = (m[i * n + j] + m[j * n + i]) / 2
                m[i * n + j] = m[j * n + i] = v
    return m


def main():
    kind, n, prec = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    vec = kind.endswith("-vec")
    kind = kind.replace("-vec", "")
    vals = matrix(kind == "sym", n)
    mpmath.mp.prec = prec
    a = mpmath.matrix(n, n)
    for i in range(n):
        for j in range(n):
            a[i, j] = mpmath.mpf(vals[i * n + j])
    t0, c0 = time.perf_counter(), time.process_time()
    if kind == "sym":
        mpmath.eigsy(a, eigvals_only=not vec)
    else:
        mpmath.eig(a, left=False, right=vec)
    print("mpmath %.6g %.6g" % (time.perf_counter() - t0, time.process_time() - c0))


if __name__ == "__main__":
    main()
