"""The deep-dream regularizers of the course chapter ("Decaying the gradient",
"Blurring", "Clipping the gradient", "Laplacian pyramid"), plus the gradient normalisations and
the seeded jitter of the Inceptionism recipe, each a small pure function on channels-last
tensors of shape (B, H, W, C), usable inside a tf.function.

Gradient regularizers take the gradient g (B, H, W, C); image regularizers take the image x.
Every one is checked against a plain numpy reference in tests/extras/test_regularizers.py.
"""

import numpy as np
import tensorflow as tf

from common.images import BGR_MEAN
from common.photos import PIXEL_MAX
from extras import settings as S
from modern.ascent import normalize_gradient

_IMAGE_AXES = [1, 2, 3]


# --- gradient normalisation ---------------------------------------------------------------------

# The blog's g / (sqrt(mean(g**2)) + 1e-5), per image: the filter ascent's own, not a copy.
normalize_rms = normalize_gradient


def normalize_max(g):
    """The chapter's g / (max|g| + 1e-8), per image: the largest step is exactly `step`."""
    return g / (tf.reduce_max(tf.abs(g), axis=_IMAGE_AXES, keepdims=True) + S.MAX_NORM_EPSILON)


def clip_gradient(g, percentile=S.DREAM_CLIP_PERCENTILE):
    """Zero the entries of g whose |g| is below the given percentile of |g| (per image).

    The percentile interpolates linearly between order statistics, as numpy.percentile does.
    """
    b = tf.shape(g)[0]
    mag = tf.reshape(tf.abs(g), (b, -1))  # (B, N)
    ordered = tf.sort(mag, axis=1)
    pos = tf.cast(tf.shape(mag)[1] - 1, tf.float64) * (percentile / 100.0)
    lo = tf.cast(tf.floor(pos), tf.int32)
    hi = tf.minimum(lo + 1, tf.shape(mag)[1] - 1)
    frac = tf.cast(pos - tf.floor(pos), g.dtype)
    threshold = ordered[:, lo] + frac * (ordered[:, hi] - ordered[:, lo])  # (B,)
    return tf.where(tf.abs(g) < threshold[:, None, None, None], tf.zeros_like(g), g)


# --- image regularizers -------------------------------------------------------------------------

def decay(x, factor=S.DREAM_DECAY):
    """x * factor: pulls the (mean-subtracted) image back towards the mean colour."""
    return x * factor


def clip_image(x, low=None, high=None):
    """Keep every pixel a colour: x in [0 - mean, 255 - mean] per BGR channel by default."""
    mean = tf.constant(BGR_MEAN, x.dtype)
    low = -mean if low is None else low
    high = PIXEL_MAX - mean if high is None else high
    return tf.clip_by_value(x, low, high)


def gaussian_kernel_1d(sigma, truncate=S.BLUR_TRUNCATE):
    """exp(-t**2 / (2 sigma**2)) for t in [-r, r], r = int(truncate * sigma + 0.5), summing to 1."""
    r = max(1, int(truncate * sigma + 0.5))
    t = np.arange(-r, r + 1, dtype=np.float64)
    k = np.exp(-0.5 * (t / sigma) ** 2)
    return k / k.sum()


def _separable(x, k1d):
    """Filter each channel of x (B, H, W, C) with the outer product of k1d with itself, mirror
    padding ("reflect": d c b | a b c d) so that the edges keep their brightness."""
    r = (len(k1d) - 1) // 2
    channels = x.shape[-1]
    k = tf.constant(k1d, x.dtype)
    kh = tf.tile(tf.reshape(k, (-1, 1, 1, 1)), [1, 1, channels, 1])  # (2r+1, 1, C, 1)
    kw = tf.tile(tf.reshape(k, (1, -1, 1, 1)), [1, 1, channels, 1])  # (1, 2r+1, C, 1)
    x = tf.pad(x, [[0, 0], [r, r], [r, r], [0, 0]], mode="REFLECT")
    x = tf.nn.depthwise_conv2d(x, kh, [1, 1, 1, 1], "VALID")
    return tf.nn.depthwise_conv2d(x, kw, [1, 1, 1, 1], "VALID")


def blur(x, sigma=S.DREAM_BLUR_SIGMA):
    """Gaussian blur of each channel (the chapter blurs the image every few steps)."""
    return _separable(x, gaussian_kernel_1d(sigma))


# --- Laplacian pyramid --------------------------------------------------------------------------

_BINOMIAL = np.asarray(S.LAPLACIAN_KERNEL_1D) / np.sum(S.LAPLACIAN_KERNEL_1D)


def pyramid_down(x):
    """Binomial 5x5 blur then every second pixel: (B, H, W, C) -> (B, ceil(H/2), ceil(W/2), C)."""
    return _separable(x, _BINOMIAL)[:, ::2, ::2, :]


def pyramid_up(lo, shape_hw):
    """Inverse of the subsampling: zeros between the pixels of lo, cropped to shape_hw, then the
    binomial blur times 4 (each output pixel had one in four non-zero neighbours)."""
    b, h, w, c = tf.unstack(tf.shape(lo))
    z = tf.zeros_like(lo)
    rows = tf.reshape(tf.stack([lo, z], axis=2), (b, 2 * h, w, c))  # a zero row after each row
    full = tf.reshape(tf.stack([rows, tf.zeros_like(rows)], axis=3), (b, 2 * h, 2 * w, c))
    full = full[:, : shape_hw[0], : shape_hw[1], :]
    return _separable(full, _BINOMIAL) * 4.0


def laplacian_split(x, levels=S.LAPLACIAN_LEVELS):
    """[finest band, ..., coarsest band, residual]: levels + 1 tensors that sum back to x."""
    bands = []
    for _ in range(levels):
        lo = pyramid_down(x)
        bands.append(x - pyramid_up(lo, tf.shape(x)[1:3]))
        x = lo
    return bands + [x]


def laplacian_merge(bands):
    x = bands[-1]
    for band in reversed(bands[:-1]):
        x = pyramid_up(x, tf.shape(band)[1:3]) + band
    return x


def laplacian_normalize(g, levels=S.LAPLACIAN_LEVELS):
    """Normalise every band of g's Laplacian pyramid to RMS 1 (per image), then merge: the low
    frequencies, which a plain normalisation leaves tiny, get as much step as the high ones."""

    def unit(t):
        rms = tf.sqrt(tf.reduce_mean(tf.square(t), axis=_IMAGE_AXES, keepdims=True))
        return t / tf.maximum(rms, S.LAPLACIAN_EPSILON)

    return laplacian_merge([unit(t) for t in laplacian_split(g, levels)])


# --- jitter -------------------------------------------------------------------------------------

def jitter_shifts(seed, octave, steps, max_shift=S.DREAM_JITTER):
    """(steps, 2) int32 pixel shifts (dy, dx), uniform in [-max_shift, max_shift], from
    (seed, octave): the same seed gives the same shifts, so the same dream."""
    if max_shift <= 0:
        return np.zeros((steps, 2), np.int32)
    rng = np.random.default_rng((int(seed), int(octave)))
    return rng.integers(-max_shift, max_shift + 1, size=(steps, 2)).astype(np.int32)


def roll(x, shift):
    """Roll x (B, H, W, C) by shift = (dy, dx) pixels, wrapping around."""
    return tf.roll(x, shift=shift, axis=[1, 2])
