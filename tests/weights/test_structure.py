"""The real weight files' exact HDF5 structure (as the 2016 releases were written): our readers take files
laid out exactly as the 2016 releases are, and our writers write that layout, so that a file we
write differs from a real one only in its data and our own provenance attributes at the root
(weights.h5files.PROVENANCE_ATTRS).

Byte size (not tested): this structure written by h5py 2.x gives the published
553,467,096 / 58,889,256 bytes. Our writer's output without provenance, and the same structure
rewritten by h5py 2.6 (HDF5 1.8.18) and 2.10 (HDF5 1.10.4), measured 2026-11: 553,470,024 /
58,890,360 (h5py 2.x) and 553,466,688 / 58,888,896 (h5py 3.14, HDF5 1.14.6): the data bytes
match, the metadata is within 3 KB of the published size but not equal, so some detail of the
2016 files' metadata is not yet known (it is neither an input layer nor backend/keras_version
attributes, which would add more)."""

import h5py
import numpy as np
import pytest
from helpers import h5_structure, handmade_keras_layers, write_handmade_baraldi, write_handmade_keras

from common.layers import LEGACY_LAYERS_CONV
from weights.baraldi import read_baraldi
from weights.h5files import PROVENANCE_ATTRS, SYNTHETIC_ATTR
from weights.keras_file import read_keras


@pytest.mark.parametrize("top", [True, False], ids=["full", "notop"])
def test_reader_takes_the_real_keras_structure(top, tmp_path):
    path = write_handmade_keras(tmp_path / "real.h5", include_top=top)
    with h5py.File(path, "r") as f:  # the fixture is what section 6 says
        assert f.attrs["layer_names"].dtype == np.dtype("S12") and list(f.attrs) == ["layer_names"]
        assert f["block1_pool"].attrs["weight_names"].dtype == np.float64
        assert f["block1_pool"].attrs["weight_names"].shape == (0,)
    ws = read_keras(path)
    assert ws.has_top == top and ws.synthetic_seed is None
    assert len(ws.params) == (16 if top else 13)
    assert ws.params["conv1_1"][0].shape == (3, 3, 3, 64)


def test_readers_take_an_int32_nb_layers(tmp_path):
    """Baraldi's nb_layers is a Python int: int64, or int32 when written on Windows."""
    path = write_handmade_baraldi(tmp_path / "w.h5", include_top=False)
    with h5py.File(path, "r+") as f:
        f.attrs["nb_layers"] = np.int32(LEGACY_LAYERS_CONV)
    assert read_baraldi(path).params["conv1_1"][0].shape == (64, 3, 3, 3)


def _structure(path):
    return h5_structure(path, skip_root_attrs=PROVENANCE_ATTRS)


def test_keras_writer_writes_the_real_structure(synth_files, synth_notop_files, tmp_path):
    for top, ours in ((True, synth_files["modern"]), (False, synth_notop_files["modern"])):
        real = write_handmade_keras(tmp_path / f"real{top}.h5", include_top=top)
        assert _structure(ours) == _structure(real), top
    with h5py.File(synth_files["modern"], "r") as f:  # and the provenance is still ours
        assert int(f.attrs[SYNTHETIC_ATTR]) == 0
        assert [n.decode() for n in f.attrs["layer_names"]] == \
            [name for name, _ in handmade_keras_layers(True)]


def test_baraldi_writer_writes_the_real_structure(synth_files, synth_notop_files, handmade_baraldi,
                                                  tmp_path):
    assert _structure(synth_files["legacy"]) == _structure(handmade_baraldi)
    notop = write_handmade_baraldi(tmp_path / "notop.h5", include_top=False)
    assert _structure(synth_notop_files["legacy"]) == _structure(notop)
    with h5py.File(handmade_baraldi, "r") as f:
        assert f.attrs["nb_layers"].dtype == np.int64 and f["layer_1/param_0"].shape == (64, 3, 3, 3)


def test_converted_trained_files_differ_from_the_real_structure_only_by_provenance(trained_files,
                                                                                   tmp_path):
    """The trained stack (weights/trained.py) is written by the same writers and then stamped with
    provenance_* root attributes: those, and nothing else, are what PROVENANCE_ATTRS skips."""
    real = write_handmade_keras(tmp_path / "real.h5", include_top=False)
    assert _structure(trained_files["modern"]) == _structure(real)
    with h5py.File(trained_files["modern"], "r") as f:
        stamped = {k for k in f.attrs if k.startswith("provenance_")}
    assert stamped and stamped <= set(PROVENANCE_ATTRS)
