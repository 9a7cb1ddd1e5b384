#!/usr/bin/python3
"""Regenerates the .npy fixtures read by tests/test_npy.c.

Run from anywhere: /usr/bin/python3 tests/data/npy/make_fixtures.py
Python and numpy are needed only to make these files, never at test time.
The expected values are restated in tests/test_npy.c; keep the two in step.
"""
import os
import struct

import numpy as np
from numpy.lib import format as npf

HERE = os.path.dirname(os.path.abspath(__file__))
BAD = os.path.join(HERE, "bad")

# 3x4 float64 matrix: decimal values that are inexact in binary, a double
# subnormal, the smallest subnormal, a huge value and a negative zero.
M64 = np.array([
    [0.1, -2.5, 1e-310, 1e300],
    [-0.0, 3.0, 5e-324, 1.0 / 3.0],
    [123456789.125, -1e-5, 2.0 ** 60, 0.5],
], dtype=np.float64)

# 2x4 float32 matrix: 0.1f, float32 subnormals (2^-140, 2^-149), FLT_MAX,
# (float)(1/3), -0.0 and 2^24+1 (which rounds to 2^24 in float32).
M32 = np.array([
    [0.1, -2.5, 2.0 ** -140, 2.0 ** -149],
    [3.4028234663852886e38, 1.0 / 3.0, -0.0, 16777217.0],
], dtype=np.float32)

VEC = np.array([1.0, -1.0, 0.25, 1e-3, 7.0])
CUBE = np.arange(24, dtype=np.float64).reshape(2, 3, 4) + 0.5


def save(name, arr, version=None, directory=HERE):
    path = os.path.join(directory, name)
    with open(path, "wb") as fp:
        npf.write_array(fp, arr, version=version, allow_pickle=True)


def raw_npy(header, data=b"", major=1):
    """A .npy image with the given header dict text, padded as numpy does."""
    text = header.encode("ascii")
    lenfmt = "<H" if major == 1 else "<I"
    pre = 8 + struct.calcsize(lenfmt)
    pad = 64 - (pre + len(text) + 1) % 64
    text += b" " * pad + b"\n"
    return b"\x93NUMPY" + bytes([major, 0]) + struct.pack(lenfmt, len(text)) + text + data


def write_bytes(name, data, directory=BAD):
    with open(os.path.join(directory, name), "wb") as fp:
        fp.write(data)


def good():
    save("f8_le_c.npy", M64.astype("<f8"))
    save("f8_be_c.npy", M64.astype(">f8"))
    save("f8_le_f.npy", np.asfortranarray(M64.astype("<f8")))
    save("f8_be_f.npy", np.asfortranarray(M64.astype(">f8")))
    save("f4_le_c.npy", M32.astype("<f4"))
    save("f4_be_c.npy", M32.astype(">f4"))
    save("f4_le_f.npy", np.asfortranarray(M32.astype("<f4")))
    save("f4_be_f.npy", np.asfortranarray(M32.astype(">f4")))
    save("f8_le_c_v2.npy", M64.astype("<f8"), version=(2, 0))
    save("f4_be_f_v3.npy", np.asfortranarray(M32.astype(">f4")), version=(3, 0))
    save("scalar.npy", np.array(2.75))
    save("vec.npy", VEC)
    save("cube_c.npy", CUBE)
    save("cube_f.npy", np.asfortranarray(CUBE))
    save("cube_f4_be_f.npy", np.asfortranarray(CUBE.astype(">f4")))
    save("empty.npy", np.zeros((0, 3)))
    # Byte-exact references for icn_write (numpy's own layout).
    save("vec_f4.npy", VEC.astype("<f4"))


def bad():
    os.makedirs(BAD, exist_ok=True)
    whole = open(os.path.join(HERE, "f8_le_c.npy"), "rb").read()
    write_bytes("truncated.npy", whole[:-4])
    write_bytes("trailing.npy", whole + b"\0\0\0\0\0\0\0\0")
    # Header length field claims 4096 bytes; the file has far fewer.
    write_bytes("lying_header.npy", whole[:8] + struct.pack("<H", 4096) + whole[10:])
    write_bytes("empty_file.npy", b"")
    write_bytes("not_npy.npy", b"PK\x03\x04 this is a zip, not a .npy file\n")
    save("int32.npy", np.arange(6, dtype="<i4"), directory=BAD)
    save("complex.npy", np.array([1 + 2j, 3 - 4j]), directory=BAD)
    save("object.npy", np.array([1.0, "x"], dtype=object), directory=BAD)
    save("nan.npy", np.array([[1.0, 2.0], [np.nan, 4.0]]), directory=BAD)
    save("inf.npy", np.array([1.0, -np.inf], dtype="<f4"), directory=BAD)
    # 2^62 * 8 elements overflows a 64-bit size_t; only 16 bytes of data.
    write_bytes("huge_shape.npy", raw_npy(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 8), }",
        b"\0" * 16))
    write_bytes("negative_shape.npy", raw_npy(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (-1, 2), }", b"\0" * 16))
    write_bytes("missing_key.npy", raw_npy(
        "{'descr': '<f8', 'shape': (2,), }", b"\0" * 16))


if __name__ == "__main__":
    good()
    bad()
