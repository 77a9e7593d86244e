"""Writing files so that nothing is ever left half-written: temporary name, then rename."""

import contextlib
import hashlib
import os
import tempfile


@contextlib.contextmanager
def atomic_path(path):
    """Yield a temporary path beside `path`; on success rename it to `path`, on failure remove it.

    The temporary file lives in the same folder so that `os.replace` is an atomic rename. An
    OSError of the write (a full disk raises it from write() or close(), with no file name) is
    re-raised naming `path`, not the temporary name, so that the one-line error
    (common.errors.environment_message) says which output could not be written.
    """
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    tmp = None
    try:
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".part",
                                   dir=folder)
        os.close(fd)
        # mkstemp creates the file 0600; give the result the permissions a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        yield tmp
        os.replace(tmp, path)
    except OSError as e:
        if e.errno is not None and e.filename in (None, tmp):
            raise OSError(e.errno, e.strerror, path) from e  # same subclass, e.g. FileNotFoundError
        raise
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.remove(tmp)


def check_writable_folder(folder, flag="--out"):
    """Create `folder` now and prove it writable by writing a file there, so that a run never
    fails at its end; ArgumentError naming `flag` otherwise. (os.access would not tell: root
    passes it everywhere, and a read-only file system says no only when written to.)"""
    from common.errors import ArgumentError

    try:
        os.makedirs(folder, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as e:
        raise ArgumentError(f"{flag} {folder}: cannot write there ({e.strerror}); choose another "
                            f"folder with {flag}") from None
    return folder


def write_bytes(path, data):
    """Write `data` to `path` atomically."""
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as f:
            f.write(data)


def md5sum(path, chunk=1 << 22):
    """Hex md5 of a file, read in 4 MiB chunks."""
    h = hashlib.md5()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(chunk), b""):
            h.update(block)
    return h.hexdigest()
