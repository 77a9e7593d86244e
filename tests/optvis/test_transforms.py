"""optvis/transforms.py: the composed affine maps, the bilinear sampler (and its gradient, the
sampler's adjoint) and the draws per (seed, filter, step)."""

import numpy as np
import tensorflow as tf

from optvis import transforms as T


def test_a_shift_samples_the_picture_shifted_with_the_fill_outside():
    img = np.random.default_rng(0).random((1, 8, 8, 3)).astype(np.float32)
    affine = np.array([[[[1, 0, 2], [0, 1, -1]]]], np.float32)  # output (i, j) reads (i + 2, j - 1)
    out = T.sample(tf.constant(img), tf.constant(affine), 8, 0.5).numpy()[0]
    np.testing.assert_array_equal(out[:6, 1:], img[0, 2:, :7])
    assert (out[6:] == 0.5).all() and (out[:, 0] == 0.5).all()


def test_the_gradient_is_the_samplers_adjoint():
    """<L a, b> = <a, L^T b>, L^T b from the tape; relative 1e-5 (float32 sums of ~3000 terms)."""
    rng = np.random.default_rng(1)
    a = tf.constant(rng.random((2, 16, 16, 3)), tf.float32)
    b = tf.constant(rng.random((6, 12, 12, 3)), tf.float32)
    affine = tf.constant(np.stack([[T.lucid_affine(rng, 16, 12) for _ in range(3)] for _ in range(2)]))
    with tf.GradientTape() as tape:
        tape.watch(a)
        inner = tf.reduce_sum(T.sample(a, affine, 12, 0.0) * b)
    np.testing.assert_allclose(float(tf.reduce_sum(a * tape.gradient(inner, a))), float(inner), rtol=1e-5)


def test_lucid_affine_stays_within_lucids_ranges():
    n = size = 64
    for step in range(50):
        m = T.lucid_affine(T.generator(3, 7, step, T.TRANSFORM), n, size).astype(np.float64)
        zoom = np.sqrt(abs(np.linalg.det(m[:, :2])))  # picture pixels per output pixel
        # (N + 16 - 4/s) / (s * size) for s in 0.9..1.1 (int() rounding aside)
        assert 0.85 < zoom < 1.25
        centre = m @ np.array([(size - 1) / 2, (size - 1) / 2, 1])
        assert np.all(np.abs(centre - (n - 1) / 2) <= 12 + 1)  # jitter 8 and 4, less the pad 12, + 1
    assert np.array_equal(T.lucid_affine(T.generator(3, 7, 5, T.TRANSFORM), n, size),
                          T.lucid_affine(T.generator(3, 7, 5, T.TRANSFORM), n, size))


def test_crop_affine_reads_the_box_corner_to_corner():
    rng = np.random.default_rng(2)
    m = T.crop_affine(rng, 100, 50, 0.5).astype(np.float64)
    top_left, bottom_right = m @ [0, 0, 1], m @ [49, 49, 1]
    side = bottom_right - top_left
    assert abs(side[0] - side[1]) < 1e-6 and 0.05 * 99 <= side[0] <= 99  # square, within 0.05..1
    assert T.crop_noise(rng, 4, 50, 0.08).shape == (4, 50, 50, 3)
    assert T.box_size(0, 128) == 1.0 and abs(T.box_size(127, 128) - 0.1) < 1e-12
