"""optvis/fourier.py: shape, range, seeded start, and a photo through the parameterisation and back."""

import numpy as np
import tensorflow as tf

from common.photos import load_photo, resize
from optvis.fourier import FourierParam, frequencies
from optvis.transforms import INIT, generator

N = 32


def test_shape_range_and_seeded_start():
    param = FourierParam(N)
    p = param.init(generator(0, 5, 0, INIT))
    assert p.shape == (2, 3, N, N // 2 + 1) == param.shape and p.dtype == np.float32
    assert abs(p.std() - 0.01) < 0.002  # lucid's sd
    assert np.array_equal(p, param.init(generator(0, 5, 0, INIT)))  # same seed and filter: same bytes
    assert not np.array_equal(p, param.init(generator(0, 6, 0, INIT)))
    rgb = param.image(tf.constant(np.stack([p, 100 * p]))).numpy()
    assert rgb.shape == (2, N, N, 3) and (rgb > 0).all() and (rgb < 1).all()
    assert abs(rgb[0].mean() - 0.5) < 0.05  # the start is a faint picture around grey


def test_a_photo_through_the_parameterisation_and_back():
    """Tolerance 1e-5: float32 irfft2d of values ~1 through a sigmoid (the inverse is float64)."""
    photo = resize(load_photo("cat"), N).astype(np.float64) / 255 * 0.96 + 0.02  # inside (0, 1)
    param = FourierParam(N)
    back = param.image(tf.constant(param.inverse(photo)[None], tf.float32)).numpy()[0]
    np.testing.assert_allclose(back, photo, rtol=0, atol=1e-5)


def test_the_spectrum_is_scaled_by_one_over_frequency():
    """Equal parameters at every frequency give a picture whose spectrum falls as 1/f."""
    param = FourierParam(N)
    f = frequencies(N)
    low, high = (f > 0) & (f < 0.1), f > 0.4
    assert param.scale[low].min() > 4 * param.scale[high].max()
    np.testing.assert_allclose(param.scale[0, 1] / param.scale[0, 4], 4.0, rtol=1e-6)
