"""Tests of the Python module icalcheck (doc/python.md), printed as TAP.

Usage: test_module.py ICALCHECK_BINARY TMPDIR, from the source tree's top
(tests/python/test_module.sh sets ICALCHECK_LIB and PYTHONPATH).  The
command line is the reference: certificates of arrays given as paths must
be its bytes; arrays given in memory must give its bytes with the paths
replaced by "<array NAME>"; errors must carry its messages.
"""
import os
import subprocess
import sys
import tempfile

import numpy as np

IC, TMP = sys.argv[1], sys.argv[2]
D = "cases/data/sander2024/"
AUTH = {"A": D + "A_unitary.npy", "B": D + "B_unitary.npy", "P": D + "P_unitary.npy"}
PERT = dict(AUTH, P=D + "P_unitary_perturbed.npy")

n_tests = 0
n_failed = 0


def ok(cond, what, diag=None):
    global n_tests, n_failed
    n_tests += 1
    if not cond:
        n_failed += 1
    print("%s %d - %s" % ("ok" if cond else "not ok", n_tests, what))
    if not cond and diag is not None:
        for line in str(diag).splitlines()[:20]:
            print("#   " + line)
    sys.stdout.flush()


def skip(what, why):
    global n_tests
    n_tests += 1
    print("ok %d - %s # SKIP %s" % (n_tests, what, why))


