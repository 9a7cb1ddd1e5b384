"""Prints the site directory under PREFIX that this python3 searches.

configure runs it (with the python3 the module is for) to choose where
`make install` puts the Python module: Debian's python3 searches
PREFIX/lib/python3.X/dist-packages for PREFIX=/usr/local, not the
site-packages directory automake's AM_PATH_PYTHON would choose.  The
answer is printed relative to PREFIX ("lib/python3.11/dist-packages"), so
that make can put ${prefix} back in front; nothing is printed when no
searched directory lies under PREFIX.
"""
import os
import sys

prefix = os.path.normpath(sys.argv[1])
for entry in sys.path:
    path = os.path.normpath(entry)
    if not path.startswith(prefix + os.sep):
        continue
    rel = os.path.relpath(path, prefix)
    if rel.split(os.sep)[0] in ("lib", "lib64") and \
            os.path.basename(path) in ("site-packages", "dist-packages"):
        print(rel)
        break
