"""Writing files so that nothing is ever left half-written: temporary name, then rename."""

import contextlib
import fcntl
import hashlib
import os
import shlex
import sys
import tempfile

from common.errors import ArgumentError, EnvironmentProblem

LOCK_NAME = ".lock"  # in each output folder; holds "pid N: command" of the run holding it


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
    try:
        os.makedirs(folder, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as e:
        raise ArgumentError(f"{flag} {folder}: cannot write there ({e.strerror}); choose another "
                            f"folder with {flag}") from None
    return folder


@contextlib.contextmanager
def output_lock(folders, prog, flag="--out"):
    """Hold an advisory lock (fcntl.flock) on each of `folders` for the duration, so that two
    runs never write one output folder at once; the second one gets EnvironmentProblem (exit 3)
    naming the process that holds it. The lock file records "pid N: command" and stays (removing
    it would let a third run lock a different file); the kernel releases the lock when the holder
    exits, even on a crash, so a stale file never blocks anyone. flock: one lock per open file,
    so it also keeps two calls in one process apart."""
    me = f"pid {os.getpid()}: {prog} {shlex.join(sys.argv[1:])}".rstrip()
    with contextlib.ExitStack() as stack:
        for folder in folders:
            os.makedirs(folder, exist_ok=True)
            path = os.path.join(folder, LOCK_NAME)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
            stack.callback(os.close, fd)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 4096, 0).decode("utf-8", "replace").strip() or "a process"
                raise EnvironmentProblem(
                    f"{flag} {folder}: another run is writing there ({holder}); wait for it to "
                    f"finish, or choose another folder with {flag}") from None
            try:
                os.ftruncate(fd, 0)
                os.pwrite(fd, me.encode(), 0)
            except OSError as e:  # e.g. a full disk: name the file
                raise OSError(e.errno, e.strerror, path) from e
        yield


def write_bytes(path, data):
    """Write `data` to `path` atomically."""
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as f:
            f.write(data)


def update_bytes(path, data):
    """Write `data` to `path` atomically unless the file holds exactly these bytes already, and
    say whether it wrote: a rerun that changes nothing leaves its files (and their times) alone."""
    try:
        with open(path, "rb") as f:
            if f.read() == data:
                return False
    except OSError:  # missing or unreadable: written
        pass
    write_bytes(path, data)
    return True


def file_digest(path, algorithm="md5", chunk=1 << 22):
    """Hex digest (hashlib `algorithm`) of a file, read in 4 MiB chunks."""
    h = hashlib.new(algorithm)
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(chunk), b""):
            h.update(block)
    return h.hexdigest()


def md5sum(path):
    """Hex md5 of a file."""
    return file_digest(path, "md5")
