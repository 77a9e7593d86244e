"""optvis/maco.py: the natural magnitude spectrum (made once, cached with its JSON), and a picture
whose spectrum has that magnitude whatever its phase."""

import json

import numpy as np
import pytest
import tensorflow as tf

from optvis import maco
from optvis.color import decorrelate
from optvis.maco import MacoParam, natural_spectrum
from optvis.transforms import INIT, generator

N = 32


@pytest.fixture(scope="module")
def spectrum(tmp_path_factory):
    folder = tmp_path_factory.mktemp("maco")
    return natural_spectrum(N, str(folder)), folder


def test_the_spectrum_is_made_once_and_says_how(spectrum, monkeypatch):
    magnitude, folder = spectrum
    assert magnitude.shape == (3, N, N // 2 + 1) and (magnitude >= 0).all()
    how = json.loads((folder / f"spectrum_{N}.json").read_text())
    assert how["size"] == N and "skimage.data.chelsea" in how["photos"]
    assert how["recipe"] == maco.SPECTRUM_RECIPE
    monkeypatch.setattr(maco, "measure_spectrum", lambda n: pytest.fail("remade, not read from the cache"))
    assert np.array_equal(natural_spectrum(N, str(folder)), magnitude)
    # natural images: most of the energy at low frequencies (more than 10x, measured ~60x)
    assert magnitude[:, 1:3, 1:3].mean() > 10 * magnitude[:, N // 2 - 2: N // 2 + 2, -3:].mean()


def test_shape_range_seeded_start_and_the_magnitude_kept(spectrum):
    magnitude, _ = spectrum
    param = MacoParam(N, magnitude)
    phase = np.stack([param.init(generator(0, f, 0, INIT)) for f in (0, 1)])
    assert phase.shape == (2, 3, N, N // 2 + 1)
    assert np.array_equal(phase[0], param.init(generator(0, 0, 0, INIT)))
    rgb = param.image(tf.constant(phase)).numpy().astype(np.float64)
    assert rgb.shape == (2, N, N, 3) and (rgb > 0).all() and (rgb < 1).all()
    assert not np.allclose(rgb[0], rgb[1])
    for picture in rgb:  # back to the standardised decorrelated picture, then its spectrum
        t = decorrelate(np.log(picture) - np.log1p(-picture)).transpose(2, 0, 1)
        ratio = np.abs(np.fft.rfft2(t))[:, :, 1:-1] / magnitude[:, :, 1:-1]  # columns 0, N/2: real-only
        assert ratio.std() < 1e-3 * ratio.mean()  # |spectrum| = magnitude / std, to float32 rounding
