"""icalcheck from Python: check Sander et al., "How do Transformers Perform
In-Context Autoregressive Learning?" (ICML 2024) in a notebook or a
training script, with numpy arrays or torch tensors held in memory.

    import icalcheck
    cert = icalcheck.compare("unitary", A=A, B=B, P=P, tol=1e-5)
    cert["verdict"]          # "pass", "fail" or "undecided"
    cert                     # in a notebook: the certificate's report section

verify, compare and train run the library the command line runs
(libicalcheck, through ctypes; src/api/api.h): the certificate's JSON is the
command line's, byte for byte, for the same option values and files.  An
array given in memory is passed as the bytes np.save writes for it and the
certificate records it as "<array NAME>" with the SHA-256 of those bytes
(doc/python.md).  Errors raise icalcheck.Error with the tool's one-line
message and its exit code (2: bad options or inputs, 3: internal); nothing
is printed.
"""
import ctypes
import io
import json
import os
import threading

import numpy as np

from . import _native

__all__ = ["verify", "compare", "train", "claims", "Certificate", "Trained", "Error",
           "library_path", "array_label"]

__version__ = _native.lib.ic_api_version().decode().rsplit(" ", 1)[-1]

# One call into the library at a time: the calls set OpenBLAS's thread
# count for their duration, and ctypes lets other Python threads run.
_lock = threading.Lock()


class Error(Exception):
    """A failure the command line reports as "icalcheck: MESSAGE" with exit
    code 2 (bad options or inputs) or 3 (internal).  str(e) is the message;
    e.code the exit code."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def library_path():
    """The libicalcheck file this module loaded."""
    return _native.path


def array_label(name):
    """What a certificate records, as path and parameter value, for the
    array given in memory for option name: "<array NAME>"."""
    return "<array %s>" % name


def _raise(err):
    raise Error(err.code or 3, err.msg.decode("utf-8", "replace") or "unknown error")


def _take_bytes(ptr, length):
    """Copies a malloc'd result out of the library and frees it."""
    try:
        return ctypes.string_at(ptr.value, length.value) if ptr.value else b""
    finally:
        _native.lib.ic_api_free(ptr)


# ---------- claims and their options ----------

_claims = None


def claims():
    """The claims icalcheck checks, by id: label, title, reference, "modes"
    (verify / compare / train: the options each accepts, as dicts with
    name, kind, default, required, choices, help) and "statements" (what
    the checks establish and how, as `icalcheck claims --proofs`)."""
    global _claims
    if _claims is None:
        ptr, n, err = ctypes.c_void_p(), ctypes.c_size_t(), _native.Err()
        with _lock:
            rc = _native.lib.ic_api_claims(ctypes.byref(ptr), ctypes.byref(n), ctypes.byref(err))
        if rc:
            _raise(err)
        _claims = json.loads(_take_bytes(ptr, n))
    return {c["id"]: json.loads(json.dumps(c)) for c in _claims}


def _options_of(claim, mode):
    """{name: option} for claim's mode; {} when unknown (the library then
    says what is wrong)."""
    for c in claims().values():
        if c["id"] == claim:
            return {o["name"]: o for o in c["modes"].get(mode, [])}
    return {}


def _option_name(name, options):
    """The command line's name for a keyword: as given when the claim has
    it (ln_weight), else with '_' as '-' (max_bytes: max-bytes)."""
    if name in options:
        return name
    dashed = name.replace("_", "-")
    return dashed if dashed in options else name


def _text(where, name, value):
    """An option value as the command line would receive it.  Strings pass
    unchanged: give "1e-5" to get "1e-5" in the certificate, where the float
    1e-5 gives "1e-05" (Python's shortest repr)."""
    if isinstance(value, (str, os.PathLike)):
        return os.fspath(value)
    if isinstance(value, (bool, np.bool_)):
        raise Error(2, "%s: --%s: a boolean is not a value icalcheck takes" % (where, name))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    if isinstance(value, (list, tuple)):
        return ",".join(_text(where, name, v) for v in value)
    raise Error(2, "%s: --%s: cannot pass a %s" % (where, name, type(value).__name__))


# ---------- arrays in memory ----------

def _is_array(value):
    """An array or tensor (numpy scalars such as np.float64(1e-5) are
    values, not arrays)."""
    if isinstance(value, (np.generic, str, bytes, os.PathLike, int, float)):
        return False
    return isinstance(value, np.ndarray) or (hasattr(value, "detach") and hasattr(value, "cpu")) \
        or hasattr(value, "__array__")


