"""A bad environment through the real commands: a full disk (a real, small tmpfs mounted for the
test; skipped with the reason where mounting is not permitted; the injected-OSError variant that
always runs is in tests/common/test_files.py), and two runs on one output folder at once.

Checked: one `error:` line naming the path and what to do, exit 3, no traceback, nothing
half-written, what finished before the fault kept so that the rerun resumes; the second run of
two refuses before any work, naming the process that holds the folder, and the first finishes
whole."""

import json
import os
import subprocess
import sys
import time
import warnings

import imageio.v3 as iio
import pytest
from helpers import REPO

from common import cache as K

PAGE = 4096
GRID = ["--layer", "conv1_1", "--filters", "0-3", "--grid", "2x2", "--size", "32", "--steps", "2",
        "--batch-size", "1"]


def _visualize(weights, out, *extra, wait=True):
    cmd = [sys.executable, "-m", "modern.visualize", "--weights", weights, *GRID, "--out", str(out),
           *extra]
    kw = dict(cwd=REPO, env={**os.environ, "PYTHONPATH": REPO}, text=True)
    if not wait:
        return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    return subprocess.run(cmd, capture_output=True, timeout=300, **kw)


def _one_error_line(stderr):
    """The run's one `error:` line (TensorFlow may log to stderr before it); no traceback."""
    assert "Traceback" not in stderr, stderr
    errors = [x for x in stderr.splitlines() if x.startswith("error: ")]
    assert len(errors) == 1 and stderr.strip().splitlines()[-1] == errors[0], stderr
    return errors[0]


def _whole_entries(out):
    """The grid's cache entries, each verified (a damaged one would warn and be set aside)."""
    found = {}
    for path in out.glob(".cache/*/modern/conv1_1/*.npz"):
        i = int(path.stem)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            got = K.load_result(path, i, path.parts[-4], (32, 32, 3), 2)
        assert got is not None, path
        found[i] = got
    return found


@pytest.fixture
def tmpfs(tmp_path):
    """A 1 MiB tmpfs, unmounted afterwards; skipped where mounting is not permitted."""
    mnt = tmp_path / "small"
    mnt.mkdir()
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mnt)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({proc.stderr.strip() or proc.returncode}): the "
                    f"injected-OSError variant in tests/common/test_files.py covers the code path")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", str(mnt)], check=True)


def test_a_full_disk_is_one_line_keeps_finished_work_and_resumes(tmpfs, synth_notop_files):
    # Fill the file system but 9 pages: an entry (a 32x32x3 float32 image, ~13 KB) takes 4, so
    # two entries fit and the third write fails with ENOSPC mid-run.
    st = os.statvfs(tmpfs)
    filler = tmpfs / "filler"
    filler.write_bytes(b"\0" * (st.f_bavail * st.f_frsize - 9 * PAGE))
    out = tmpfs / "out"
    proc = _visualize(synth_notop_files["modern"], out)
    assert proc.returncode == 3, proc.stderr[-2000:]
    line = _one_error_line(proc.stderr)
    assert "No space left on device; free some space or choose another folder with --out" in line
    assert f"{out}/" in line and "rerun resumes" in line
    assert list(tmpfs.rglob("*.part")) == [] and not (out / "stitched_filters_2x2.png").exists()
    kept = _whole_entries(out)
    assert len(kept) == 2, sorted(kept)  # the two that fitted, each whole
    filler.unlink()  # space freed: the rerun computes only the rest
    proc = _visualize(synth_notop_files["modern"], out)
    assert proc.returncode == 0, proc.stderr[-2000:]
    meta = json.loads((out / "stitched_filters_2x2.json").read_text())
    assert (meta["computed"], meta["reused"]) == (4 - len(kept), len(kept))
    assert len(_whole_entries(out)) == 4


def test_two_runs_on_one_folder_the_second_refuses_naming_the_first(tmp_path, synth_notop_files):
    out = tmp_path / "out"
    first = _visualize(synth_notop_files["modern"], out / "modern", wait=False)
    lock = out / "modern" / ".lock"
    deadline = time.monotonic() + 120
    while not (lock.exists() and lock.read_text().startswith(f"pid {first.pid}: ")):
        assert first.poll() is None and time.monotonic() < deadline, first.communicate()
        time.sleep(0.05)
    env = {**os.environ, "PYTHONPATH": REPO}
    # make reproduce into the parent folder: it writes out/modern too, so it must refuse, before
    # it writes its synthetic weights
    second = subprocess.run([sys.executable, "-m", "reproduce", "--settings", "tiny", "--out",
                             str(out), "--weights-dir", str(tmp_path / "w")], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=120)
    third = _visualize(synth_notop_files["modern"], out / "modern")
    still_running = first.poll() is None
    stdout, stderr = first.communicate(timeout=300)
    assert first.returncode == 0, stderr[-2000:]
    for proc in (second, third):
        assert proc.returncode == 3, proc.stderr
        line = _one_error_line(proc.stderr)
        assert f"--out {out / 'modern'}: another run is writing there (pid {first.pid}: " \
               f"python -m modern.visualize --weights" in line, line
    assert still_running  # the refusals happened while the first held the folder
    assert not (tmp_path / "w").exists() or list((tmp_path / "w").iterdir()) == []
    assert len(_whole_entries(out / "modern")) == 4
    assert iio.imread(out / "modern" / "stitched_filters_2x2.png").ndim == 3
    json.loads((out / "modern" / "stitched_filters_2x2.json").read_text())
    assert list(out.rglob("*.part")) == []
