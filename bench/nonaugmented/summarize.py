#!/usr/bin/env python3
"""Summary of bench/nonaugmented/bench.sh's raw files as a Markdown table.

usage: summarize.py DIR BATCH
Times: the steps after the first (a warm-up), wall seconds per optimizer
step, min/median/max, and the median CPU seconds (all threads; less
sensitive to other load).  ratio = this row's median wall time / the median
of ours with 2 threads, float64, default kernel.  gap = largest relative
difference of the batch losses (every step) to ours with 1 thread, float64,
default kernel.  GFLOP/s: the operations ours executes (fast path), and
those of the authors' formulation (model.c's count; the PyTorch rows execute
at least these), per wall second; % peak: ours' executed rate over the
dgemm (float64) or sgemm (float32) rate measured at the same thread count.
Per core: the executed operations per CPU second (all threads' CPU time),
over the 1-thread GEMM rate: how close each core's share of the work runs to
OpenBLAS's peak, whatever else loads the machine.
"""
import glob
import os
import statistics
import sys

d, batch = sys.argv[1], int(sys.argv[2])


def read(path):
    rows, meta = [], {}
    for line in open(path):
        p = line.strip().split(",")
        if len(p) in (3, 4) and p[0].isdigit():
            rows.append((int(p[0]), float(p[1]), float(p[2]), float(p[3]) if len(p) == 4 else None))
        elif len(p) >= 2 and p[0] != "step":
            meta[p[0]] = ",".join(p[1:])
    return rows, meta


machine = read(os.path.join(d, "machine.csv"))[1]
peaks = {env: read(os.path.join(d, f"peak_{env}.csv"))[1] for env in ("default", "haswell")
         if os.path.exists(os.path.join(d, f"peak_{env}.csv"))}
runs = {}
for f in sorted(glob.glob(os.path.join(d, "ours_*.csv"))) + sorted(glob.glob(os.path.join(d, "torch_*.csv"))):
    who, env_or_v, th, dt = os.path.basename(f)[:-4].split("_")
    runs[(who, env_or_v, int(th), dt)] = read(f)
base = runs.get(("ours", "default", 2, "float64"))
ref = runs.get(("ours", "default", 1, "float64"))
meta0 = (base or ref)[1]
flops = float(meta0["flops_per_sequence_step"])
rflops = float(meta0["reference_flops_per_sequence_step"])
print(f"CPU: {machine['cpu']} ({machine['cores']} cores); {machine['setting']}")
for env, p in peaks.items():
    print(f"OpenBLAS {env}: core {p['corename']}; dgemm {p['dgemm_gflops_1t']} / {p['dgemm_gflops_2t']} GFLOP/s, "
          f"sgemm {p['sgemm_gflops_1t']} / {p['sgemm_gflops_2t']} GFLOP/s (1 / 2 threads); our kernel {p['kernel_isa']}; "
          f"{p['uptime']}")
print(f"FLOPs per sequence-step: {flops / 1e6:.2f} M as ours executes them, {rflops / 1e6:.2f} M in the "
      f"authors' formulation\n")
print("| implementation | OpenBLAS | threads | dtype | s/step min / median / max | CPU s/step | ratio "
      "| ms per seq-step | GFLOP/s executed | % of GEMM peak | per core: GFLOP/CPU-s, % of 1-thread peak "
      "| GFLOP/s authors' count | loss gap | load before / after |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
bmed = statistics.median(r[1] for r in base[0][1:]) if base else None
for (who, ev, th, dt), (rows, meta) in runs.items():
    ts = [r[1] for r in rows[1:]]
    if not ts:
        continue
    cs = [r[3] for r in rows[1:] if r[3] is not None]
    med = statistics.median(ts)
    gap = max(abs(a[2] - b[2]) / abs(b[2]) for a, b in zip(rows, ref[0])) if ref else float("nan")
    name = "icalcheck" if who == "ours" else f"PyTorch, {ev}"
    env = ev if who == "ours" else "default"
    rate = flops * batch / med / 1e9 if who == "ours" else None
    pk = float(peaks[env][f"{'d' if dt == 'float64' else 's'}gemm_gflops_{th}t"]) if env in peaks else None
    pk1 = float(peaks[env][f"{'d' if dt == 'float64' else 's'}gemm_gflops_1t"]) if env in peaks else None
    core = flops * batch / statistics.median(cs) / 1e9 if who == "ours" and cs else None
    load = lambda k: meta.get(k, "?").replace("load ", "").split(",")[0]
    print(f"| {name} | {env} | {th} | {dt} | {min(ts):.3f} / {med:.3f} / {max(ts):.3f} | "
          f"{'%.3f' % statistics.median(cs) if cs else '-'} | {med / bmed if bmed else float('nan'):.2f} | "
          f"{1e3 * med / batch:.3f} | {'%.1f' % rate if rate else '-'} | "
          f"{'%.0f%%' % (100 * rate / pk) if rate and pk else '-'} | "
          f"{'%.1f, %.0f%%' % (core, 100 * core / pk1) if core and pk1 else '-'} | {rflops * batch / med / 1e9:.1f} | {gap:.1e} | "
          f"{load('uptime_before')} / {load('uptime_after')} |")
