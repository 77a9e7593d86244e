"""Bad weight files: each gives a WeightFileError whose one line names the file, what was expected,
what was found and the fix; the `weights info` command exits 2 with that line and no traceback.

Fast tier: small hand-made files, plus copies of the synthetic conv-only file for the cases that
need every shape to be right (NaN/Inf).
"""

import os
import shutil
import subprocess
import sys

import h5py
import numpy as np
import pytest

from common.errors import WeightFileError
from helpers import REPO, write_handmade_baraldi
from weights.baraldi import read_baraldi
from weights.keras_file import read_keras


def _missing(tmp, files):
    return str(tmp / "nowhere.h5")


def _empty(tmp, files):
    (tmp / "empty.h5").write_bytes(b"")
    return str(tmp / "empty.h5")


def _html(tmp, files):
    (tmp / "page.h5").write_text("<!DOCTYPE html><html><body>403 Forbidden</body></html>")
    return str(tmp / "page.h5")


def _truncated(tmp, files):
    with open(files["legacy"], "rb") as f:
        data = f.read(1_000_000)
    (tmp / "truncated.h5").write_bytes(data)
    return str(tmp / "truncated.h5")


def _no_layout(tmp, files):
    with h5py.File(tmp / "other.h5", "w") as f:
        f.create_dataset("data", data=np.zeros(3))
    return str(tmp / "other.h5")


def _vgg19_baraldi(tmp, files):
    return write_handmade_baraldi(tmp / "vgg19.h5", layers=[], nb_layers=46)


def _vgg19_keras(tmp, files):
    names = [f"block{b}_conv{i}" for b, n in [(1, 2), (2, 2), (3, 4), (4, 4), (5, 4)] for i in range(1, n + 1)]
    with h5py.File(tmp / "vgg19_keras.h5", "w") as f:
        f.attrs["layer_names"] = np.array([n.encode() for n in names])
        for n in names:
            f.create_group(n).attrs["weight_names"] = np.array([f"{n}_W_1:0".encode(), f"{n}_b_1:0".encode()])
    return str(tmp / "vgg19_keras.h5")


def _wrong_shape_baraldi(tmp, files):
    with h5py.File(tmp / "shape.h5", "w") as f:
        f.attrs["nb_layers"] = 37
        f.create_group("layer_0").attrs["nb_params"] = 0
        g = f.create_group("layer_1")
        g.attrs["nb_params"] = 2
        g.create_dataset("param_0", data=np.zeros((64, 3, 5, 5), np.float32))
        g.create_dataset("param_1", data=np.zeros((64,), np.float32))
    return str(tmp / "shape.h5")


def _wrong_nb_params(tmp, files):
    with h5py.File(tmp / "nbparams.h5", "w") as f:
        f.attrs["nb_layers"] = 37
        f.create_group("layer_0").attrs["nb_params"] = 2
    return str(tmp / "nbparams.h5")


def _missing_group(tmp, files):
    return write_handmade_baraldi(tmp / "holes.h5", layers=[0, 1, 2])


def _copy(files, layout, tmp, name):
    dst = tmp / name
    shutil.copyfile(files[layout], dst)
    return dst


def _wrong_shape_keras(tmp, files):
    dst = _copy(files, "modern", tmp, "shape_keras.h5")
    with h5py.File(dst, "r+") as f:
        g = f["block2_conv1"]
        del g["block2_conv1_W_1:0"]
        g.create_dataset("block2_conv1_W_1:0", data=np.zeros((3, 3, 32, 128), np.float32))
    return str(dst)


def _nan_baraldi(tmp, files):
    dst = _copy(files, "legacy", tmp, "nan.h5")
    with h5py.File(dst, "r+") as f:
        f["layer_27/param_0"][0, 0, 0, 0] = np.nan
    return str(dst)


def _inf_keras(tmp, files):
    dst = _copy(files, "modern", tmp, "inf.h5")
    with h5py.File(dst, "r+") as f:
        f["block3_conv2/block3_conv2_b_1:0"][5] = np.inf
    return str(dst)


def _keras_file(tmp, files):
    return files["modern"]


def _baraldi_file(tmp, files):
    return files["legacy"]


# (case, file maker, reader, include_top, fragments of the expected message)
CASES = [
    ("missing", _missing, read_baraldi, None, ["no such file", "weights synth"]),
    ("empty", _empty, read_keras, None, ["empty file"]),
    ("html page", _html, read_baraldi, None, ["expected an HDF5", "HTML", "failed download"]),
    ("truncated", _truncated, read_baraldi, None, ["truncated"]),
    ("no layout", _no_layout, read_baraldi, None, ["no recognised layout", "nb_layers"]),
    ("vgg19 baraldi", _vgg19_baraldi, read_baraldi, None, ["nb_layers=37", "found nb_layers=46", "VGG19"]),
    ("vgg19 keras", _vgg19_keras, read_keras, None, ["block3_conv4", "VGG19"]),
    ("wrong shape baraldi", _wrong_shape_baraldi, read_baraldi, None,
     ["layer_1 (conv1_1) param_0", "expected shape (64, 3, 3, 3)", "found (64, 3, 5, 5)"]),
    ("wrong shape keras", _wrong_shape_keras, read_keras, None,
     ["block2_conv1", "expected shape (3, 3, 64, 128)", "found (3, 3, 32, 128)"]),
    ("wrong nb_params", _wrong_nb_params, read_baraldi, None, ["layer_0 (pad1_1)", "nb_params=0", "found 2"]),
    ("missing group", _missing_group, read_baraldi, None, ["layer_3 (conv1_2)", "group missing"]),
    ("keras file to baraldi reader", _keras_file, read_baraldi, None,
     ["keras.applications layout", "python -m weights convert --to legacy"]),
    ("baraldi file to keras reader", _baraldi_file, read_keras, None,
     ["Baraldi's 2016 layout", "python -m weights convert --to modern"]),
    ("nan", _nan_baraldi, read_baraldi, None, ["layer_27 (conv5_2) param_0", "NaN/Inf"]),
    ("inf", _inf_keras, read_keras, None, ["block3_conv2", "NaN/Inf"]),
    ("head of notop baraldi", _baraldi_file, read_baraldi, True, ["dense head", "only the 13 conv layers"]),
    ("head of notop keras", _keras_file, read_keras, True, ["dense head", "only the 13 conv layers"]),
]


@pytest.mark.parametrize("case,make,reader,include_top,fragments", CASES, ids=[c[0] for c in CASES])
def test_bad_file_gives_one_clear_line(case, make, reader, include_top, fragments, tmp_path,
                                       synth_notop_files):
    path = make(tmp_path, synth_notop_files)
    with pytest.raises(WeightFileError) as e:
        reader(path, include_top=include_top)
    message = str(e.value)
    assert "\n" not in message
    assert message.startswith(path), message
    for fragment in fragments:
        assert fragment in message, (fragment, message)


# `info` reads either layout, so a file of the "wrong" layout is not bad input for it.
CLI_CASES = [c for c in CASES if c[3] is None and "file to" not in c[0]]


@pytest.mark.parametrize("case,make,reader,include_top,fragments", CLI_CASES,
                         ids=[c[0] for c in CLI_CASES])
def test_info_cli_exits_2_without_traceback(case, make, reader, include_top, fragments, tmp_path,
                                            synth_notop_files):
    path = make(tmp_path, synth_notop_files)
    proc = subprocess.run([sys.executable, "-m", "weights", "info", path], cwd=REPO,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": REPO})
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and path in lines[0], proc.stderr
