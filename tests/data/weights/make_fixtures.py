#!/usr/bin/python3
"""Regenerates the .npz and safetensors fixtures read by tests/test_icz.c
and tests/cli_weights.sh.

Run from anywhere: /usr/bin/python3 tests/data/weights/make_fixtures.py
Python and numpy are needed only to make these files, never at test time.
No safetensors package is used: the writer below follows the format
description (8-byte little-endian header length, JSON header, data).
The expected values are restated in tests/test_icz.c; keep the two in step.
"""
import io
import json
import os
import struct
import zipfile

import numpy as np
from numpy.lib import format as npf

HERE = os.path.dirname(os.path.abspath(__file__))
BAD = os.path.join(HERE, "bad")
TOP = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
AUTHORS = os.path.join(TOP, "cases", "data", "sander2024")
DATE = (2024, 1, 1, 0, 0, 0)  # fixed, so our own zips are reproducible

# Same matrices as tests/data/npy (see its make_fixtures.py).
M64 = np.array([
    [0.1, -2.5, 1e-310, 1e300],
    [-0.0, 3.0, 5e-324, 1.0 / 3.0],
    [123456789.125, -1e-5, 2.0 ** 60, 0.5],
], dtype=np.float64)
M32 = np.array([
    [0.1, -2.5, 2.0 ** -140, 2.0 ** -149],
    [3.4028234663852886e38, 1.0 / 3.0, -0.0, 16777217.0],
], dtype=np.float32)
VEC = np.array([1.0, -1.0, 0.25, 1e-3, 7.0])
# 2x3, stored in Fortran order: the reader must return C order 1..6.
FORT = np.asfortranarray(np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]))

# binary16: 1, -2.5, smallest subnormal 2^-24, largest subnormal
# 1023 * 2^-24, smallest normal 2^-14, largest finite 65504, -0, and 1/3
# rounded to half (0x3555 = 1365 / 4096).
F16 = np.array([1.0, -2.5, 2.0 ** -24, 1023 * 2.0 ** -24,
                2.0 ** -14, 65504.0, -0.0, 1.0 / 3.0], dtype=np.float16).reshape(2, 4)
# bfloat16, given as the doubles they round to: 1, -2.5, smallest
# subnormal 2^-133, largest subnormal 127 * 2^-133, largest finite
# (2 - 2^-7) * 2^127, and 1/3 (rounds to 0x3EAB = 0x1.56p-2).
BF16_IN = [1.0, -2.5, 2.0 ** -133, 127 * 2.0 ** -133, (2 - 2.0 ** -7) * 2.0 ** 127, 1.0 / 3.0]


def bf16_bits(x):
    """Rounds a double to bfloat16 (nearest, ties to even) via binary32."""
    u = struct.unpack("<I", struct.pack("<f", x))[0]
    return (u + 0x7FFF + ((u >> 16) & 1)) >> 16


def big_array():
    k = np.arange(512 * 256, dtype=np.float64)
    return ((k % 1000) * 0.25 - 100.0).reshape(512, 256)


def npy_bytes(a):
    b = io.BytesIO()
    npf.write_array(b, np.asanyarray(a), allow_pickle=False)
    return b.getvalue()


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


# ---- zip helpers (our own archives, no zip64, fixed dates) ----

def zip_bytes(members, method=zipfile.ZIP_STORED):
    """members: list of (name, bytes[, method])."""
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        for m in members:
            name, data = m[0], m[1]
            info = zipfile.ZipInfo(name, DATE)
            info.compress_type = m[2] if len(m) > 2 else method
            z.writestr(info, data)
    return bytearray(b.getvalue())


def patch_headers(z, field, value, fmt="<I"):
    """Sets a field in every local (PK\\3\\4) and central (PK\\1\\2) header.
    field: 'flag', 'crc', 'csize' or 'usize'."""
    local = {"flag": 6, "crc": 14, "csize": 18, "usize": 22}
    central = {"flag": 8, "crc": 16, "csize": 20, "usize": 24}
    for sig, offs in ((b"PK\x03\x04", local), (b"PK\x01\x02", central)):
        i = z.find(sig)
        while i >= 0:
            struct.pack_into(fmt, z, i + offs[field], value)
            i = z.find(sig, i + 4)
    return z


# ---- safetensors writer ----

