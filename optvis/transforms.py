"""Transformation robustness: each step the network sees the picture moved, scaled and turned
at random (or, for MACO, random crops of it), drawn per (seed, filter, step).

What it reproduces: lucid's `transform.standard_transforms` (Olah, Mordvintsev and Schubert,
"Feature Visualization", Distill 2017): pad 12 (constant 0.5), jitter 8 (a random crop 8 pixels
smaller), random scale from 1 + (i - 5) / 50 for i in 0..10 (0.9..1.1), random rotate by one of
-10..10 degrees (with 0 five more times), jitter 4; then, as lucent does for a model of fixed
input size, resized to the model's input. And xplique's MACO crops: `crops` boxes a step, centre
0.5 + N(0, 0.15) on each axis, square side N(box, 0.05) clipped to 0.05..1 of the picture,
resized to the model's input (`tf.image.crop_and_resize`, 0 outside the picture), plus noise
N(0, noise) + U(-noise/2, noise/2) on every crop.

How: every one of these maps is affine in pixel coordinates, so the chain is composed on the
host into one 2x3 matrix per crop (`lucid_affine`, `crop_affine`) and applied by one bilinear
sampling (`sample`), whose gradient is exact. One resampling instead of lucid's three (scale,
rotate, resize; lucid's rotation is nearest-neighbour and fills 0 where we fill 0.5): the same
geometry, less blur. The draws come from numpy's generator seeded by (seed, filter, step,
purpose) (`generator`), so a filter's transforms do not depend on the batch it runs in.

Contract: an affine (2, 3) maps the output pixel index (i, j, 1) of the model's input to the
continuous (row, column) index in the picture it reads (pixel centres at whole numbers).
"""

import math

import numpy as np

# TensorFlow is imported inside the function that samples: every command imports this module at
# start (through optvis/methods.py), and `--help` and argument errors answer without it.

PAD = 12
JITTER = 8
SCALES = tuple(1 + (i - 5) / 50.0 for i in range(11))
ANGLES = tuple(range(-10, 11)) + 5 * (0,)  # degrees
JITTER_LAST = 4
PAD_FILL = 0.5  # lucid's pad constant (grey in the 0..1 picture)

CROP_CENTRE_SD = 0.15  # xplique: centre 0.5 + N(0, 0.15)
CROP_SIZE_SD = 0.05  # xplique: side N(box, 0.05), clipped to [0.05, 1]
CROP_SIZE_RANGE = (0.05, 1.0)
CROP_FILL = 0.0  # crop_and_resize's extrapolation value

INIT, TRANSFORM = 0, 1  # the purposes a filter's generator is drawn for


def generator(seed, index, step, purpose):
    """numpy's generator for filter `index` at `step` (0 for its start), one stream per purpose."""
    return np.random.default_rng((int(seed), int(index), int(step), int(purpose)))


def _resize(src, dst):
    """Affine of a half-pixel-centred resize from src to dst pixels: dst index -> src index."""
    f = src / dst
    return np.array([[f, 0, 0.5 * f - 0.5], [0, f, 0.5 * f - 0.5], [0, 0, 1]])


def _shift(dy, dx):
    return np.array([[1, 0, dy], [0, 1, dx], [0, 0, 1.0]])


def _rotate(degrees, size):
    """Affine reading a picture of `size` turned by `degrees` about its centre."""
    c, s, m = math.cos(math.radians(degrees)), math.sin(math.radians(degrees)), (size - 1) / 2
    return _shift(m, m) @ np.array([[c, -s, 0], [s, c, 0], [0, 0, 1.0]]) @ _shift(-m, -m)


def lucid_affine(rng, n, size):
    """(2, 3) float32: lucid's standard transforms of an N x N picture, resized to size x size.

    Sizes as lucid's chain makes them: padded N + 24, jittered N + 16, scaled int(s * (N + 16)),
    jittered again 4 less; the matrix reads from the output back to the picture."""
    p1 = n + 2 * PAD - JITTER
    jy, jx = rng.integers(0, JITTER + 1, 2)  # tf.random_crop: offsets 0..d
    scale = SCALES[rng.integers(len(SCALES))]
    angle = ANGLES[rng.integers(len(ANGLES))]
    p2 = int(scale * p1)
    ky, kx = rng.integers(0, JITTER_LAST + 1, 2)
    p3 = p2 - JITTER_LAST
    m = (_shift(jy - PAD, jx - PAD) @ _resize(p1, p2) @ _rotate(angle, p2) @ _shift(ky, kx)
         @ _resize(p3, size))
    return m[:2].astype(np.float32)


def box_size(step, steps, start=1.0, end=0.1):
    """The crops' mean side at `step` of `steps`, linear from start to end (xplique's schedule
    is 0.5 -> 0.05 of a 512-px picture for a 224-px model, ~1.1 -> 0.1 model inputs; ours is a
    picture the size of the model input)."""
    return start + (end - start) * (step / max(steps - 1, 1))


def crop_affine(rng, n, size, box):
    """(2, 3) float32: a random square crop of an N x N picture (side ~ box of it), resized to
    size x size as tf.image.crop_and_resize samples it (corners on the box's corners)."""
    cy, cx = 0.5 + rng.normal(0, CROP_CENTRE_SD, 2)
    side = float(np.clip(rng.normal(box, CROP_SIZE_SD), *CROP_SIZE_RANGE))
    y1, x1 = (cy - side / 2) * (n - 1), (cx - side / 2) * (n - 1)
    f = side * (n - 1) / (size - 1)
    return np.array([[f, 0, y1], [0, f, x1]], np.float32)


def crop_noise(rng, crops, size, sd):
    """(crops, size, size, 3) float32: xplique's N(0, sd) + U(-sd/2, sd/2) on every crop."""
    shape = (crops, size, size, 3)
    return (rng.normal(0, sd, shape) + rng.uniform(-sd / 2, sd / 2, shape)).astype(np.float32)


def sample(images, affine, size, fill):
    """Bilinear sampling: images (B, N, N, 3), affine (B, K, 2, 3) -> (B * K, size, size, 3),
    crop k of image b read through affine[b, k]; points outside the picture read `fill`."""
    import tensorflow as tf

    n = tf.shape(images)[1]
    ii, jj = tf.meshgrid(tf.range(size, dtype=tf.float32), tf.range(size, dtype=tf.float32), indexing="ij")
    grid = tf.stack([ii, jj, tf.ones_like(ii)], -1)  # (S, S, 3)
    src = tf.einsum("bkrc,ijc->bkijr", affine, grid)  # (B, K, S, S, 2): (row, column)
    y0, x0 = tf.floor(src[..., 0]), tf.floor(src[..., 1])
    wy, wx = src[..., 0] - y0, src[..., 1] - x0
    y0, x0 = tf.cast(y0, tf.int32), tf.cast(x0, tf.int32)
    b = tf.broadcast_to(tf.range(tf.shape(affine)[0])[:, None, None, None], tf.shape(y0))
    out = 0.0
    for dy, dx, w in ((0, 0, (1 - wy) * (1 - wx)), (0, 1, (1 - wy) * wx),
                      (1, 0, wy * (1 - wx)), (1, 1, wy * wx)):
        y, x = y0 + dy, x0 + dx
        inside = (y >= 0) & (y < n) & (x >= 0) & (x < n)
        v = tf.gather_nd(images, tf.stack([b, tf.clip_by_value(y, 0, n - 1),
                                           tf.clip_by_value(x, 0, n - 1)], -1))  # (B, K, S, S, 3)
        out += w[..., None] * tf.where(inside[..., None], v, fill)
    return tf.reshape(out, (-1, size, size, 3))
