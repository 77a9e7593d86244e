"""TensorFlow's C++ start-up lines, kept off a command's output when nothing is wrong.

TensorFlow 2.18-2.21 writes, on every import, lines that its own log level cannot silence: they
are logged before absl's logging is initialised, so TF_CPP_MIN_LOG_LEVEL is not read yet
(measured: the same lines at levels 0, 2 and 3):

    WARNING: All log messages before absl::InitializeLog() is called are written to STDERR
    I0000 ... port.cc:153] oneDNN custom operations are on. ...
    I0000 ... cudart_stub.cc:31] Could not find cuda drivers on your machine, GPU will not be used.
    E0000 ... cuda_platform.cc:52] failed call to cuInit: INTERNAL: CUDA error: ...

(twice: once for each of TensorFlow's two shared libraries), the last one at the first look at
the devices. `hush_tensorflow_startup()` installs an import hook: the first `import tensorflow`
(direct, or through keras) runs with file descriptor 2 sent to a temporary file, and so does the
first look at the devices; then every captured line is passed on to stderr except the start-up
chatter (`startup_chatter`): absl's pre-initialisation banner, info and warning lines, and
cuInit's failure when no GPU was found. A GPU that is present is found and used as ever (nothing
is hidden from TensorFlow, only lines from the terminal), and any other line, an error or a
Python warning, still reaches the user. A TF_CPP_MIN_LOG_LEVEL of 0 set by the user turns the
filter off, so that whoever asks for TensorFlow's info lines gets all of them.
"""

import importlib.abc
import importlib.util
import os
import re
import sys
import tempfile

_BANNER = "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR"
# absl's line prefix: severity letter, MMDD, then the time (I0000 00:00:1796622796.691467 ...)
_INFO_OR_WARNING = re.compile(r"^[IW]\d{4} \d\d:\d\d:")
_CUINIT = re.compile(r"^E\d{4} \d\d:\d\d:.*failed call to cuInit")


def startup_chatter(line, gpu_found):
    """Whether one captured start-up line is chatter to drop. The cuInit failure is chatter only
    where no GPU was found (a machine without one); with a GPU it would be news, and is kept."""
    return (line.strip() == _BANNER or bool(_INFO_OR_WARNING.match(line))
            or (not gpu_found and bool(_CUINIT.match(line))))


def _filtered(text, gpu_found):
    return "".join(line for line in text.splitlines(keepends=True)
                   if not startup_chatter(line, gpu_found))


class _Captured:
    """File descriptor 2 into a temporary file for the duration of a `with`; `.text` after."""

    def __enter__(self):
        sys.stderr.flush()
        self._file = tempfile.TemporaryFile()
        self._saved = os.dup(2)
        os.dup2(self._file.fileno(), 2)
        return self

    def __exit__(self, *exc):
        sys.stderr.flush()
        os.dup2(self._saved, 2)
        os.close(self._saved)
        self._file.seek(0)
        self.text = self._file.read().decode("utf-8", "replace")
        self._file.close()
        return False


class _QuietLoader(importlib.abc.Loader):
    """Runs TensorFlow's own loader, and its first device listing, with stderr captured."""

    def __init__(self, loader):
        self._loader = loader

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        gpu_found, captured = False, _Captured()
        try:
            with captured:
                self._loader.exec_module(module)
                # cuInit's line comes at the first look at the devices, not at import: look now,
                # while stderr is captured. (This does not start TensorFlow's context: threading
                # can still be set afterwards, cli/runtime.py.)
                gpu_found = bool(module.config.list_physical_devices("GPU"))
        finally:  # an import that fails still shows everything it said, traceback after it
            sys.stderr.write(_filtered(captured.text, gpu_found))


class _Finder(importlib.abc.MetaPathFinder):
    """Finds `tensorflow` with the other finders, then wraps its loader (once)."""

    def find_spec(self, fullname, path, target=None):
        if fullname != "tensorflow":
            return None
        sys.meta_path.remove(self)  # one import only, and no recursion into this finder
        spec = importlib.util.find_spec(fullname)
        if spec is not None and spec.loader is not None:
            spec.loader = _QuietLoader(spec.loader)
        return spec


def hush_tensorflow_startup():
    """Install the hook (see the module's docstring), unless TensorFlow is imported already or the
    user asked for its info lines (TF_CPP_MIN_LOG_LEVEL=0). Idempotent; imports nothing heavy."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # TensorFlow's own later info and warnings
    if os.environ["TF_CPP_MIN_LOG_LEVEL"] == "0" or "tensorflow" in sys.modules:
        return
    if not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder())
