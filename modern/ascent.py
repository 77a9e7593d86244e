"""One compiled gradient-ascent step and the loop, channels-last.

The blog's recipe (RMS-normalised gradient, x += step * g, stop a filter whose loss is <= 0),
with the update done inside one compiled function that is traced once per objective and input
size: the batch size, the filter or class indices and the step size are tensor arguments. A
batch holds one image per filter; each image's gradient is normalised on its own, so a filter
gives the same result in a batch as alone.
"""

import numpy as np
import tensorflow as tf

from common import constants as C
from common.ascent import AscentResult, stopped


def normalize_gradient(grads):
    """g / (sqrt(mean(g**2)) + 1e-5), per image of the batch; grads (B, H, W, 3)."""
    rms = tf.sqrt(tf.reduce_mean(tf.square(grads), axis=[1, 2, 3], keepdims=True))
    return grads / (rms + C.GRAD_EPSILON)


def make_step(loss_fn, image_shape):
    """step(x (B, H, W, 3), index (B,), active (B,), step_size) -> (loss (B,), new x, finite (B,)).

    Images that are not active, or whose gradient is not finite, are returned unchanged.
    """
    spec = [
        tf.TensorSpec((None, *image_shape), tf.float32),
        tf.TensorSpec((None,), tf.int32),
        tf.TensorSpec((None,), tf.bool),
        tf.TensorSpec((), tf.float32),
    ]

    @tf.function(input_signature=spec)
    def step(x, index, active, step_size):
        with tf.GradientTape() as tape:
            tape.watch(x)
            loss = loss_fn(x, index)
            total = tf.reduce_sum(loss)  # images are independent: d total / d x_b = d loss_b / d x_b
        grads = normalize_gradient(tape.gradient(total, x))  # only d loss / d x, no weight grads
        finite = tf.logical_and(tf.math.is_finite(loss),
                                tf.reduce_all(tf.math.is_finite(grads), axis=[1, 2, 3]))
        move = tf.logical_and(active, finite)[:, None, None, None]
        return loss, tf.where(move, x + step_size * grads, x), finite

    return step


def gradient_ascent(step_fn, x0, indices, steps=C.ASCENT_STEPS, step=C.ASCENT_STEP_SIZE):
    """Run `steps` steps on a batch x0 (B, H, W, 3), one index per image; a list of AscentResult."""
    batch = len(indices)
    x = tf.constant(np.asarray(x0, np.float32))
    index_t = tf.constant(np.asarray(indices, np.int32))
    step_t = tf.constant(step, tf.float32)
    active = np.ones(batch, bool)
    losses = [[] for _ in range(batch)]
    dead, nonfinite = np.zeros(batch, bool), np.zeros(batch, bool)
    for _ in range(steps):
        loss, x, finite = step_fn(x, index_t, tf.constant(active), step_t)
        loss, finite = loss.numpy(), finite.numpy()
        for b in np.flatnonzero(active):
            if not finite[b]:
                nonfinite[b], active[b] = True, False
                continue
            losses[b].append(float(loss[b]))
            if stopped(loss[b]):
                dead[b], active[b] = True, False
        if not active.any():
            break
    images = x.numpy()
    return [AscentResult(int(indices[b]), images[b], losses[b], bool(dead[b]), bool(nonfinite[b]))
            for b in range(batch)]
