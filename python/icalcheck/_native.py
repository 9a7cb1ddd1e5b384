"""ctypes bindings of libicalcheck's embedding API (src/api/api.h).

Finds the library, in this order:
  1. $ICALCHECK_LIB: the library file, or a directory holding it;
  2. the build tree the package sits in (python/icalcheck/ of a built source
     tree: ../../.libs/), for tests and work in a checkout;
  3. $(libdir) of `make install`, recorded at build time in _install.py;
  4. the dynamic linker's search path (ctypes.util.find_library).
"""
import ctypes
import ctypes.util
import os

_NAMES = ("libicalcheck.so.0", "libicalcheck.so")


def _candidates():
    env = os.environ.get("ICALCHECK_LIB")
    if env:
        if os.path.isdir(env):
            return [os.path.join(env, n) for n in _NAMES], True
        return [env], True
    here = os.path.dirname(os.path.abspath(__file__))
    out = [os.path.join(here, os.pardir, os.pardir, ".libs", n) for n in _NAMES]
    try:
        from ._install import LIBDIR
        out += [os.path.join(LIBDIR, n) for n in _NAMES]
    except ImportError:
        pass
    found = ctypes.util.find_library("icalcheck")
    if found:
        out.append(found)
    return out, False


def _load():
    paths, explicit = _candidates()
    for p in paths:
        if explicit or os.sep not in p or os.path.exists(p):
            try:
                return ctypes.CDLL(p), os.path.normpath(p) if os.sep in p else p
            except OSError as e:
                if explicit:
                    raise ImportError("icalcheck: cannot load %s (ICALCHECK_LIB): %s" % (p, e))
    raise ImportError("icalcheck: libicalcheck not found (looked in %s); set ICALCHECK_LIB "
                      "to the library file" % ", ".join(paths))


class Err(ctypes.Structure):
    """ic_err (src/base/error.h): a code and a one-line message."""
    _fields_ = [("code", ctypes.c_int), ("msg", ctypes.c_char * 512)]


class Blob(ctypes.Structure):
    """ic_param_blob (src/certificates/parameters.h): a file's bytes in memory."""
    _fields_ = [("name", ctypes.c_char_p), ("label", ctypes.c_char_p),
                ("bytes", ctypes.c_void_p), ("len", ctypes.c_size_t)]


class File(ctypes.Structure):
    """ic_captured_file (src/formats/file_io.h): one file a trainer wrote."""
    _fields_ = [("name", ctypes.c_char_p), ("bytes", ctypes.POINTER(ctypes.c_ubyte)),
                ("len", ctypes.c_size_t)]


lib, path = _load()

_P = ctypes.POINTER
_strs = _P(ctypes.c_char_p)
lib.ic_api_version.restype = ctypes.c_char_p
lib.ic_api_version.argtypes = []
lib.ic_api_err_size.restype = ctypes.c_size_t
lib.ic_api_err_size.argtypes = []
lib.ic_api_run.restype = ctypes.c_int
lib.ic_api_run.argtypes = [ctypes.c_char_p, ctypes.c_char_p, _strs, _strs, ctypes.c_size_t,
                           _P(Blob), ctypes.c_size_t, _P(ctypes.c_void_p), _P(ctypes.c_size_t),
                           _P(Err)]
lib.ic_api_train.restype = ctypes.c_int
lib.ic_api_train.argtypes = [ctypes.c_char_p, _strs, _strs, ctypes.c_size_t, ctypes.c_char_p,
                             _P(_P(File)), _P(ctypes.c_size_t), _P(Err)]
lib.ic_api_files_free.restype = None
lib.ic_api_files_free.argtypes = [_P(File), ctypes.c_size_t]
lib.ic_api_claims.restype = ctypes.c_int
lib.ic_api_claims.argtypes = [_P(ctypes.c_void_p), _P(ctypes.c_size_t), _P(Err)]
lib.ic_api_cert_html.restype = ctypes.c_int
lib.ic_api_cert_html.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, _P(Blob),
                                 ctypes.c_size_t, _P(ctypes.c_void_p), _P(ctypes.c_size_t), _P(Err)]
lib.ic_api_free.restype = None
lib.ic_api_free.argtypes = [ctypes.c_void_p]

if lib.ic_api_err_size() != ctypes.sizeof(Err):
    raise ImportError("icalcheck: %s has another ic_err layout (%d bytes, expected %d)"
                      % (path, lib.ic_api_err_size(), ctypes.sizeof(Err)))
