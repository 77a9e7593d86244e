"""The legacy VGG16 against the 2016 semantics, pinned independently of our converter: a
Baraldi-layout file written with h5py alone, numpy's true convolution and C-order flatten."""

import h5py
import numpy as np
import pytest

import legacy
from common.errors import ArgumentError

# Float32 conv/matmul against float64 numpy: relative error ~1e-6; 1e-4 leaves room for
# summation order over up to 25,088 terms.
RTOL = 1e-4


def test_layout_of_the_sequential():
    full = legacy.build_vgg16(include_top=True)
    conv = legacy.build_vgg16()
    assert len(full.layers) == 37 and len(conv.layers) == 31
    assert full.input_shape == (None, 3, 224, 224) and conv.input_shape == (None, 3, 128, 128)
    names = [layer.name for layer in full.layers]
    assert names[1] == "conv1_1" and names[29] == "conv5_3" and names[36] == "fc8"
    assert type(full.layers[0]).__name__ == "ZeroPadding2D"
    assert full.layers[1].padding == "valid" and full.layers[1].data_format == "channels_first"
    assert full.output_shape == (None, 1000)


@pytest.mark.parametrize("shape,top", [((3, 128, 128), True), ((128, 128, 3), False), ((3, 16, 16), False)])
def test_bad_input_shape(shape, top):
    with pytest.raises(ArgumentError, match="input_shape"):
        legacy.build_vgg16(include_top=top, input_shape=shape)


def _true_convolution_relu(x, w, b):
    """Theano-style 'valid' convolution of zero-padded x (3, H, W) with w (out, in, 3, 3)."""
    xp = np.pad(x.astype(np.float64), ((0, 0), (1, 1), (1, 1)))
    h, wd = x.shape[1:]
    out = np.zeros((w.shape[0], h, wd))
    for u in range(3):
        for v in range(3):
            out += np.einsum("oi,ihw->ohw", w[:, :, u, v], xp[:, 2 - u: 2 - u + h, 2 - v: 2 - v + wd])
    return np.maximum(out + b[:, None, None], 0)


def test_conv1_1_is_a_true_convolution(handmade_baraldi):
    model = legacy.build_vgg16(input_shape=(3, 32, 32), weights=handmade_baraldi)
    x = np.random.default_rng(0).random((1, 3, 32, 32)).astype(np.float32) * 255
    got = legacy.model.feature_model(model, ["conv1_1", "conv1_2"])(x)[0].numpy()[0]
    with h5py.File(handmade_baraldi, "r") as f:
        w, b = f["layer_1/param_0"][()], f["layer_1/param_1"][()]
    want = _true_convolution_relu(x[0], w, b)
    assert np.abs(got - want).max() <= RTOL * np.abs(want).max()
    # ... and not a cross-correlation with the stored kernel (the flip matters).
    wrong = _true_convolution_relu(x[0], w[:, :, ::-1, ::-1], b)
    assert np.abs(got - wrong).max() > 100 * RTOL * np.abs(want).max()


@pytest.fixture(scope="module")
def handmade_full(handmade_baraldi):
    """One full legacy model on the hand-made file, shared to keep memory low (553 MB each)."""
    return legacy.build_vgg16(include_top=True, weights=handmade_baraldi)


def test_fc6_uses_the_channels_first_flatten(handmade_baraldi, handmade_full):
    model = handmade_full
    x = np.random.default_rng(1).random((1, 3, 224, 224)).astype(np.float32) * 20 + 128
    pool5, fc6 = [t.numpy() for t in legacy.model.feature_model(model, ["pool5", "fc6"])(x)]
    with h5py.File(handmade_baraldi, "r") as f:
        w, b = f["layer_32/param_0"][()], f["layer_32/param_1"][()]
    want = np.maximum(pool5.reshape(1, -1).astype(np.float64) @ w + b, 0)  # C-order: c*49 + h*7 + w
    assert np.abs(fc6 - want).max() <= RTOL * np.abs(want).max()
    wrong = np.maximum(pool5.transpose(0, 2, 3, 1).reshape(1, -1) @ w + b, 0)
    assert np.abs(fc6 - wrong).max() > 100 * RTOL * np.abs(want).max()


def test_full_file_serves_the_conv_only_model(handmade_baraldi):
    conv = legacy.build_vgg16(input_shape=(3, 32, 32), weights=handmade_baraldi)
    with h5py.File(handmade_baraldi, "r") as f:
        b = f["layer_29/param_1"][()]
    np.testing.assert_array_equal(conv.get_layer("conv5_3").get_weights()[1], b)


def test_tensorflow_kernels_are_the_theano_network_turned_180(handmade_baraldi):
    """Conv-only at 128x128: flipping every kernel = rotating input and output by 180 degrees
    (zero padding and 2x2/2 pooling on even sizes are symmetric). Tolerance: float rounding of
    a different summation order, 1e-5 relative."""
    model = legacy.build_vgg16(weights=handmade_baraldi, kernels="theano")
    x = np.random.default_rng(2).random((2, 3, 128, 128)).astype(np.float32) * 20 + 128
    a = model(x).numpy()
    legacy.load_weights(model, handmade_baraldi, kernels="tensorflow")
    b = model(x[:, :, ::-1, ::-1].copy()).numpy()[:, :, ::-1, ::-1]
    assert np.abs(a - b).max() <= 1e-5 * np.abs(a).max()
    assert np.abs(a - model(x).numpy()).max() > 1e-2 * np.abs(a).max()  # but not the same network


def test_tensorflow_kernels_change_the_network_with_the_head(handmade_baraldi, handmade_full):
    from common.ascent import compiled

    x = np.random.default_rng(3).random((1, 3, 224, 224)).astype(np.float32) * 20 + 128
    a = handmade_full(x).numpy()
    before = compiled(handmade_full, ("stand-in",), object)
    try:
        legacy.load_weights(handmade_full, handmade_baraldi, kernels="tensorflow")
        # a step made before holds the old weights (common/graph.py): loading forgets it
        assert compiled(handmade_full, ("stand-in",), object) is not before
        b = handmade_full(x[:, :, ::-1, ::-1].copy()).numpy()
    finally:
        legacy.load_weights(handmade_full, handmade_baraldi)  # back to the 2016 convention
    assert np.abs(a - b).max() > 1e-3 * a.max()  # rotating the input does not undo it any more
