"""One gradient-ascent step and the loop, as the 2016 script ran them (channels-first).

What it reproduces: `iterate = K.function([input_img], [loss, grads])` with
`grads /= (K.sqrt(K.mean(K.square(grads))) + 1e-5)`, then a host-side numpy loop
`input_img_data += grads_value * step` for 20 steps, stopping a filter whose loss is <= 0.
Deviations, both measured to change nothing visible: 2016 compiled a new function per filter,
here `iterate` is traced once per objective with the filter index as an argument; 2016's numpy
image was float64, here it is float32 like the network's input (the two differ by 1e-5 of a
grey level, far below what the ascent's own float rounding does, see
tests/test_ascent_equivalence.py).
"""

import time

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
        with tf.GradientTape(watch_accessed_variables=False) as tape:  # x only, no weight grads
            tape.watch(x)
            loss = loss_fn(x, index)
            # Each image's loss depends on that image only, so the gradient of the sum gives
            # every image its own gradient (no weight gradients: only x is asked for).
            total = tf.reduce_sum(loss)
        grads = tape.gradient(total, x)
        return loss, normalize_gradient(grads)

    return iterate


def gradient_ascent(iterate, x0, indices, steps=C.ASCENT_STEPS, step=C.ASCENT_STEP_SIZE):
    """The 2016 loop on a batch x0 (B, 3, H, W), one filter or class index per image.

    With B = 1 this is the 2016 loop exactly; with B > 1 it is the same loop for each image
    (a filter that stops is frozen while the others go on). Returns a list of AscentResult.
    """
    x = np.array(x0, dtype=np.float32)  # the host-side numpy image(s)
    batch = len(indices)
    index_t = tf.constant(np.asarray(indices, np.int32))
    active = np.ones(batch, bool)
    losses = [[] for _ in range(batch)]
    dead, nonfinite = np.zeros(batch, bool), np.zeros(batch, bool)
    seconds = np.zeros(batch)
    for _ in range(steps):
        t = time.perf_counter()
        loss_value, grads_value = iterate(tf.constant(x), index_t)
        loss_value, grads_value = loss_value.numpy(), grads_value.numpy()
        seconds[active] += (time.perf_counter() - t) / active.sum()
        for b in np.flatnonzero(active):
            if not (np.isfinite(loss_value[b]) and np.isfinite(grads_value[b]).all()):
                nonfinite[b], active[b] = True, False
                continue
            x[b] += grads_value[b] * step
            losses[b].append(float(loss_value[b]))
            if stopped(loss_value[b]):  # "some filters get stuck to 0, we can skip them"
                dead[b], active[b] = True, False
        if not active.any():
            break
    return [AscentResult(int(indices[b]), x[b], losses[b], bool(dead[b]), bool(nonfinite[b]),
                         float(seconds[b])) for b in range(batch)]
