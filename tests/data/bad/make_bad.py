#!/usr/bin/env python3
"""Writes the bad-input corpus used by tests/bad_inputs.sh (run from this
directory; outputs are committed, this script documents how they were made).
Files that cannot be committed (non-UTF-8 names, FIFOs, directories) are
made by the test itself."""
import io, json, struct, zipfile
import numpy as np

A = np.eye(2)  # a valid 2x2 payload

def npy_bytes(arr, **kw):
    f = io.BytesIO(); np.save(f, arr, **kw); return f.getvalue()

def npy_raw(header, data, version=(1, 0)):
    h = header.encode('latin1')
    pad = (64 - (10 + len(h) + 1) % 64) % 64
    h = h + b' ' * pad + b'\n'
    return b'\x93NUMPY' + bytes(version) + struct.pack('<H', len(h)) + h + data

def w(name, b):
    open(name, 'wb').write(b)

# ---- .npy ----
good = npy_bytes(A)
w('npy_truncated_data.npy', good[:-5])
w('npy_truncated_header.npy', good[:40])
w('npy_lying_header_len.npy', good[:8] + struct.pack('<H', 60000) + good[10:])
w('npy_int64.npy', npy_bytes(np.arange(4, dtype='<i8').reshape(2, 2)))
w('npy_float16.npy', npy_bytes(A.astype('<f2')))
w('npy_negative_shape.npy', npy_raw("{'descr': '<f8', 'fortran_order': False, 'shape': (-2, 2), }", A.tobytes()))
w('npy_overflow_shape.npy', npy_raw("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296, 16), }", A.tobytes()))
w('npy_huge_declared.npy', npy_raw("{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 100000), }", A.tobytes()))
w('npy_nan.npy', npy_bytes(np.array([[1.0, np.nan], [0.0, 1.0]])))
w('npy_inf.npy', npy_bytes(np.array([[1.0, 0.0], [-np.inf, 1.0]])))
w('npy_bad_version.npy', good[:6] + bytes([9, 0]) + good[8:])
w('npy_trailing.npy', good + b'\0' * 8)
w('npy_empty.npy', b'')
w('npy_nine_dims.npy', npy_raw("{'descr': '<f8', 'fortran_order': False, 'shape': (1,1,1,1,1,1,1,1,4), }", A.tobytes()))
w('npy_non_ascii_header.npy', npy_raw("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), '\xe9': 1, }", A.tobytes()))
w('npy_three_dims.npy', npy_bytes(np.zeros((2, 2, 2))))
w('npy_text.npy', b'1.0 0.0\n0.0 1.0\n')

# ---- .npz ----
def npz(members, compress=zipfile.ZIP_STORED):
    f = io.BytesIO()
    with zipfile.ZipFile(f, 'w', compress) as z:
        for name, data in members:
            z.writestr(name, data)
    return f.getvalue()

