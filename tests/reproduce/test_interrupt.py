"""Ctrl-C in the middle of `python -m reproduce`, then a rerun; and a filter that overflows to Inf.
The slow tier: two tiny runs (~90 s on 2 cores); tests/reproduce/test_run.py keeps a rerun that
does only the missing work in the fast tier.

One run serves both (a tiny reproduce costs ~50 s): the weights are the synthetic VGG16 with
conv5_1 filter 1's bias set to 3e38, so that filter's activation map sums to Inf (the loss is a
mean: a sum, then a division). The run is interrupted with SIGINT once a third of the cached
filters exist, then rerun to the end. Checked:
- at every moment of the first run and after it, every file under the output's visible names
  decodes (outputs are written to a temporary name, then renamed); no `.part` file remains;
- the interrupted run exits 130 with one line and no traceback;
- the rerun computes exactly the filters that were missing, touches no finished file, and says so;
- conv5_1 filter 1 is recorded as stopped on NaN/Inf in the sidecars and REPORT.md, while the
  other conv5_1 filters of the grid complete their steps.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import h5py
import imageio.v3 as iio
import numpy as np
import pytest
from helpers import REPO

from common.images import DEFAULT_SEED
from extras.settings import FILTER_DREAM_FILTERS
from reproduce.claims import REPORT_SEEDS, claim_filters, claim_layers
from reproduce.plan import TINY
from weights.h5files import BARALDI_FILENAME, KERAS_FILENAME

pytestmark = pytest.mark.slow

POISONED = 1  # conv5_1 filter given an overflowing bias
# Cached results of a tiny run, per pipeline: 2 filters of each of the 13 conv layers (overview),
# conv5_1 filters 2 and 3 (the 2x2 grid tries 4; 0 and 1 are the overview's), 2 classes, and the
# filter dream's filters (started from a photo, cached apart from the grey-noise runs), the methods
# figure's filters by fourier (every one live in this run: cached apart too); then the
# claims' pictures at two more start-noise seeds, modern only (the run's weights are the untrained
# network: no second null to make).
TOTAL = 2 * (13 * TINY.overview_filters + (TINY.grid_filters - TINY.overview_filters) + 2
             + len(FILTER_DREAM_FILTERS) + len(TINY.methods_layers) * TINY.methods_filters) \
    + (REPORT_SEEDS - 1) * len(claim_layers()) * claim_filters(TINY)
INTERRUPT_AT = TOTAL // 3


def _command(out, weights_dir):
    return [sys.executable, "-m", "reproduce", "--settings", "tiny", "--out", str(out),
            "--weights-dir", str(weights_dir), "--weights", "synthetic"]


def _check_complete(root, seen):
    """Every visible output decodes; returns how many cached results exist. `seen` skips files
    already checked at the same mtime."""
    for path in root.rglob("*"):
        if not path.is_file() or path.name.endswith(".part"):
            continue
        try:
            key = (path, path.stat().st_mtime_ns)
        except FileNotFoundError:  # replaced between listing and stat: the new one is checked later
            continue
        if key in seen:
            continue
        if path.suffix == ".npz":
            with np.load(path) as z:
                assert np.isfinite(z["image"]).all() and z["image"].ndim == 3, path
        elif path.suffix == ".png":
            assert iio.imread(path).ndim == 3, path
        elif path.suffix == ".json":
            json.loads(path.read_text())
        elif path.suffix == ".npy":
            np.load(path)
        seen.add(key)
    return len(list(root.rglob("*.npz")))


@pytest.fixture(scope="module")
def interrupted(synth_files, tmp_path_factory):
    weights_dir = tmp_path_factory.mktemp("poisoned")
    folder = weights_dir / f"synthetic-seed{DEFAULT_SEED}"  # where reproduce looks for them
    folder.mkdir()
    legacy = shutil.copyfile(synth_files["legacy"], folder / BARALDI_FILENAME)
    modern = shutil.copyfile(synth_files["modern"], folder / KERAS_FILENAME)
    with h5py.File(legacy, "r+") as f:
        f["layer_25/param_1"][POISONED] = np.float32(3e38)  # conv5_1 bias, Baraldi's layout
    with h5py.File(modern, "r+") as f:
        f["block5_conv1/block5_conv1_b_1:0"][POISONED] = np.float32(3e38)
    out = tmp_path_factory.mktemp("out")
    env = {**os.environ, "PYTHONPATH": REPO}
    seen = set()
    with open(out.parent / "first.log", "w") as log:
        # A user's Ctrl-C reaches a foreground run. Under a non-interactive shell that started
        # this test in the background (as `make test &` does), SIGINT arrives here ignored, and
        # an ignored SIGINT stays ignored across exec: restore the default so that the child is
        # the foreground run we mean to interrupt.
        proc = subprocess.Popen(_command(out, weights_dir), cwd=REPO, env=env, stdout=log,
                                stderr=subprocess.PIPE, text=True,
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        deadline = time.monotonic() + 600
        while _check_complete(out, seen) < INTERRUPT_AT:
            assert proc.poll() is None, "the run ended before it could be interrupted"
            assert time.monotonic() < deadline
            time.sleep(0.2)
        proc.send_signal(signal.SIGINT)
        stderr = proc.communicate(timeout=120)[1]
    cached = {p: p.stat().st_mtime_ns for p in out.rglob("*.npz")}
    figures = {p: p.stat().st_mtime_ns for p in out.glob("*/*.png")}
    first = {"code": proc.returncode, "stderr": stderr, "cached": cached, "figures": figures,
             "partial": list(out.rglob("*.part")), "complete": _check_complete(out, seen)}
    rerun = subprocess.run(_command(out, weights_dir), cwd=REPO, env=env, capture_output=True,
                           text=True, timeout=900)
    return {"out": out, "first": first, "rerun": rerun}


def test_interrupted_run_exits_130_with_one_line(interrupted):
    first = interrupted["first"]
    assert first["code"] == 130, first["stderr"][-2000:]
    assert "Traceback" not in first["stderr"]
    assert first["stderr"].strip().splitlines()[-1].startswith("interrupted: ")


def test_nothing_partial_or_corrupt_is_left(interrupted):
    first = interrupted["first"]
    assert first["partial"] == []
    assert INTERRUPT_AT <= first["complete"] < TOTAL  # interrupted in the middle, as intended
    assert list(interrupted["out"].rglob("*.part")) == []


def test_rerun_does_only_the_missing_work(interrupted):
    rerun, first, out = interrupted["rerun"], interrupted["first"], interrupted["out"]
    assert rerun.returncode == 0 and "Traceback" not in rerun.stderr, rerun.stderr[-2000:]
    m = re.search(r"filters and classes: (\d+) computed, (\d+) reused", rerun.stdout)
    computed, reused = int(m.group(1)), int(m.group(2))
    assert computed == TOTAL - len(first["cached"])  # exactly the missing ones
    assert reused > 0
    assert len(list(out.rglob("*.npz"))) == TOTAL
    for path, mtime in {**first["cached"], **first["figures"]}.items():
        assert path.stat().st_mtime_ns == mtime, f"{path} was redone"
    assert f"{computed} filters and classes computed by this run" in (out / "REPORT.md").read_text()


def test_overflowing_filter_is_stopped_recorded_and_the_others_complete(interrupted):
    out = interrupted["out"]
    md = (out / "REPORT.md").read_text()
    grid = md[md.index("### `stitched_filters_8x8`"):md.index("### `conv5_2_stitched")]
    assert "| stopped on NaN/Inf | 1 | 1 |" in grid  # counted in the report, named in the sidecar
    for pipeline in ("legacy", "modern"):
        meta = json.loads((out / pipeline / "stitched_filters_8x8.json").read_text())
        assert meta["nonfinite"] == [POISONED] and POISONED not in meta["kept"]
        assert meta["losses"][str(POISONED)] == []  # stopped at the first step
        others = [i for i in range(TINY.grid_filters) if i != POISONED]
        assert sorted(meta["kept"] + meta["dead"]) == others
        for i in meta["kept"]:
            assert len(meta["losses"][str(i)]) == TINY.steps and np.isfinite(meta["losses"][str(i)]).all()
        overview = json.loads((out / pipeline / "vgg16_filters_overview.json").read_text())
        assert POISONED in overview["layers"]["conv5_1"]["nonfinite"]
        assert overview["layers"]["conv1_1"]["nonfinite"] == []  # before conv5_1: untouched
