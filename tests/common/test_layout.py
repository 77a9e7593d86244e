"""Each layout conversion on small hand-made arrays: what moves where, and exact round trips."""

import numpy as np
import pytest

from common.errors import ArgumentError
from common.layout import (
    fc6_rows_legacy_to_modern,
    fc6_rows_modern_to_legacy,
    legacy_kernel_to_modern,
    modern_kernel_to_legacy,
    nchw_to_nhwc,
    nhwc_to_nchw,
)

RNG = np.random.default_rng(0)


def _true_convolution(x, w):
    """Theano's conv2d ('valid'): out[o, y, x] = sum w[o, i, u, v] * x[i, y + 2 - u, x + 2 - v]."""
    out_c, _, kh, kw = w.shape
    h, wd = x.shape[1] - kh + 1, x.shape[2] - kw + 1
    out = np.zeros((out_c, h, wd))
    for u in range(kh):
        for v in range(kw):
            patch = x[:, kh - 1 - u: kh - 1 - u + h, kw - 1 - v: kw - 1 - v + wd]
            out += np.einsum("oi,ihw->ohw", w[:, :, u, v], patch)
    return out


def _cross_correlation(x, w_hwio):
    """TensorFlow's conv2d ('valid'): out[y, x, o] = sum w[u, v, i, o] * x[y + u, x + v, i]."""
    kh, kw, _, out_c = w_hwio.shape
    h, wd = x.shape[0] - kh + 1, x.shape[1] - kw + 1
    out = np.zeros((h, wd, out_c))
    for u in range(kh):
        for v in range(kw):
            out += np.einsum("hwi,io->hwo", x[u: u + h, v: v + wd], w_hwio[u, v])
    return out


def test_theano_kernel_flips_and_transposes():
    w = RNG.standard_normal((4, 3, 3, 3)).astype(np.float32)  # (out, in, kh, kw)
    k = legacy_kernel_to_modern(w, "theano")
    assert k.shape == (3, 3, 3, 4)
    for o, i, u, v in [(0, 0, 0, 0), (3, 2, 0, 2), (1, 1, 2, 1)]:
        assert k[u, v, i, o] == w[o, i, 2 - u, 2 - v]


def test_tensorflow_kernel_only_transposes():
    w = RNG.standard_normal((4, 3, 3, 3)).astype(np.float32)
    k = legacy_kernel_to_modern(w, "tensorflow")
    for o, i, u, v in [(0, 0, 0, 0), (3, 2, 0, 2), (1, 1, 2, 1)]:
        assert k[u, v, i, o] == w[o, i, u, v]


def test_theano_kernel_makes_cross_correlation_equal_true_convolution():
    """The point of the flip: TF's cross-correlation with the converted kernel == Theano's conv."""
    x = RNG.standard_normal((3, 6, 7))
    w = RNG.standard_normal((4, 3, 3, 3))
    theano = _true_convolution(x, w)  # (out, h, w)
    tf_style = _cross_correlation(x.transpose(1, 2, 0), legacy_kernel_to_modern(w, "theano"))
    np.testing.assert_allclose(tf_style.transpose(2, 0, 1), theano, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("kernels", ["theano", "tensorflow"])
def test_kernel_round_trip_is_exact(kernels):
    w = RNG.standard_normal((5, 4, 3, 3)).astype(np.float32)
    back = modern_kernel_to_legacy(legacy_kernel_to_modern(w, kernels), kernels)
    assert back.tobytes() == w.tobytes()


def test_unknown_kernel_convention_is_a_clear_error():
    with pytest.raises(ArgumentError, match="kernels='caffe'"):
        legacy_kernel_to_modern(np.zeros((1, 1, 3, 3)), "caffe")


def test_fc6_rows_follow_the_flatten_orders():
    c, h, w, units = 4, 3, 2, 5
    legacy = RNG.standard_normal((c * h * w, units)).astype(np.float32)
    modern = fc6_rows_legacy_to_modern(legacy, (c, h, w))
    for ci, hi, wi in [(0, 0, 0), (3, 2, 1), (1, 0, 1), (2, 1, 0)]:
        # channels-first row c*H*W + h*W + w == channels-last row h*W*C + w*C + c
        np.testing.assert_array_equal(modern[hi * w * c + wi * c + ci], legacy[ci * h * w + hi * w + wi])
    assert fc6_rows_modern_to_legacy(modern, (c, h, w)).tobytes() == legacy.tobytes()


def test_fc6_conversion_matches_the_two_flattens():
    """x_cf.ravel() @ W_cf == x_cl.ravel() @ W_cl for the same feature map."""
    c, h, w = 3, 2, 2
    x = RNG.standard_normal((c, h, w))
    w_cf = RNG.standard_normal((c * h * w, 4))
    w_cl = fc6_rows_legacy_to_modern(w_cf, (c, h, w))
    np.testing.assert_allclose(x.reshape(-1) @ w_cf, x.transpose(1, 2, 0).reshape(-1) @ w_cl, rtol=1e-12)


def test_nchw_nhwc():
    x = RNG.standard_normal((2, 3, 4, 5))
    y = nchw_to_nhwc(x)
    assert y.shape == (2, 4, 5, 3) and y[1, 2, 3, 0] == x[1, 0, 2, 3]
    assert nhwc_to_nchw(y).tobytes() == x.tobytes()
    assert nchw_to_nhwc(x[0]).shape == (4, 5, 3)
    assert nhwc_to_nchw(y[0]).tobytes() == x[0].tobytes()
    with pytest.raises(ValueError):
        nchw_to_nhwc(np.zeros((2, 3)))
