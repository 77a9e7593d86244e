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


def _small_params(modern=False):
    """Random {legacy name: [W, b]} of the right shapes (the conv layers only: fast)."""
    from common.layers import param_layers

    rng = np.random.default_rng(0)
    return {layer.legacy_name: [rng.standard_normal(s).astype(np.float32)
                                for s in (layer.modern_shapes() if modern else layer.legacy_shapes())]
            for layer in param_layers(False)}


def test_convert_params_table_names_which_arrays_change():
    """One loop over CONVERSIONS: conv kernels change (and come back bit-exact), biases are
    copied unchanged; the KERNEL aspect alone is what the legacy loader uses."""
    from common.layout import legacy_kernel_to_modern
    from weights.convert import KERNEL, convert_params

    legacy = _small_params()
    modern = convert_params(legacy, "modern")
    for name, (w, b) in legacy.items():
        assert np.array_equal(modern[name][0], legacy_kernel_to_modern(w))
        assert np.array_equal(modern[name][1], b) and modern[name][1] is not b
    back = convert_params(modern, "legacy")
    assert all(np.array_equal(back[n][0], legacy[n][0]) for n in legacy)
    kernel_only = convert_params(legacy, "modern", aspects=(KERNEL,))
    assert all(np.array_equal(kernel_only[n][0], modern[n][0]) for n in legacy)


def test_convert_params_asserts_every_shape():
    """An array of the wrong shape for its layout is refused before it is converted."""
    import pytest

    from weights.convert import convert_params

    with pytest.raises(AssertionError, match="conv1_1"):
        convert_params(_small_params(modern=True), "modern")  # already (3, 3, in, out)
