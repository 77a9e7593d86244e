"""Gradient maps (extras/gradient.py): against finite differences, and their grey picture."""

import numpy as np
import pytest

keras = pytest.importorskip("keras")
from extras import gradient as D  # noqa: E402


@pytest.fixture(scope="module")
def small_model():
    """A float64 conv net (16x16 input, two convs, a softmax head) with smooth-enough numbers
    for finite differences."""
    inp = keras.Input((16, 16, 3), dtype="float64")
    x = keras.layers.Conv2D(4, 3, activation="relu", name="c1", dtype="float64")(inp)
    x = keras.layers.Conv2D(5, 3, activation="relu", name="c2", dtype="float64")(x)
    x = keras.layers.GlobalAveragePooling2D(dtype="float64")(x)
    out = keras.layers.Dense(3, activation="softmax", name="predictions", dtype="float64")(x)
    model = keras.Model(inp, out)
    rng = np.random.default_rng(0)
    model.set_weights([rng.standard_normal(w.shape) * 0.5 for w in model.get_weights()])
    return model


@pytest.mark.parametrize("kind,layer,index", [("filter", "c2", 1), ("class", None, 2)])
def test_gradient_map_equals_finite_differences(small_model, kind, layer, index):
    """Central differences with eps 1e-5 in float64: truncation error ~eps**2 (1e-10) and
    rounding ~1e-16 / eps (1e-11), far below the rtol 1e-6 asked (a relu kink crossed by eps
    would break it; with these pixels none is)."""
    x = np.random.default_rng(1).standard_normal((16, 16, 3))
    g, value = D.gradient_map(small_model, x, layer, index, kind)
    assert g.shape == x.shape and np.abs(g).max() > 0

    def objective(img):
        return D.gradient_map(small_model, img, layer, index, kind)[1]

    eps = 1e-5
    for pixel in [(0, 0, 0), (5, 7, 1), (8, 8, 2), (15, 3, 0), (10, 12, 1)]:
        up, down = x.copy(), x.copy()
        up[pixel] += eps
        down[pixel] -= eps
        fd = (objective(up) - objective(down)) / (2 * eps)
        assert g[pixel] == pytest.approx(fd, rel=1e-6, abs=1e-10), pixel
    assert value == pytest.approx(objective(x))


def test_gradient_image():
    g = np.zeros((4, 4, 3))
    g[1, 2, 0], g[3, 3, 2] = -2.0, 1.0
    img = D.gradient_image(g, percentile=100)
    assert img.dtype == np.uint8 and img.shape == (4, 4, 3)
    assert img[1, 2, 0] == 255 and img[3, 3, 1] == 128 and img[0, 0, 0] == 0
    assert (D.gradient_image(np.zeros((2, 2, 3))) == 0).all()
