"""Each deep-dream regularizer against a plain numpy reference written here, on small random
tensors (B, H, W, C). Tolerances: the regularizers run in float32, the references in float64;
rtol 1e-5 (atol 1e-6 where values cross zero) covers float32 rounding of a few dozen
multiply-adds per value."""

import numpy as np
import pytest

from common.images import BGR_MEAN

tf = pytest.importorskip("tensorflow")
from extras import regularizers as R  # noqa: E402

RTOL, ATOL = 1e-5, 1e-6


@pytest.fixture
def g():
    return np.random.default_rng(3).standard_normal((2, 13, 10, 3)).astype(np.float32)


def close(actual, expected):
    np.testing.assert_allclose(np.asarray(actual), expected, rtol=RTOL, atol=ATOL)


def per_image(a, f):
    return np.stack([f(x) for x in a.astype(np.float64)])


def test_gradient_normalisations(g):
    close(R.normalize_rms(tf.constant(g)), per_image(g, lambda x: x / (np.sqrt((x ** 2).mean()) + 1e-5)))
    close(R.normalize_max(tf.constant(g)), per_image(g, lambda x: x / (np.abs(x).max() + 1e-8)))
    peak = np.abs(np.asarray(R.normalize_max(tf.constant(g)))).max(axis=(1, 2, 3))
    assert peak == pytest.approx(1, abs=1e-6)


@pytest.mark.parametrize("pth", [0.0, 5.0, 50.0, 97.3])
def test_clip_gradient_zeroes_below_the_percentile(g, pth):
    def ref(x):
        return np.where(np.abs(x) < np.percentile(np.abs(x), pth), 0.0, x)

    out = np.asarray(R.clip_gradient(tf.constant(g), pth))
    close(out, per_image(g, ref))
    kept = (out != 0).mean(axis=(1, 2, 3))
    assert np.all(np.abs(kept - (1 - pth / 100)) < 2 / g[0].size)  # that share of entries survives


def test_decay_and_clip_image(g):
    x = g * 300
    close(R.decay(tf.constant(x), 0.9), x * 0.9)
    mean = np.asarray(BGR_MEAN)
    expected = np.clip(x, -mean, 255 - mean)  # broadcast over the channel axis
    close(R.clip_image(tf.constant(x)), expected)
    back = np.asarray(R.clip_image(tf.constant(x)), np.float64) + mean
    # every pixel a 0-255 colour again, up to float32's rounding of the means (~1e-5)
    assert back.min() >= -1e-4 and back.max() <= 255 + 1e-4


def _pad_reflect(x, r):
    return np.pad(x, ((r, r), (r, r), (0, 0)), mode="reflect")


def _filter2d(x, k1d):
    """Reference separable filter of one (H, W, C) image, by explicit sums over the window."""
    r = (len(k1d) - 1) // 2
    p = _pad_reflect(x, r)
    h, w = x.shape[:2]
    out = np.zeros_like(x)
    for i in range(len(k1d)):
        for j in range(len(k1d)):
            out += k1d[i] * k1d[j] * p[i: i + h, j: j + w]
    return out


@pytest.mark.parametrize("sigma", [0.5, 1.0, 1.7])
def test_blur_is_a_gaussian(g, sigma):
    t = np.arange(-int(3 * sigma + 0.5), int(3 * sigma + 0.5) + 1)
    k = np.exp(-t ** 2 / (2 * sigma ** 2))
    k /= k.sum()
    close(R.blur(tf.constant(g), sigma), per_image(g, lambda x: _filter2d(x, k)))
    # the same as scipy's Gaussian filter ("mirror" is numpy's and TensorFlow's "reflect")
    from scipy.ndimage import gaussian_filter

    close(R.blur(tf.constant(g), sigma),
          per_image(g, lambda x: gaussian_filter(x, (sigma, sigma, 0), mode="mirror", truncate=3.0)))


BINOMIAL = np.array([1, 4, 6, 4, 1]) / 16.0


def _down(x):
    return _filter2d(x, BINOMIAL)[::2, ::2]


def _up(lo, shape):
    z = np.zeros((shape[0], shape[1], lo.shape[2]))
    z[::2, ::2] = lo
    return _filter2d(z, BINOMIAL) * 4


def _lap_normalize(x, levels):
    bands = []
    for _ in range(levels):
        lo = _down(x)
        bands.append(x - _up(lo, x.shape))
        x = lo
    bands.append(x)
    bands = [b / max(np.sqrt((b ** 2).mean()), 1e-8) for b in bands]
    out = bands[-1]
    for b in reversed(bands[:-1]):
        out = _up(out, b.shape) + b
    return out


def test_laplacian_pyramid(g):
    x = np.random.default_rng(4).standard_normal((1, 37, 30, 3)).astype(np.float32)
    close(R.pyramid_down(tf.constant(x)), per_image(x, _down))
    lo = R.pyramid_down(tf.constant(x))
    close(R.pyramid_up(lo, (37, 30)), per_image(np.asarray(lo), lambda a: _up(a, (37, 30))))
    bands = R.laplacian_split(tf.constant(x), 3)
    assert [tuple(b.shape[1:3]) for b in bands] == [(37, 30), (19, 15), (10, 8), (5, 4)]
    close(R.laplacian_merge(bands), x)  # the pyramid loses nothing
    out = np.asarray(R.laplacian_normalize(tf.constant(x), 3))
    np.testing.assert_allclose(out, per_image(x, lambda a: _lap_normalize(a, 3)), rtol=1e-4, atol=1e-5)


def test_jitter_is_seeded_and_roll_is_numpy_roll(g):
    a, b = R.jitter_shifts(5, 1, 10, 16), R.jitter_shifts(5, 1, 10, 16)
    assert (a == b).all() and a.shape == (10, 2) and np.abs(a).max() <= 16
    assert not (a == R.jitter_shifts(6, 1, 10, 16)).all()  # another seed, other shifts
    assert not (a == R.jitter_shifts(5, 2, 10, 16)).all()  # each octave its own
    assert (R.jitter_shifts(5, 1, 4, 0) == 0).all()
    out = np.asarray(R.roll(tf.constant(g), tf.constant([3, -2])))
    np.testing.assert_array_equal(out, np.roll(g, (3, -2), axis=(1, 2)))
