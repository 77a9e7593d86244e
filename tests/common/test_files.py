"""common/files.py and the environment side of common/errors.py, in-process and without
TensorFlow: atomic writes that fail name the output and leave nothing half-written; an OSError
becomes one `error:` line and exit 3; the output lock refuses a second holder, naming the first.

The OSErrors here are injected (a real full disk is in tests/test_environment_errors.py)."""

import errno
import os

import numpy as np
import pytest

from common import cache as K
from common.ascent import AscentResult
from common.errors import EXIT_ENVIRONMENT, ArgumentError, EnvironmentProblem, cli_entry
from common.files import LOCK_NAME, atomic_path, output_lock, write_bytes


def test_a_failed_write_names_the_output_and_leaves_nothing(tmp_path):
    target = tmp_path / "figure.png"
    with pytest.raises(OSError) as e:
        with atomic_path(target) as tmp:
            with open(tmp, "wb") as f:
                f.write(b"half")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # as write() on a full disk
    assert e.value.errno == errno.ENOSPC and e.value.filename == str(target)
    assert list(tmp_path.iterdir()) == []  # neither the output nor its temporary file


@pytest.mark.parametrize("code, advice", [
    (errno.ENOSPC, "free some space"), (errno.EROFS, "choose a writable folder"),
    (errno.EACCES, "fix the permissions"), (errno.ENOENT, "removed while the run was going"),
    (errno.EIO, "check it"),
])
def test_an_oserror_is_one_line_and_exit_3(capsys, tmp_path, code, advice):
    path = str(tmp_path / "out" / "x.npz")

    @cli_entry
    def main():
        raise OSError(code, os.strerror(code), path)

    assert main() == EXIT_ENVIRONMENT == 3
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}: {os.strerror(code)}; ")
    assert advice in lines[0] and "rerun" in lines[0]


def test_an_error_quoting_control_characters_stays_one_line(capsys):
    @cli_entry
    def main():  # found by tests/test_cli_fuzz.py: --layer $'\x1e' split the line for splitlines()
        raise ArgumentError("--layer a\nb\x1e\x1b[31m: no such layer; ñandú stays")

    assert main() == 2
    assert capsys.readouterr().err == "error: --layer a\\nb\\x1e\\x1b[31m: no such layer; ñandú stays\n"


def test_a_several_line_reason_becomes_one_line(capsys):
    @cli_entry
    def main():  # what h5py raises on a full disk: its own strerror, over two lines
        raise OSError(errno.ENOSPC, "Can't write data (time = ...\n, errno = 28)", "w.h5")

    assert main() == 3
    assert capsys.readouterr().err == (f"error: w.h5: {os.strerror(errno.ENOSPC)}; free some "
                                       f"space or choose another folder with --out, then rerun "
                                       f"(finished work is kept and a rerun resumes)\n")


def test_a_full_disk_mid_run_keeps_what_finished_and_the_rerun_resumes(capsys, tmp_path,
                                                                      monkeypatch):
    """The cache's write path with ENOSPC injected at the third np.savez (in-process: the real
    file system variant runs the real command): exit 3 naming the entry, two entries kept, no
    .part, and the rerun computes only the other two."""
    folder, key, shape = tmp_path / "cache" / "conv5_1", "k", (4, 4, 3)
    savez, calls = np.savez, []

    def full_disk_savez(f, **arrays):
        calls.append(1)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return savez(f, **arrays)

    def compute(missing, save):
        for i in missing:
            save(AscentResult(i, np.full(shape, i, np.float32), [1.0], False, False, 0.1))

    @cli_entry
    def main():
        return K.cached_filters(folder, (4, 4, 3), [0, 1, 2, 3], 1, key, compute)[1]

    monkeypatch.setattr(np, "savez", full_disk_savez)
    assert main() == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: {folder / '2.npz'}: No space left")
    assert sorted(p.name for p in folder.iterdir()) == ["0.npz", "1.npz"]
    monkeypatch.setattr(np, "savez", savez)
    assert main() == 2  # computed: 2 and 3 only
    assert sorted(p.name for p in folder.iterdir()) == ["0.npz", "1.npz", "2.npz", "3.npz"]


def test_the_lock_refuses_a_second_holder_naming_the_first(tmp_path):
    with output_lock([tmp_path], "python -m reproduce"):
        assert (tmp_path / LOCK_NAME).read_text().startswith(f"pid {os.getpid()}: python -m reproduce")
        with pytest.raises(EnvironmentProblem) as e:
            with output_lock([tmp_path / "other", tmp_path], "python -m modern.visualize"):
                pass
        assert e.value.exit_code == 3
        assert f"--out {tmp_path}: another run is writing there (pid {os.getpid()}: " in str(e.value)
    with output_lock([tmp_path], "python -m modern.visualize"):  # released: free again
        write_bytes(tmp_path / "x", b"1")
