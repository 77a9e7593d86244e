"""Bad weight files, made small and on the spot, for the reader tests (tests/weights/
test_bad_files.py) and the command-line table (tests/test_cli_bad_inputs.py).

Each maker is `make(tmp, files) -> path`: `tmp` a folder to write in, `files` the synthetic
conv-only VGG16 ({"legacy": path, "modern": path}) for the cases that need every other shape right.
"""

import shutil

import h5py
import numpy as np
from helpers import write_handmade_baraldi

from weights.h5files import BARALDI_FILENAME
from weights.reference import REAL_CONV1_1_BIAS_0_10, REAL_CONV1_1_KERNEL_00


def make_missing(tmp, files):
    return str(tmp / "nowhere.h5")


def make_empty(tmp, files):
    (tmp / "empty.h5").write_bytes(b"")
    return str(tmp / "empty.h5")


def make_html(tmp, files):
    (tmp / "page.h5").write_text("<!DOCTYPE html><html><body>403 Forbidden</body></html>")
    return str(tmp / "page.h5")


def make_truncated(tmp, files):
    with open(files["legacy"], "rb") as f:
        data = f.read(1_000_000)
    (tmp / "truncated.h5").write_bytes(data)
    return str(tmp / "truncated.h5")


def make_no_layout(tmp, files):
    with h5py.File(tmp / "other.h5", "w") as f:
        f.create_dataset("data", data=np.zeros(3))
    return str(tmp / "other.h5")


def make_vgg19_baraldi(tmp, files):
    return write_handmade_baraldi(tmp / "vgg19.h5", layers=[], nb_layers=46)


def make_vgg19_keras(tmp, files):
    blocks = [(1, 2), (2, 2), (3, 4), (4, 4), (5, 4)]  # VGG19: four convs in blocks 3-5
    names = [f"block{b}_conv{i}" for b, n in blocks for i in range(1, n + 1)]
    with h5py.File(tmp / "vgg19_keras.h5", "w") as f:
        f.attrs["layer_names"] = np.array([n.encode() for n in names])
        for n in names:
            f.create_group(n).attrs["weight_names"] = np.array([f"{n}_W_1:0".encode(), f"{n}_b_1:0".encode()])
    return str(tmp / "vgg19_keras.h5")


def make_wrong_shape_baraldi(tmp, files):
    with h5py.File(tmp / "shape.h5", "w") as f:
        f.attrs["nb_layers"] = 37
        f.create_group("layer_0").attrs["nb_params"] = 0
        g = f.create_group("layer_1")
        g.attrs["nb_params"] = 2
        g.create_dataset("param_0", data=np.zeros((64, 3, 5, 5), np.float32))
        g.create_dataset("param_1", data=np.zeros((64,), np.float32))
    return str(tmp / "shape.h5")


def make_wrong_nb_params(tmp, files):
    with h5py.File(tmp / "nbparams.h5", "w") as f:
        f.attrs["nb_layers"] = 37
        f.create_group("layer_0").attrs["nb_params"] = 2
    return str(tmp / "nbparams.h5")


def make_missing_group(tmp, files):
    return write_handmade_baraldi(tmp / "holes.h5", layers=[0, 1, 2])


def _copy(files, layout, tmp, name):
    dst = tmp / name
    shutil.copyfile(files[layout], dst)
    return dst


def make_wrong_shape_keras(tmp, files):
    dst = _copy(files, "modern", tmp, "shape_keras.h5")
    with h5py.File(dst, "r+") as f:
        g = f["block2_conv1"]
        del g["block2_conv1_W_1:0"]
        g.create_dataset("block2_conv1_W_1:0", data=np.zeros((3, 3, 32, 128), np.float32))
    return str(dst)


def make_nan_baraldi(tmp, files):
    dst = _copy(files, "legacy", tmp, "nan.h5")
    with h5py.File(dst, "r+") as f:
        f["layer_27/param_0"][0, 0, 0, 0] = np.nan
    return str(dst)


def make_inf_keras(tmp, files):
    dst = _copy(files, "modern", tmp, "inf.h5")
    with h5py.File(dst, "r+") as f:
        f["block3_conv2/block3_conv2_b_1:0"][5] = np.inf
    return str(dst)


def make_keras_file(tmp, files):
    return files["modern"]


def make_baraldi_file(tmp, files):
    return files["legacy"]


def make_garbage(tmp, files):
    (tmp / "garbage.h5").write_bytes(bytes(range(256)) * 4)
    return str(tmp / "garbage.h5")


def make_folder(tmp, files):
    (tmp / "folder.h5").mkdir()
    return str(tmp / "folder.h5")


def make_vgg19_legacy_named(tmp, files):
    """VGG19 in Baraldi's layout under VGG16's file name (a wrong mirror download)."""
    return write_handmade_baraldi(tmp / BARALDI_FILENAME, layers=[], nb_layers=46)


def make_unflipped_real(tmp, files):
    """A conv-only Baraldi-layout file holding the real conv1_1 reference values, stored
    unflipped (as Keras 1 on TensorFlow saved them): the legacy loader should say so."""
    from weights.convert import convert_file
    from weights.keras_file import write_keras
    from weights.synth import synthetic_params

    params = synthetic_params(seed=0, include_top=False)
    kernel, bias = params["conv1_1"]
    bias[:10] = REAL_CONV1_1_BIAS_0_10
    kernel[:, :, 0, 0] = REAL_CONV1_1_KERNEL_00
    modern = write_keras(str(tmp / "real_keras.h5"), params)
    return convert_file(modern, str(tmp / "unflipped.h5"), "legacy", kernels="tensorflow")
