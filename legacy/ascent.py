"""One gradient-ascent step and the loop, as the 2016 script ran them (channels-first).

What it reproduces: `iterate = K.function([input_img], [loss, grads])` with
`grads /= (K.sqrt(K.mean(K.square(grads))) + 1e-5)`, then a host-side numpy loop
`input_img_data += grads_value * step` for 20 steps, stopping a filter whose loss is <= 0.
The image lives on the host in float64, as the 2016 numpy array did; the network sees float32.
Deviation: 2016 compiled a new function per filter; here `iterate` is traced once per
objective and the filter index is an argument.
"""

import numpy as np
import tensorflow as tf

from common import constants as C
from common.ascent import AscentResult, stopped


def normalize_gradient(grads):
    """g / (sqrt(mean(g**2)) + 1e-5), per image of the batch; grads (B, 3, H, W)."""
    rms = tf.sqrt(tf.reduce_mean(tf.square(grads), axis=[1, 2, 3], keepdims=True))
    return grads / (rms + C.GRAD_EPSILON)


def make_iterate(loss_fn):
    """The 2016 `iterate`: (x (B, 3, H, W) float32, index (B,) int32) -> (loss (B,), grads)."""

    @tf.function(reduce_retracing=True)
    def iterate(x, index):
        with tf.GradientTape() as tape:
            tape.watch(x)
            loss = loss_fn(x, index)
            # Each image's loss depends on that image only, so the gradient of the sum gives
            # every image its own gradient (no weight gradients: only x is asked for).
            total = tf.reduce_sum(loss)
        grads = tape.gradient(total, x)
        return loss, normalize_gradient(grads)

    return iterate


def gradient_ascent(iterate, x0, index, steps=C.ASCENT_STEPS, step=C.ASCENT_STEP_SIZE):
    """The 2016 loop for one image x0 (3, H, W); returns an AscentResult."""
    x = np.array(x0, dtype=np.float32)[None]  # (1, 3, H, W), the host-side numpy image
    index_t = tf.constant([index], tf.int32)
    losses, dead, nonfinite = [], False, False
    for _ in range(steps):
        loss_value, grads_value = iterate(tf.constant(x, tf.float32), index_t)
        loss_value, grads_value = float(loss_value.numpy()[0]), grads_value.numpy()
        if not (np.isfinite(loss_value) and np.isfinite(grads_value).all()):
            nonfinite = True
            break
        x += grads_value * step
        losses.append(loss_value)
        if stopped(loss_value):  # "some filters get stuck to 0, we can skip them"
            dead = True
            break
    return AscentResult(int(index), x[0].astype(np.float32), losses, dead, nonfinite)