def _as_numpy(where, name, value):
    """A C-contiguous float32 or float64 array with the values given.
    float16 (and torch's bfloat16) widen to float32 and integers to float64
    exactly; wider floats narrow to float64 only when every value is
    exactly representable; anything else is refused."""
    if hasattr(value, "detach") and hasattr(value, "cpu"):   # a torch tensor
        t = value.detach().cpu()
        if str(t.dtype) == "torch.bfloat16":
            t = t.float()
        value = t.numpy()
    a = np.asarray(value)
    label = array_label(name)
    k = a.dtype.kind
    if k == "f" and a.dtype.itemsize in (4, 8):
        pass
    elif k == "f" and a.dtype.itemsize == 2:
        a = a.astype(np.float32)
    elif k in "fiub":
        wide = a.astype(np.float64)
        back = wide.astype(a.dtype)
        same = np.array_equal(back, a, equal_nan=True) if k == "f" else np.array_equal(back, a)
        if not same:
            raise Error(2, "%s: %s: %s values are not all exactly float64; convert them first"
                        % (where, label, a.dtype))
        a = wide
    else:
        raise Error(2, "%s: %s: dtype %s is not a real floating-point type" % (where, label, a.dtype))
    return np.ascontiguousarray(a)


def _npy_bytes(a):
    """The bytes np.save writes for a: what the library reads and hashes."""
    buf = io.BytesIO()
    np.save(buf, a, allow_pickle=False)
    return buf.getvalue()


def _blobs(arrays):
    """ctypes ic_param_blob array over [(name, label, bytes)]; the bytes
    objects stay referenced by the caller's list while it is in use."""
    blobs = (_native.Blob * max(len(arrays), 1))()
    for i, (name, label, data) in enumerate(arrays):
        blobs[i].name = name.encode()
        blobs[i].label = label.encode()
        blobs[i].bytes = ctypes.cast(ctypes.c_char_p(data), ctypes.c_void_p)
        blobs[i].len = len(data)
    return blobs


def _split(claim, mode, kwargs):
    """Option names and texts for the library, and the arrays given in
    memory as [(name, label, npy bytes)]."""
    where = "%s %s" % (mode, claim)
    options = _options_of(claim, mode)
    names, values, arrays = [], [], []
    for key, value in kwargs.items():
        if value is None:
            continue
        name = _option_name(key, options)
        if _is_array(value):
            kind = options.get(name, {}).get("kind")
            if kind is not None and kind != "file":
                raise Error(2, "%s: --%s takes a %s, not an array" % (where, name, kind))
            if mode == "train":
                raise Error(2, "%s: --%s: give the trainer a path; arrays in memory are for "
                            "verify and compare" % (where, name))
            a = _as_numpy(where, name, value)
            arrays.append((name, array_label(name), _npy_bytes(a)))
        else:
            names.append(name)
            values.append(_text(where, name, value))
    return names, values, arrays


def _c_strings(items):
    arr = (ctypes.c_char_p * max(len(items), 1))()
    for i, s in enumerate(items):
        arr[i] = s.encode()
    return arr


# ---------- certificates ----------

class Certificate(dict):
    """A certificate: a dict of its parsed JSON, with the exact text as
    .json (the bytes `icalcheck ... --out` writes for the same inputs, as
    .json_bytes).  In a notebook it shows itself as its report section."""

    def __init__(self, data, arrays=(), title=None):
        super().__init__(json.loads(data))
        self.json_bytes = bytes(data)
        self.json = self.json_bytes.decode("utf-8")
        self._arrays = list(arrays)
        self._title = title or "%s %s" % (self.get("mode", "?"), self.get("claim", {}).get("id", "?"))

    @property
    def verdict(self):
        """"pass", "fail" or "undecided"."""
        return self["verdict"]

    @property
    def passed(self):
        return self["verdict"] == "pass"

    def save(self, path):
        """Writes the certificate's bytes to path (temporary file + rename)."""
        path = os.fspath(path)
        tmp = "%s.tmp%d" % (path, os.getpid())
        with open(tmp, "wb") as f:
            f.write(self.json_bytes)
        os.replace(tmp, path)

    def html(self):
        """The certificate's report section (HTML with its scoped style),
        rendered by the library's report renderer; arrays given in memory
        are drawn as the report draws input files."""
        blobs = _blobs(self._arrays)
        ptr, n, err = ctypes.c_void_p(), ctypes.c_size_t(), _native.Err()
        with _lock:
            rc = _native.lib.ic_api_cert_html(self.json_bytes, len(self.json_bytes),
                                              self._title.encode(), blobs, len(self._arrays),
                                              ctypes.byref(ptr), ctypes.byref(n), ctypes.byref(err))
        if rc:
            _raise(err)
        return _take_bytes(ptr, n).decode("utf-8")

    def _repr_html_(self):
        return self.html()

    def __repr__(self):
        checks = self.get("checks", [])
        failed = [c["name"] for c in checks if c.get("status") == "fail"]
        return "<icalcheck certificate: %s, %s: %s (%d checks%s)>" % (
            self.get("claim", {}).get("id"), self.get("mode"), self.get("verdict"), len(checks),
            "; failed: " + ", ".join(failed) if failed else "")


