"""optvis/optimizers.py: per-picture Adam and Nadam equal TensorFlow 1's Adam (lucid's) and
Keras's Nadam (xplique's) on the same gradients, to float32 rounding (relative 1e-5)."""

import keras
import numpy as np
import tensorflow as tf

from optvis.optimizers import Adam, Nadam

GRADS = [np.random.default_rng(s).standard_normal((2, 5)).astype(np.float32) for s in range(4)]


def ours(optimizer):
    params = np.zeros((2, 5), np.float32)
    slots = [np.stack([s, s]) if np.ndim(s) == 0 else s for s in optimizer.slots(params)]
    state = [tf.constant(s) for s in slots]
    p = tf.constant(params)
    for g in GRADS:
        p, state = optimizer.apply(p, tf.constant(g), *state)
    return p.numpy()


def test_adam_is_tensorflow_1s():
    var = tf.Variable(np.zeros((2, 5), np.float32))
    opt = tf.compat.v1.train.AdamOptimizer(0.05)
    for g in GRADS:
        opt.apply_gradients([(tf.constant(-g), var)])  # lucid minimises minus the objective
    np.testing.assert_allclose(ours(Adam(0.05)), var.numpy(), rtol=1e-5, atol=1e-7)


def test_nadam_is_keras():
    var = keras.Variable(np.zeros((2, 5), np.float32))
    opt = keras.optimizers.Nadam(1.0)
    for g in GRADS:
        opt.apply_gradients([(tf.constant(-g), var)])
    np.testing.assert_allclose(ours(Nadam(1.0)), np.asarray(var), rtol=1e-5, atol=1e-6)