two = npz([('A.npy', good), ('B.npy', good)])
w('npz_truncated.npz', two[:len(two) // 2])
w('npz_two_members.npz', two)
w('npz_not_npy_member.npz', npz([('A.txt', good)]))
w('npz_int64_member.npz', npz([('A.npy', npy_bytes(np.arange(4, dtype='<i8').reshape(2, 2)))]))
w('npz_nan_member.npz', npz([('A.npy', npy_bytes(np.array([[np.nan, 0.0], [0.0, 1.0]])))]))
w('npz_traversal.npz', npz([('../A.npy', good)]))
w('npz_empty.npz', npz([]))
one = bytearray(npz([('A.npy', good)]))
crc = bytearray(one); crc[len(crc) // 3] ^= 0xff   # a byte inside the stored member
w('npz_crc.npz', bytes(crc))
# declared uncompressed size 4 GB - 16 in both local and central headers
big = bytearray(npz([('A.npy', good)], zipfile.ZIP_DEFLATED))
for sig in (b'PK\x03\x04', b'PK\x01\x02'):
    i = big.find(sig)
    off = 22 if sig == b'PK\x03\x04' else 24
    big[i + off:i + off + 4] = struct.pack('<I', 0xFFFFFFF0)
w('npz_huge_declared.npz', bytes(big))

# ---- safetensors ----
def st(hdr, data, hlen=None):
    h = json.dumps(hdr).encode() if not isinstance(hdr, bytes) else hdr
    return struct.pack('<Q', len(h) if hlen is None else hlen) + h + data

d8 = A.tobytes()
ent = lambda dt, shape, a, b: {'dtype': dt, 'shape': shape, 'data_offsets': [a, b]}
w('st_truncated.safetensors', st({'A': ent('F64', [2, 2], 0, 32)}, d8)[:-9])
w('st_header_len_past_end.safetensors', st({'A': ent('F64', [2, 2], 0, 32)}, d8, hlen=5000))
w('st_huge_header_len.safetensors', st({'A': ent('F64', [2, 2], 0, 32)}, d8, hlen=1 << 62))
w('st_bad_json.safetensors', st(b'{"A": {"dtype": "F64", "shape": [2, 2], "data_offsets": [0, 32]', d8))
w('st_duplicate_keys.safetensors', st(b'{"A": {"dtype": "F64", "shape": [2, 2], "data_offsets": [0, 32]}, "A": {"dtype": "F64", "shape": [2, 2], "data_offsets": [0, 32]}}', d8))
w('st_gap.safetensors', st({'A': ent('F64', [2, 2], 8, 40)}, b'\0' * 8 + d8))
w('st_int32.safetensors', st({'A': ent('I32', [2, 2], 0, 16)}, np.arange(4, dtype='<i4').tobytes()))
w('st_unknown_dtype.safetensors', st({'A': ent('Q7', [2, 2], 0, 32)}, d8))
w('st_size_mismatch.safetensors', st({'A': ent('F64', [2, 3], 0, 32)}, d8))
w('st_nan.safetensors', st({'A': ent('F32', [2, 2], 0, 16)}, np.array([[1, 0], [np.nan, 1]], dtype='<f4').tobytes()))
w('st_negative_shape.safetensors', st({'A': ent('F64', [-2, 2], 0, 32)}, d8))
w('st_overflow_shape.safetensors', st({'A': ent('F64', [1 << 62, 1 << 62], 0, 32)}, d8))
w('st_extra_key.safetensors', st({'A': {'dtype': 'F64', 'shape': [2, 2], 'data_offsets': [0, 32], 'x': 1}}, d8))

# ---- case files ----
cases = {
    'case_no_claim.case': 'mode = verify\nd = 2\n',
    'case_unknown_claim.case': 'claim = nosuch\nmode = verify\n',
    'case_bad_mode.case': 'claim = unitary\nmode = train\n',
    'case_no_equals.case': 'claim = unitary\nmode = verify\nd 2\n',
    'case_unknown_key.case': 'claim = unitary\nmode = verify\nfrob = 1\n',
    'case_bad_value.case': 'claim = unitary\nmode = verify\nd = two\n',
    'case_bad_prec.case': 'claim = unitary\nmode = verify\nprec = 8\n',
    'case_missing_input.case': 'claim = unitary\nmode = compare\nA = nonexistent_A.npy\nB = nonexistent_B.npy\nP = nonexistent_P.npy\n',
    'case_bad_array.case': 'claim = unitary\nmode = compare\nA = npy_nan.npy\nB = npy_nan.npy\nP = npy_nan.npy\n',
}
for k, v in cases.items():
    w(k, v.encode())
w('case_nul.case', b'claim = unitary\nmode = verify\0\n')
w('case_binary.case', bytes(range(0x80, 0x100)) + b'\n')

# ---- certificates ----
cert = {'format': 'icalcheck-certificate/1', 'claim': {'id': 'unitary'}, 'mode': 'verify',
        'parameters': {'d': '2', 'H': '2', 'T': '2', 'prec': '256'}}
def cj(name, obj):
    w(name, (json.dumps(obj, indent=2) + '\n').encode())
w('cert_truncated.json', (json.dumps(cert, indent=2)[:60]).encode())
w('cert_not_json.json', b'this is not json\n')
cj('cert_wrong_format.json', dict(cert, format='other/2'))
cj('cert_unknown_claim.json', dict(cert, claim={'id': 'nosuch'}))
cj('cert_bad_param.json', dict(cert, parameters=dict(cert['parameters'], prec='8')))
cj('cert_param_not_string.json', dict(cert, parameters=dict(cert['parameters'], d=2)))
cj('cert_train_mode.json', dict(cert, mode='train'))
cj('cert_unknown_param.json', dict(cert, parameters=dict(cert['parameters'], frob='1')))
w('cert_duplicate_keys.json', b'{"format": "icalcheck-certificate/1", "mode": "verify", "mode": "compare"}\n')
w('cert_nul_escape.json', b'{"format": "icalcheck-certificate/1\\u0000"}\n')

# ---- hardening (issue 18): made by this section alone ----
def npz_fixed(members, compress):
    f = io.BytesIO()
    with zipfile.ZipFile(f, 'w', compress) as z:
        for name, data in members:
            z.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), data,
                       compress_type=compress)
    return f.getvalue()

# A member name "A.npy" + NUL + ".txt": libzip reports it as "A.npy".
nul = bytearray(npz_fixed([('A.npyX.txt', good)], zipfile.ZIP_STORED))
for sig in (b'PK\x03\x04', b'PK\x01\x02'):
    i = nul.find(sig)
    j = nul.find(b'A.npyX.txt', i)
    nul[j + 5] = 0
w('npz_nul_name.npz', bytes(nul))
# 70 KB holding a deflated (3000, 3000) float64 member: 72 MB of doubles,
# 576 MB as 256-bit MPFR numbers; its shape must be refused from the header.
w('npz_big_member.npz', npz_fixed([('P.npy', npy_bytes(np.zeros((3000, 3000))))], zipfile.ZIP_DEFLATED))
for k, v in {
    'case_hex_value.case': 'claim = unitary\nmode = compare\nA = ../../../cases/data/sander2024/A_unitary.npy\n'
                           'B = ../../../cases/data/sander2024/B_unitary.npy\n'
                           'P = ../../../cases/data/sander2024/P_unitary.npy\ntol = 0X1P-2\n',
    'case_tiny_value.case': 'claim = unitary\nmode = verify\nc = 1e-400\n',
    'case_repeated_key.case': 'claim = unitary\nmode = verify\nd = 2\nT = 3\nd = 3\n',
    'case_repeated_mode.case': 'claim = unitary\nmode = verify\nmode = compare\n',
    'case_out_of_range.case': 'claim = unitary\nmode = verify\nd = 2,65\n',
    'case_long_list.case': 'claim = unitary\nmode = verify\nT = ' + ','.join(str(t) for t in range(2, 40)) + '\n',
    'case_grid_work.case': 'claim = orthogonal\nmode = verify\ngrid-work = -1\n',
    'case_sweep_ceiling.case': 'claim = unitary\nmode = verify\nprec = 65536\n',
}.items():
    w(k, v.encode())