def st_bytes(tensors, metadata=None):
    """tensors: list of (name, dtype, shape, raw bytes), laid out in this
    order; the JSON lists them in reverse order (readers must not care)."""
    layout, off, data = {}, 0, b""
    for name, dt, shape, raw in tensors:
        layout[name] = {"dtype": dt, "shape": list(shape), "data_offsets": [off, off + len(raw)]}
        off += len(raw)
        data += raw
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    for name in reversed(list(layout)):
        header[name] = layout[name]
    return st_raw(json.dumps(header, separators=(",", ":")), data)


def st_raw(header_text, data, declared=None):
    h = header_text.encode()
    h += b" " * (-len(h) % 8)  # the reference writer pads with spaces to 8
    n = len(h) if declared is None else declared
    return struct.pack("<Q", n) + h + data


def le(a, dt):
    return np.ascontiguousarray(a, dtype=dt).tobytes()


def main():
    os.makedirs(BAD, exist_ok=True)

    # ---- valid .npz, written by numpy itself ----
    arrays = dict(M64=M64, M32=M32, vec=VEC, scalar=np.float64(-0.1), fort=FORT,
                  be=M64.astype(">f8"))
    np.savez(os.path.join(HERE, "mixed.npz"), **arrays)
    np.savez_compressed(os.path.join(HERE, "mixed_z.npz"), **arrays)
    np.savez_compressed(os.path.join(HERE, "big_z.npz"), big=big_array())
    np.savez(os.path.join(HERE, "one.npz"), only=VEC)

    # ---- valid safetensors ----
    bf = struct.pack("<6H", *[bf16_bits(x) for x in BF16_IN])
    write(os.path.join(HERE, "values.safetensors"), st_bytes([
        ("f64", "F64", M64.shape, le(M64, "<f8")),
        ("f16", "F16", F16.shape, le(F16, "<f2")),
        ("bf16", "BF16", (6,), bf),
        ("layer.0.weight", "F32", M32.shape, le(M32, "<f4")),
        ("scalar", "F64", (), le(np.float64(-0.1), "<f8")),
        ("empty", "F32", (0, 3), b""),
    ], metadata={"format": "pt", "note": "icalcheck fixture"}))
    write(os.path.join(HERE, "one.safetensors"), st_bytes([("only", "F64", (5,), le(VEC, "<f8"))]))
    # An integer tensor beside a float one: the float one loads.
    write(os.path.join(HERE, "with_int.safetensors"), st_bytes([
        ("step", "I64", (), struct.pack("<q", 1000)),
        ("w", "F32", (2, 4), le(M32, "<f4")),
    ]))

    # ---- the authors' unitary tensors, repackaged ----
    U = {k: np.load(os.path.join(AUTHORS, k + "_unitary.npy")) for k in "ABP"}
    np.savez(os.path.join(HERE, "unitary.npz"), **U)
    np.savez_compressed(os.path.join(HERE, "unitary_z.npz"), **U)
    write(os.path.join(HERE, "unitary.safetensors"), st_bytes(
        [(k, "F32", U[k].shape, le(U[k], "<f4")) for k in "ABP"],
        metadata={"source": "Sander et al. 2024, github.com/michaelsdr/ical (MIT)"}))

    # ---- bad .npz ----
    good = npy_bytes(M64)
    whole = open(os.path.join(HERE, "mixed.npz"), "rb").read()
    write(os.path.join(BAD, "truncated.npz"), whole[: len(whole) // 2])
    z = zip_bytes([("A.npy", good)])
    z[z.find(b"PK\x03\x04") + 30 + len("A.npy") + 128 + 3] ^= 0x40  # a data byte
    write(os.path.join(BAD, "bad_crc.npz"), z)
    write(os.path.join(BAD, "encrypted.npz"), patch_headers(zip_bytes([("A.npy", good)]), "flag", 1, "<H"))
    zeros = npy_bytes(np.zeros(10 ** 6 // 8 * 10))  # 10 MB of zeros
    write(os.path.join(BAD, "bomb_declared.npz"),
          patch_headers(zip_bytes([("A.npy", good)], zipfile.ZIP_DEFLATED), "usize", 0xF0000000))
    write(os.path.join(BAD, "bomb_ratio.npz"),
          patch_headers(zip_bytes([("A.npy", good)], zipfile.ZIP_DEFLATED), "usize", 600_000_000))
    write(os.path.join(BAD, "bomb_lying.npz"),
          patch_headers(zip_bytes([("A.npy", zeros)], zipfile.ZIP_DEFLATED), "usize", len(good)))
    with_dup = io.BytesIO()
    with zipfile.ZipFile(with_dup, "w") as zd:
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            zd.writestr(zipfile.ZipInfo("A.npy", DATE), good)
            zd.writestr(zipfile.ZipInfo("A.npy", DATE), good)
    write(os.path.join(BAD, "duplicate.npz"), with_dup.getvalue())
    write(os.path.join(BAD, "non_npy.npz"), zip_bytes([("A.npy", good), ("readme.txt", b"hello\n")]))
    write(os.path.join(BAD, "slash.npz"), zip_bytes([("sub/A.npy", good)]))
    write(os.path.join(BAD, "dotdot.npz"), zip_bytes([("..A.npy", good)]))
    write(os.path.join(BAD, "bzip2.npz"), zip_bytes([("A.npy", good, zipfile.ZIP_BZIP2)]))
    write(os.path.join(BAD, "int_member.npz"), zip_bytes([("A.npy", npy_bytes(np.arange(4, dtype="<i4")))]))
    nan = M64.copy()
    nan[1, 2] = np.nan
    write(os.path.join(BAD, "nan_member.npz"), zip_bytes([("A.npy", npy_bytes(nan))]))
    write(os.path.join(BAD, "empty.npz"), zip_bytes([]))
    write(os.path.join(BAD, "garbage.bin"), b"this is neither npy, npz nor safetensors\n")

    # ---- bad safetensors ----
    t = json.dumps({"a": {"dtype": "F64", "shape": [2], "data_offsets": [0, 16]}})
    d16 = le([1.0, 2.0], "<f8")
    ok = st_raw(t, d16)
    write(os.path.join(BAD, "len_lying.safetensors"), st_raw(t, d16, declared=len(ok)))
    write(os.path.join(BAD, "len_huge.safetensors"), st_raw(t, d16, declared=1 << 40))
    write(os.path.join(BAD, "not_json.safetensors"), st_raw("{a: not json}", d16))
    write(os.path.join(BAD, "header_list.safetensors"), st_raw("[1]", b""))
    write(os.path.join(BAD, "dup_key.safetensors"), st_raw(
        '{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},'
        '"a":{"dtype":"F64","shape":[1],"data_offsets":[8,16]}}', d16))

    def st1(entries, data, meta=None):
        h = {} if meta is None else {"__metadata__": meta}
        h.update(entries)
        return st_raw(json.dumps(h), data)

    F = lambda shape, b, e, dt="F64": {"dtype": dt, "shape": shape, "data_offsets": [b, e]}
    write(os.path.join(BAD, "overlap.safetensors"), st1({"a": F([2], 0, 16), "b": F([1], 8, 16)}, d16))
    write(os.path.join(BAD, "out_of_range.safetensors"), st1({"a": F([3], 0, 24)}, d16))
    write(os.path.join(BAD, "size_mismatch.safetensors"), st1({"a": F([3], 0, 16)}, d16))
    write(os.path.join(BAD, "hole.safetensors"), st1({"a": F([1], 8, 16)}, d16))
    write(os.path.join(BAD, "trailing.safetensors"), st1({"a": F([1], 0, 8)}, d16))
    write(os.path.join(BAD, "int64.safetensors"), st1({"step": F([2], 0, 16, "I64")}, d16))
    write(os.path.join(BAD, "f8.safetensors"), st1({"q": F([16], 0, 16, "F8_E4M3")}, d16))
    write(os.path.join(BAD, "unknown_dtype.safetensors"), st1({"a": F([2], 0, 16, "F128")}, d16))
    write(os.path.join(BAD, "nan.safetensors"), st1({"a": F([2], 0, 16)}, le([1.0, np.nan], "<f8")))
    write(os.path.join(BAD, "inf_f16.safetensors"), st1({"h": F([2, 2], 0, 8, "F16")},
                                                        le([0.5, 1.0, -np.inf, 2.0], "<f2")))
    write(os.path.join(BAD, "negative_offset.safetensors"), st1({"a": F([2], -16, 0)}, d16))
    write(os.path.join(BAD, "shape_overflow.safetensors"),
          st1({"a": F([1 << 62, 1 << 62], 0, 16)}, d16))
    write(os.path.join(BAD, "bad_metadata.safetensors"), st1({"a": F([2], 0, 16)}, d16, {"n": 1}))
    write(os.path.join(BAD, "unknown_key.safetensors"),
          st1({"a": dict(F([2], 0, 16), extra=1)}, d16))
    write(os.path.join(BAD, "truncated.safetensors"), st_raw(t, d16)[:-4])


if __name__ == "__main__":
    main()