def _run(claim, mode, kwargs):
    names, values, arrays = _split(claim, mode, kwargs)
    blobs = _blobs(arrays)
    ptr, n, err = ctypes.c_void_p(), ctypes.c_size_t(), _native.Err()
    with _lock:
        rc = _native.lib.ic_api_run(str(claim).encode(), mode.encode(), _c_strings(names),
                                    _c_strings(values), len(names), blobs, len(arrays),
                                    ctypes.byref(ptr), ctypes.byref(n), ctypes.byref(err))
    if rc:
        _raise(err)
    return Certificate(_take_bytes(ptr, n), arrays)


def verify(claim, **options):
    """`icalcheck verify CLAIM --NAME VALUE ...`: the closed forms checked,
    returned as a Certificate.  Option names as on the command line, with
    '_' for '-' (max_prec=4096)."""
    return _run(claim, "verify", options)


def compare(claim, **arrays_and_options):
    """`icalcheck compare CLAIM ...`: weights against the closed forms.
    File options take a path (str or os.PathLike: read as the command line
    reads it, and the certificate is the command line's, byte for byte) or
    an array in memory: a numpy array of a floating-point dtype, or a torch
    tensor (detached and copied to the CPU here).  Returns a Certificate."""
    return _run(claim, "compare", arrays_and_options)


# ---------- training ----------

class Trained(dict):
    """What a trainer wrote: its .npy files as numpy arrays, by name without
    .npy ("A", "B", "P", "A0", ...).  Also .files (every file's bytes, by
    name), .case (the trained.case text it wrote, or None), .loss (the
    columns of loss.csv as float arrays, NaN for empty fields, or None) and
    .directory (where the files were written, or None)."""

    def __init__(self, claim, files, directory):
        super().__init__()
        self.claim = claim
        self.files = files
        self.directory = directory
        for name, data in files.items():
            if name.endswith(".npy"):
                self[name[:-4]] = np.load(io.BytesIO(data), allow_pickle=False)
        case = files.get("trained.case")
        self.case = case.decode("utf-8") if case is not None else None
        self.loss = _csv_columns(files["loss.csv"]) if "loss.csv" in files else None

    def case_options(self):
        """The trained case's options (trained.case without claim, mode,
        expect and description), its .npy files replaced by the arrays."""
        out = {}
        for line in (self.case or "").splitlines():
            line = line.strip()
            if not line or line.startswith("#") or "=" not in line:
                continue
            key, value = (s.strip() for s in line.split("=", 1))
            if key in ("claim", "mode", "expect", "description"):
                continue
            out[key] = self[value[:-4]] if value.endswith(".npy") and value[:-4] in self else value
        return out

    def compare(self, **options):
        """Runs the trained case's comparison on the arrays in memory
        (options override the case's); returns the Certificate."""
        return compare(self.claim, **dict(self.case_options(), **options))


def _csv_columns(data):
    lines = data.decode("utf-8").splitlines()
    if not lines:
        return {}
    heads = [h.strip() for h in lines[0].split(",")]
    cols = [[] for _ in heads]
    for line in lines[1:]:
        fields = line.split(",")
        for i in range(len(heads)):
            f = fields[i].strip() if i < len(fields) else ""
            cols[i].append(float(f) if f else float("nan"))
    return {h: np.array(c) for h, c in zip(heads, cols)}


def train(claim, out=None, **options):
    """`icalcheck train CLAIM ...`: trains in C and returns the arrays
    (a Trained dict).  With out=DIR the files are also written there, as
    `icalcheck train ... --out DIR` writes them; without it nothing is
    written to disk."""
    names, values, _ = _split(claim, "train", options)
    files = ctypes.POINTER(_native.File)()
    n, err = ctypes.c_size_t(), _native.Err()
    outdir = os.fspath(out).encode() if out is not None else None
    with _lock:
        rc = _native.lib.ic_api_train(str(claim).encode(), _c_strings(names), _c_strings(values),
                                      len(names), outdir, ctypes.byref(files), ctypes.byref(n),
                                      ctypes.byref(err))
    if rc:
        _raise(err)
    try:
        got = {}
        for i in range(n.value):
            f = files[i]
            got[f.name.decode()] = ctypes.string_at(f.bytes, f.len) if f.len else b""
    finally:
        _native.lib.ic_api_files_free(files, n)
    return Trained(claim, got, os.fspath(out) if out is not None else None)
