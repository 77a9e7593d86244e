"""The MACO parameterisation: the magnitude of the spectrum fixed to natural images', only the
phase optimised.

What it reproduces: Fel, Boissin, Boutin, Picard, Novello, Colin, Linsley, Rousseau, Cadene,
Goetschalckx, Gardes and Serre, "Unlocking Feature Visualization for Deeper Networks with
MAgnitude Constrained Optimization" (NeurIPS 2023), as xplique's `maco` builds the picture
(`maco_image_parametrization`): the phase (3, N, N // 2 + 1) standardised (mean 0, std 1 over
the picture's phases), the spectrum magnitude * (cos phase, sin phase), inverted (irfft2d),
the picture standardised, recorrelated (optvis/color.py, lucid's matrix as xplique has it) and
put through a sigmoid: RGB in (0, 1). The phase starts normal, sd 1 (xplique's default).

The magnitude: xplique ships the mean spectrum of ImageNet images in decorrelated colour (a
file we cannot have offline). Ours is measured the same way from the photos scikit-image ships
(`natural_spectrum`), made once per size and cached with a JSON beside it saying how.

Contract: `MacoParam(n, magnitude).init(rng)` -> one picture's phase (numpy); `.image(phase)`
(a TensorFlow tensor (B, 3, N, N // 2 + 1)) -> (B, N, N, 3) RGB in (0, 1).
"""

import io
import json
import os

import numpy as np
import skimage
import skimage.data
import tensorflow as tf

from common.files import write_bytes
from common.paths import OUT_DIR
from common.photos import resize
from optvis.color import decorrelate, recorrelate

PHASE_SD = 1.0  # xplique's init_maco_buffer std
STANDARDISE_EPSILON = 1e-5  # xplique: x / (std + 1e-5)
# The photos scikit-image ships that are colour photographs of the world (the ones
# common/photos.py offers offline), and the crops of each: the centre square and its four
# quarter squares, each resized to N x N.
SPECTRUM_PHOTOS = ("astronaut", "chelsea", "coffee", "rocket")
SPECTRUM_RECIPE = 1  # bumped when the way the spectrum is made changes: the cache is remade
CACHE_DIR = os.path.join(OUT_DIR, ".cache", "maco")


class MacoParam:
    """An N x N picture of fixed spectrum magnitude (3, N, N // 2 + 1), parameterised by its phase."""

    def __init__(self, n, magnitude):
        self.n = int(n)
        self.magnitude = np.asarray(magnitude, np.float32)
        self.shape = (3, self.n, self.n // 2 + 1)
        if self.magnitude.shape != self.shape:
            raise ValueError(f"magnitude {self.magnitude.shape}, expected {self.shape}")

    def init(self, rng):
        return (rng.standard_normal(self.shape) * PHASE_SD).astype(np.float32)

    def image(self, phase):
        """(B, 3, N, N // 2 + 1) phase -> (B, N, N, 3) RGB in (0, 1), differentiable."""
        phase = _standardise(phase)
        magnitude = tf.constant(self.magnitude)
        spectrum = tf.complex(tf.cos(phase) * magnitude, tf.sin(phase) * magnitude)
        planes = tf.signal.irfft2d(spectrum, fft_length=[self.n, self.n])  # (B, 3, N, N)
        t = _standardise(tf.transpose(planes, (0, 2, 3, 1)))  # (B, N, N, 3) decorrelated colour
        return tf.sigmoid(recorrelate(t))


def _standardise(x):
    """Each picture of the batch to mean 0 and std 1 over all its values (xplique's)."""
    axes = list(range(1, x.shape.rank))
    x = x - tf.reduce_mean(x, axis=axes, keepdims=True)
    return x / (tf.math.reduce_std(x, axis=axes, keepdims=True) + STANDARDISE_EPSILON)


def _crops(rgb):
    """The centre square of an (H, W, 3) photo and the four quarters of that square."""
    h, w = rgb.shape[:2]
    s = min(h, w)
    square = rgb[(h - s) // 2: (h - s) // 2 + s, (w - s) // 2: (w - s) // 2 + s]
    q = s // 2
    return [square] + [square[i: i + q, j: j + q] for i in (0, q) for j in (0, q)]


def measure_spectrum(n, photos=SPECTRUM_PHOTOS):
    """(3, N, N // 2 + 1) float32: the mean |rfft2| of the photos' crops at N x N, in decorrelated
    colour (RGB in 0..1, then optvis/color.py decorrelate, as xplique's file is)."""
    total, count = 0.0, 0
    for name in photos:
        for crop in _crops(getattr(skimage.data, name)()):
            rgb = resize(np.ascontiguousarray(crop), n).astype(np.float64) / 255.0
            total = total + np.abs(np.fft.rfft2(decorrelate(rgb).transpose(2, 0, 1)))
            count += 1
    return (total / count).astype(np.float32)


def natural_spectrum(n, folder=CACHE_DIR):
    """measure_spectrum(n), made once and kept in folder/spectrum_N.npy with spectrum_N.json
    beside it (photos, crops, colour space, scikit-image version); remade if the JSON does not
    describe the recipe asked for."""
    how = {"what": "mean |rfft2| over the crops, per decorrelated colour channel (3, N, N // 2 + 1)",
           "size": int(n), "photos": [f"skimage.data.{p}" for p in SPECTRUM_PHOTOS],
           "crops": "centre square and its four quarter squares, each resized to N x N (Lanczos)",
           "colour": "RGB / 255, then lucid's decorrelation (optvis/color.py)",
           "recipe": SPECTRUM_RECIPE, "scikit-image": skimage.__version__}
    npy, meta = (os.path.join(folder, f"spectrum_{int(n)}.{ext}") for ext in ("npy", "json"))
    try:
        with open(meta, encoding="utf-8") as f:
            if json.load(f) == how:
                return np.load(npy)
    except (OSError, ValueError):
        pass  # absent or unreadable: made again
    spectrum = measure_spectrum(n)
    os.makedirs(folder, exist_ok=True)
    buf = io.BytesIO()
    np.save(buf, spectrum)
    write_bytes(npy, buf.getvalue())
    write_bytes(meta, json.dumps(how, indent=1).encode())  # last: the pair is complete
    return spectrum
