"""The real weights' reference values (weights/reference.py), planted in a file, land in the
documented orientation in each layout, and `info` and the legacy loader recognise them."""

import warnings

import h5py
import numpy as np
import pytest

from common.layers import PARAMS_CONV
from weights.convert import convert_file
from weights.info import describe
from weights.keras_file import write_keras
from weights.reference import REAL_CONV1_1_BIAS_0_10, REAL_CONV1_1_KERNEL_00, REAL_FIRST_BIAS
from weights.synth import synthetic_params

REF = np.asarray(REAL_CONV1_1_KERNEL_00, dtype=np.float32)


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """A conv-only keras-layout file holding the real conv1_1 reference values."""
    params = synthetic_params(seed=0, include_top=False)
    kernel, bias = params["conv1_1"]
    bias[:10] = REAL_CONV1_1_BIAS_0_10
    kernel[:, :, 0, 0] = REF
    kernel[0, 0, 1, 0] = 0.55037946
    for name, value in REAL_FIRST_BIAS.items():
        if name in params:
            params[name][1][0] = value
    folder = tmp_path_factory.mktemp("planted")
    modern = write_keras(str(folder / "keras.h5"), params)
    legacy = convert_file(modern, str(folder / "baraldi.h5"), "legacy")
    unflipped = convert_file(modern, str(folder / "baraldi_tf.h5"), "legacy", kernels="tensorflow")
    return {"modern": modern, "legacy": legacy, "unflipped": unflipped}


def test_orientation_in_each_layout(planted):
    with h5py.File(planted["legacy"], "r") as f:
        w = f["layer_1/param_0"][()]  # (out, in, 3, 3)
    np.testing.assert_array_equal(w[0, 0], REF[::-1, ::-1])  # Theano-flipped
    assert w[0, 1, 2, 2] == np.float32(0.55037946)  # keras [0, 0, 1, 0] -> flipped corner
    with h5py.File(planted["unflipped"], "r") as f:
        np.testing.assert_array_equal(f["layer_1/param_0"][0, 0], REF)


def test_info_recognises_real_weights_and_orientation(planted):
    modern, legacy, unflipped = (describe(planted[k]) for k in ("modern", "legacy", "unflipped"))
    assert modern["real_vgg16"] and modern["kernel_orientation"] == "unflipped"
    assert legacy["real_vgg16"] and legacy["kernel_orientation"] == "flipped"
    assert "kernels='theano'" in legacy["verdict"]
    assert unflipped["kernel_orientation"] == "unflipped" and "kernels='tensorflow'" in unflipped["verdict"]
    assert modern["first_biases_matched"] == 13  # the conv layers of a notop file
    assert not modern["synthetic"] and not modern["has_top"]


def test_info_says_synthetic_is_not_real(synth_notop_files):
    d = describe(synth_notop_files["legacy"])
    assert d["synthetic"] and not d["real_vgg16"] and d["parameters"] == PARAMS_CONV


def test_legacy_loader_lands_reference_kernel_in_cross_correlation_orientation(planted):
    import legacy

    model = legacy.build_vgg16(input_shape=(3, 32, 32), weights=planted["legacy"])
    kernel = model.get_layer("conv1_1").get_weights()[0]  # (3, 3, in, out)
    np.testing.assert_array_equal(kernel[:, :, 0, 0], REF)


def test_legacy_loader_warns_on_unflipped_real_kernels(planted):
    import legacy

    with pytest.warns(UserWarning, match='kernels="tensorflow"'):
        legacy.build_vgg16(input_shape=(3, 32, 32), weights=planted["unflipped"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the right convention gives no warning
        legacy.build_vgg16(input_shape=(3, 32, 32), weights=planted["unflipped"], kernels="tensorflow")
