"""What every output records about how it was made, computed without importing the project or
TensorFlow: the software versions and the md5 of the weight file (the seed and the weights'
source are the caller's)."""

import importlib.metadata
import os
import platform

from common.files import md5sum

# distribution names to try for each reported package: the CPU-only TensorFlow wheel is published
# under another name than the default one
_DISTRIBUTIONS = {"tensorflow": ("tensorflow", "tensorflow-cpu", "tensorflow-intel"),
                  "keras": ("keras",), "numpy": ("numpy",)}


def _version(package):
    """The installed version of `package` from its metadata (no import: importing TensorFlow
    takes seconds); the module's __version__ where no distribution is known."""
    for dist in _DISTRIBUTIONS[package]:
        try:
            return importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            continue
    return importlib.import_module(package).__version__


def software_versions():
    """{python, tensorflow, keras, numpy}: version strings, as recorded in every sidecar."""
    return {"python": platform.python_version(), "tensorflow": _version("tensorflow"),
            "keras": _version("keras"), "numpy": _version("numpy")}


_MD5_CACHE = {}


def weights_md5(path):
    """md5 of a weight file, computed once per (path, size, mtime) in this process."""
    st = os.stat(path)
    key = (os.path.abspath(path), st.st_size, st.st_mtime_ns)
    if key not in _MD5_CACHE:
        _MD5_CACHE[key] = md5sum(path)
    return _MD5_CACHE[key]
