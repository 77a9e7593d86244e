"""Exact conversion between the two layouts, and the synthetic set's determinism."""

import os
import subprocess
import sys

import h5py
import numpy as np
from helpers import REPO

from common.files import md5sum
from weights.convert import convert_file
from weights.synth import synthetic_params, write_synthetic


def _datasets(path):
    """{dataset path: bytes} of every dataset in an HDF5 file."""
    found = {}
    with h5py.File(path, "r") as f:
        f.visititems(lambda name, obj: found.__setitem__(name, obj[()].tobytes())
                     if isinstance(obj, h5py.Dataset) else None)
    return found


def test_round_trip_legacy_modern_legacy_is_bit_exact(synth_files, tmp_path):
    modern = convert_file(synth_files["legacy"], tmp_path / "m.h5", "modern")
    back = convert_file(modern, tmp_path / "l.h5", "legacy")
    original, again = _datasets(synth_files["legacy"]), _datasets(back)
    assert len(original) == 32  # 16 weighted layers x (W, b)
    assert original == again


def test_round_trip_modern_legacy_modern_is_bit_exact(synth_files, tmp_path):
    legacy = convert_file(synth_files["modern"], tmp_path / "l.h5", "legacy")
    back = convert_file(legacy, tmp_path / "m.h5", "modern")
    assert _datasets(synth_files["modern"]) == _datasets(back)


def test_the_two_synthetic_files_are_one_network(synth_files, tmp_path):
    """Converting the keras-layout synthetic file gives the Baraldi-layout one, array for array."""
    converted = convert_file(synth_files["modern"], tmp_path / "l.h5", "legacy")
    assert _datasets(converted) == _datasets(synth_files["legacy"])


def test_synth_same_seed_same_bytes_other_seed_other_numbers(tmp_path):
    a = write_synthetic(str(tmp_path / "a"), seed=3, include_top=False)
    b = write_synthetic(str(tmp_path / "b"), seed=3, include_top=False)
    assert [md5sum(p) for p in a] == [md5sum(p) for p in b]
    other = synthetic_params(seed=4, include_top=False)
    same = synthetic_params(seed=3, include_top=False)
    assert not np.array_equal(other["conv1_1"][0], same["conv1_1"][0])


def test_synthetic_file_has_every_parameter(synth_files):
    with h5py.File(synth_files["legacy"], "r") as f:
        total = sum(f[f"layer_{k}/param_{p}"].size for k in range(37)
                    for p in range(int(f[f"layer_{k}"].attrs["nb_params"])))
        assert total == 138_357_544 and f.attrs["synthetic_seed"] == 0


def test_convert_cli(synth_notop_files, tmp_path):
    dst = tmp_path / "converted.h5"
    proc = subprocess.run([sys.executable, "-m", "weights", "convert", "--to", "legacy",
                           synth_notop_files["modern"], str(dst)], cwd=REPO, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONPATH": REPO})
    assert proc.returncode == 0, proc.stderr
    assert _datasets(dst) == _datasets(synth_notop_files["legacy"])