def cli(*args):
    """Runs the command line; returns (exit code, stderr's text)."""
    p = subprocess.run([IC] + list(args), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return p.returncode, p.stderr.decode()


def cli_cert(mode, claim, opts):
    out = os.path.join(TMP, "cli_%s_%s.json" % (mode, claim))
    args = [mode, claim]
    for k, v in opts.items():
        args += ["--" + k, v]
    rc, err = cli(*(args + ["--out", out]))
    with open(out, "rb") as f:
        return rc, f.read()


def raises(fn, *args, **kw):
    """The icalcheck.Error fn raises, or None."""
    try:
        fn(*args, **kw)
    except icalcheck.Error as e:
        return e
    return None


# Everything written to file descriptors 1 and 2 while the module runs is
# collected here: the library must print nothing.
quiet = tempfile.TemporaryFile(dir=TMP)
saved = os.dup(1), os.dup(2)
sys.stdout.flush()
os.dup2(quiet.fileno(), 1)
os.dup2(quiet.fileno(), 2)
results = {}
try:
    import icalcheck
    results["import"] = None
except Exception as e:  # reported once the descriptors are back
    results["import"] = e
os.dup2(saved[0], 1)
os.dup2(saved[1], 2)

ok(results["import"] is None, "import icalcheck", results["import"])
if results["import"] is not None:
    print("1..%d" % n_tests)
    sys.exit(1)
ok(os.path.samefile(icalcheck.library_path(), os.environ["ICALCHECK_LIB"]),
   "the library named by ICALCHECK_LIB is the one loaded", icalcheck.library_path())

# ---------- claims ----------
cl = icalcheck.claims()
ok(list(cl) == ["unitary", "orthogonal", "augmented", "pe", "nonaugmented", "tokens"],
   "claims(): the six claims in table order", list(cl))
uc = {o["name"]: o for o in cl["unitary"]["modes"]["compare"]}
ok(set(["A", "B", "P", "tol", "prec", "max-bytes"]) <= set(uc) and uc["A"]["kind"] == "file"
   and uc["A"]["required"] and uc["prec"]["default"] == "256",
   "claims(): unitary compare lists A, B, P (required files), tol, prec = 256, max-bytes")
ok("train" not in cl["tokens"]["modes"] and "train" in cl["unitary"]["modes"],
   "claims(): modes as the descriptor has them (tokens has no trainer)")
proofs = subprocess.run([IC, "claims", "--proofs"], stdout=subprocess.PIPE).stdout.decode()
listed, claim = {}, None
for line in proofs.splitlines():
    if line[:1].strip():
        claim = line.split()[0]
        listed[claim] = []
    elif line.strip().startswith("check "):
        listed[claim].append(line.strip().split()[1].rstrip(";"))
ok(listed == {k: [s["check"] for s in v["statements"]] for k, v in cl.items()},
   "claims(): per claim, the statements `claims --proofs` lists", listed)

# ---------- compare with paths: the command line's bytes ----------
for name, opts in (("authors' unitary tensors", AUTH), ("perturbed P", PERT)):
    rc, ref = cli_cert("compare", "unitary", dict(opts, tol="1e-5"))
    c = icalcheck.compare("unitary", tol="1e-5", **opts)
    ok(c.json_bytes == ref, "compare unitary, %s as paths: the CLI's certificate bytes" % name)
    ok(c["verdict"] == ("pass" if rc == 0 else "fail") and c.verdict == c["verdict"],
       "compare unitary, %s: verdict %s as the CLI's exit code %d says" % (name, c["verdict"], rc))
ok(icalcheck.compare("unitary", tol="1e-5", **AUTH)["verdict"] == "pass",
   "authors' unitary A, B, P pass")
ok(icalcheck.compare("unitary", tol="1e-5", **PERT)["verdict"] == "fail",
   "perturbed P fails")
rc, ref = cli_cert("compare", "orthogonal", {"A": D + "A_orthogonal.npy", "B": D + "B_orthogonal.npy",
                                             "P": D + "P_orthogonal.npy"})
c = icalcheck.compare("orthogonal", A=D + "A_orthogonal.npy", B=D + "B_orthogonal.npy",
                      P=D + "P_orthogonal.npy")
ok(c.json_bytes == ref and c["verdict"] == "pass", "compare orthogonal (authors'): CLI bytes, pass")
rc, ref = cli_cert("compare", "pe", {"P": D + "pe_eps_mu_100.npy", "mu": "100"})
c = icalcheck.compare("pe", P=D + "pe_eps_mu_100.npy", mu=100)
ok(c.json_bytes == ref, "compare pe mu = 100 (an int option): CLI bytes (verdict %s)" % c["verdict"])
# GSL's eigensolver (tokens) in a process where numpy has loaded OpenBLAS
# first: libicalcheck binds GSL to its reference CBLAS all the same
# (proofs/tokens/ar_fit.c), so the bytes are the command line's.
numpy_product = np.ones((64, 64)) @ np.ones((64, 64))
TK = "cases/data/tokens/"
rc, ref = cli_cert("compare", "tokens", {"embeddings": TK + "embeddings.npy", "ids": TK + "ids_ar.npy",
                                         "seq-len": "8", "shuffle-seed": "1"})
c = icalcheck.compare("tokens", embeddings=TK + "embeddings.npy", ids=TK + "ids_ar.npy", seq_len=8,
                      shuffle_seed=1)
ok(c.json_bytes == ref and numpy_product[0, 0] == 64, "compare tokens (GSL's eigensolver): CLI bytes (verdict %s)"
   % c["verdict"])
rc, ref = cli_cert("verify", "unitary", {"d": "3", "H": "3"})
c = icalcheck.verify("unitary", d=3, H=3)
ok(c.json_bytes == ref and c["verdict"] == "pass", "verify unitary d = H = 3: CLI bytes, pass")
c.save(os.path.join(TMP, "saved.json"))
with open(os.path.join(TMP, "saved.json"), "rb") as f:
    ok(f.read() == ref, "Certificate.save writes the bytes")

# ---------- arrays in memory ----------
arrs = {k: np.load(v) for k, v in AUTH.items()}
rc, ref = cli_cert("compare", "unitary", dict(AUTH, tol="1e-5"))
want = ref.decode()
for k, v in AUTH.items():
    want = want.replace('"%s"' % v, '"<array %s>"' % k)
m = icalcheck.compare("unitary", tol="1e-5", **arrs)
ok(m.json == want, "in memory: the CLI's certificate with each path replaced by <array NAME> "
   "(same SHA-256: np.save's bytes of the authors' arrays are their files)")
ok(m["verdict"] == "pass" and m["inputs"][0]["path"] == "<array A>" and m["parameters"]["A"] == "<array A>",
   "in memory: authors' tensors pass, inputs recorded as <array A>")
pm = icalcheck.compare("unitary", tol="1e-5", A=arrs["A"], B=arrs["B"], P=np.load(PERT["P"]))
ok(pm["verdict"] == "fail" and any(ck["status"] == "fail" for ck in pm["checks"]),
   "in memory: perturbed P fails")
f8 = icalcheck.compare("unitary", tol="1e-5", **{k: v.astype(np.float64) for k, v in arrs.items()})
ok(f8["verdict"] == "pass" and f8["inputs"][0]["dtype"] == "<f8"
   and f8.get("checks") == m.get("checks"), "float64 copies: dtype <f8 recorded, the same checks")
ld = icalcheck.compare("unitary", tol="1e-5", **{k: v.astype(np.longdouble) for k, v in arrs.items()})
ok(ld["verdict"] == "pass" and ld["inputs"][0]["dtype"] == "<f8", "long double (exact in float64): as float64")
h = icalcheck.compare("unitary", tol="1e-5", **{k: v.astype(np.float16) for k, v in arrs.items()})
ok(h["inputs"][0]["dtype"] == "<f4" and h["inputs"][0]["sha256"] ==
   icalcheck.compare("unitary", tol="1e-5", A=arrs["A"].astype(np.float16).astype(np.float32),
                     B=arrs["B"], P=arrs["P"])["inputs"][0]["sha256"],
   "float16: widened exactly to float32 (verdict %s at float16's precision)" % h["verdict"])
fo = icalcheck.compare("unitary", tol="1e-5", A=np.asfortranarray(arrs["A"]), B=arrs["B"].T.copy().T,
                       P=arrs["P"])
ok(fo.json == m.json, "Fortran-ordered and strided arrays: the same certificate as C-ordered")
mixed = icalcheck.compare("unitary", tol="1e-5", A=arrs["A"], B=AUTH["B"], P=arrs["P"])
ok(mixed["inputs"][1]["path"] == AUTH["B"] and mixed["verdict"] == "pass", "paths and arrays mixed")

# ---------- the notebook view ----------
html = m._repr_html_()
ok(html.startswith('<div class="icalcheck-report">') and ".icalcheck-report h2{" in html
   and "\nbody{" not in html, "_repr_html_: one div, the report's style scoped to it")
ok('class="badge pass"' in html and "C_identity_residual" in html and "input A (&lt;array A&gt;)" in html
   and "not drawn" not in html, "_repr_html_: the section with verdict, checks and the in-memory A drawn")
ok('class="badge fail"' in pm._repr_html_(), "_repr_html_ of the perturbed comparison shows fail")
ok("not found, not drawn" in icalcheck.Certificate(m.json_bytes)._repr_html_(),
   "a certificate without its arrays says they are not drawn")

# ---------- bad inputs: icalcheck.Error with the tool's message ----------
e = raises(icalcheck.compare, "unitary", A=AUTH["A"], B=AUTH["B"], P="missing.npy")
rc, msg = cli("compare", "unitary", "--A", AUTH["A"], "--B", AUTH["B"], "--P", "missing.npy")
ok(e is not None and e.code == 2 == rc and "icalcheck: " + str(e) + "\n" == msg,
   "missing file: Error code 2 with the CLI's message", (e, msg))
e = raises(icalcheck.compare, "unitary", A=AUTH["A"], B=AUTH["P"], P=AUTH["P"])
rc, msg = cli("compare", "unitary", "--A", AUTH["A"], "--B", AUTH["P"], "--P", AUTH["P"])
ok(e is not None and e.code == 2 and "icalcheck: " + str(e) + "\n" == msg,
   "wrong shapes as files: the CLI's message", (e, msg))
e = raises(icalcheck.compare, "unitary", A=arrs["A"], B=arrs["B"][:9], P=arrs["P"])
ok(e is not None and e.code == 2 and str(e) == "<array B>: --B has shape (9, 10) but --A (<array A>) has (10, 10)",
   "wrong shapes in memory: the message names <array B>", e)
e = raises(icalcheck.compare, "unitary", A=arrs["A"], B=arrs["B"], P=arrs["P"][:, :19])
ok(e is not None and e.code == 2 and "<array P>" in str(e), "non-square P in memory: refused", e)
bad = arrs["A"].copy()
bad[3, 4] = np.nan
e = raises(icalcheck.compare, "unitary", A=bad, B=arrs["B"], P=arrs["P"])
np.save(os.path.join(TMP, "nan.npy"), bad)
rc, msg = cli("compare", "unitary", "--A", os.path.join(TMP, "nan.npy"), "--B", AUTH["B"], "--P", AUTH["P"])
ok(e is not None and e.code == 2 == rc and str(e).startswith("<array A>: ")
   and msg.replace(os.path.join(TMP, "nan.npy"), "<array A>") == "icalcheck: " + str(e) + "\n",
   "NaN in memory: the CLI's message for the same array saved, with <array A>", (e, msg))
e = raises(icalcheck.compare, "unitary", A=arrs["A"], B=arrs["B"], P=arrs["P"], tol=np.inf)
ok(e is not None and e.code == 2 and "--tol" in str(e), "tol = inf refused", e)
e = raises(icalcheck.compare, "nope", A=arrs["A"])
ok(e is not None and e.code == 2 and str(e) == "compare: unknown claim 'nope'", "unknown claim", e)
e = raises(icalcheck.compare, "unitary", foo=1, **arrs)
ok(e is not None and e.code == 2 and str(e) == "compare unitary: unknown option --foo", "unknown option", e)
e = raises(icalcheck.compare, "unitary", A=arrs["A"], B=arrs["B"])
ok(e is not None and e.code == 2 and str(e) == "compare unitary: missing required --P", "missing array", e)
e = raises(icalcheck.compare, "unitary", tol="abc", **arrs)
ok(e is not None and e.code == 2 and str(e).startswith("compare unitary: --tol: 'abc' is not a finite number"),
   "bad number", e)
ok(icalcheck.compare("unitary", tol=np.float64(1e-5), **arrs)["parameters"]["tol"] == "1e-05",
   "a numpy scalar is a value: tol = np.float64(1e-5) passed as 1e-05")
e = raises(icalcheck.compare, "unitary", tol=np.array([1e-5]), **arrs)
ok(e is not None and e.code == 2 and "--tol takes a real, not an array" in str(e), "array for a number", e)
e = raises(icalcheck.compare, "unitary", A=arrs["A"].astype(np.complex128), B=arrs["B"], P=arrs["P"])
ok(e is not None and e.code == 2 and "not a real floating-point type" in str(e), "complex array refused", e)
if np.finfo(np.longdouble).nmant > 52:
    wide = np.full((10, 10), np.longdouble(1) + np.longdouble(2) ** -60)
    e = raises(icalcheck.compare, "unitary", A=wide, B=arrs["B"], P=arrs["P"])
    ok(e is not None and e.code == 2 and "not all exactly float64" in str(e),
       "long double values that float64 cannot hold are refused", e)
else:
    skip("long double values that float64 cannot hold are refused", "long double is float64 here")
e = raises(icalcheck.verify, "tokens")
ok(e is not None and e.code == 2 and str(e) == "claim 'tokens' has no verify mode", "no such mode", e)
e = raises(icalcheck.compare, "unitary", max_bytes=100, **arrs)
ok(e is not None and e.code == 2 and str(e) == "<array A>: 528 bytes exceed the limit of 100 bytes",
   "max_bytes (max-bytes) applies to arrays", e)

# ---------- train ----------
w = icalcheck.train("orthogonal", d=4, H=2, T=6, seed=4)
ok(sorted(w) == ["A", "A0", "B", "B0", "P", "P0"] and w["A"].shape == (2, 4) and w["P"].shape == (6, 6)
   and w.directory is None, "train in memory: the arrays by name", sorted(w))
ok(not os.path.exists("<memory>") and w.case.startswith("# Trained by") and "step" in w.loss
   and len(w.loss["loss"]) == len(w.loss["step"]) > 1, "train in memory: case text and loss curve, "
   "nothing on disk")
c = icalcheck.compare("orthogonal", A=w["A"], B=w["B"], P=w["P"])
ok(c["verdict"] == "pass", "train then compare the arrays: pass")
ok(w.compare().json == c.json, "Trained.compare(): the trained case's comparison, same certificate")
out = os.path.join(TMP, "trained")
wd = icalcheck.train("orthogonal", out=out, d=4, H=2, T=6, seed=4)
rc, msg = cli("train", "orthogonal", "--d", "4", "--H", "2", "--T", "6", "--seed", "4", "--out",
              os.path.join(TMP, "trained_cli"))
same = rc == 0 and sorted(os.listdir(out)) == sorted(os.listdir(os.path.join(TMP, "trained_cli")))
for fn in os.listdir(out):
    with open(os.path.join(out, fn), "rb") as a, open(os.path.join(TMP, "trained_cli", fn), "rb") as b:
        same = same and a.read() == b.read() == wd.files[fn] == w.files[fn]
ok(same, "train(out=DIR): the CLI's files byte for byte, and the in-memory training's")
e = raises(icalcheck.train, "orthogonal", d=5)
rc, msg = cli("train", "orthogonal", "--d", "5", "--out", os.path.join(TMP, "bad"))
ok(e is not None and e.code == 2 == rc and "icalcheck: " + str(e) + "\n" == msg, "train --d 5: the CLI's message",
   (e, msg))
e = raises(icalcheck.train, "tokens")
ok(e is not None and str(e) == "claim 'tokens' has no trainer", "train tokens: no trainer", e)
e = raises(icalcheck.train, "augmented", data_file=np.zeros((2, 3, 2)))
ok(e is not None and e.code == 2 and "--data-file" in str(e), "train: arrays in memory refused", e)

# ---------- torch ----------
try:
    import torch
except ImportError:
    torch = None
if torch is None:
    for what in ("torch tensors", "torch tensor with grad", "torch bfloat16"):
        skip(what, "torch is not importable (Debian: python3-torch)")
else:
    t = {k: torch.from_numpy(v.copy()) for k, v in arrs.items()}
    ok(icalcheck.compare("unitary", tol="1e-5", **t).json == m.json, "torch tensors: the numpy arrays' certificate")
    g = dict(t, A=t["A"].clone().requires_grad_(True))
    ok(icalcheck.compare("unitary", tol="1e-5", **g).json == m.json, "torch tensor with grad: detached")
    bf = icalcheck.compare("unitary", tol="1e-5", A=t["A"].to(torch.bfloat16), B=t["B"], P=t["P"])
    ok(bf["inputs"][0]["dtype"] == "<f4", "torch bfloat16: widened exactly to float32 (verdict %s)" % bf["verdict"])

# ---------- nothing printed ----------
sys.stdout.flush()
os.dup2(quiet.fileno(), 1)
os.dup2(quiet.fileno(), 2)
try:
    icalcheck.compare("unitary", tol="1e-5", **PERT)
    raises(icalcheck.compare, "unitary", A="missing.npy", B=AUTH["B"], P=AUTH["P"])
    icalcheck.train("unitary", d=2, H=2, T=3, steps=10)
    icalcheck.verify("orthogonal", d=2, H=1)
finally:
    sys.stdout.flush()
    os.dup2(saved[0], 1)
    os.dup2(saved[1], 2)
quiet.seek(0)
printed = quiet.read()
ok(printed == b"", "the library prints nothing (import, compare, errors, train, verify)", printed[:400])

# ---------- loading ----------
env = dict(os.environ, ICALCHECK_LIB=os.path.join(TMP, "no-such-lib.so"))
p = subprocess.run([sys.executable, "-c", "import icalcheck"], env=env, stderr=subprocess.PIPE)
ok(p.returncode != 0 and b"ImportError" in p.stderr and b"no-such-lib.so" in p.stderr,
   "ICALCHECK_LIB naming a missing file: ImportError naming it")

print("1..%d" % n_tests)
sys.exit(1 if n_failed else 0)
