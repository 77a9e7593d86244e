"""Where an output's weights came from: the md5 of a weight file, computed once per process.

(Minimal on this branch: only weights_md5, moved from common/cli.py so that weights/ need not
import the command-line layer; the core redesign fills in the rest of the run's provenance.)
"""

import os

from common.files import md5sum

_MD5_CACHE = {}


def weights_md5(path):
    """md5 of a weight file, computed once per (path, size, mtime) in this process."""
    st = os.stat(path)
    key = (os.path.abspath(path), st.st_size, st.st_mtime_ns)
    if key not in _MD5_CACHE:
        _MD5_CACHE[key] = md5sum(path)
    return _MD5_CACHE[key]
