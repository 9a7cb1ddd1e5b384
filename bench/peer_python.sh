# Sourced by the benchmarks: the Python peer as its users run it, Debian's
# python3 with the Debian packages it needs, gmpy2 among them (mpmath and
# SymPy compute on gmpy2's integers when it is there, as on their users'
# machines; without it they fall back to pure Python, several times slower,
# which would flatter icalcheck).
#
#   peer_python_setup PYTHON "MODULE..." "PACKAGE..."
#
# As root, installs the packages when a module or gmpy2 is missing; prints the
# peer's configuration line ("peer: ...") and a WARNING when gmpy2 is
# absent.  Returns 1 when a module is still missing.
peer_python_setup() {
    _py=$1 _mods=$2 _pkgs=$3
    _imp=$(echo $_mods | sed 's/ /, /g')
    if ! "$_py" -c "import $_imp, gmpy2" 2>/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "installing $_pkgs (the peer's packages)" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $_pkgs >/dev/null 2>&1 ||
            echo "apt-get install $_pkgs failed" >&2
    fi
    "$_py" -c "import $_imp" 2>/dev/null || return 1
    "$_py" - $_mods <<'PY'
import importlib, sys
parts = ["python %s (%s)" % (sys.version.split()[0], sys.executable)]
for m in sys.argv[1:]:
    parts.append("%s %s" % (m, getattr(importlib.import_module(m), "__version__", "?")))
try:
    import mpmath.libmp
    parts.append("mpmath backend " + mpmath.libmp.BACKEND)
except ImportError:
    pass
try:
    from sympy.external.gmpy import GROUND_TYPES
    parts.append("sympy ground types " + GROUND_TYPES)
except ImportError:
    pass
print("peer: " + ", ".join(parts))
PY
    "$_py" -c "import gmpy2" 2>/dev/null ||
        echo "WARNING: no gmpy2 for $_py: the peer runs slower than its users' (apt-get install python3-gmpy2)"
    return 0
}
