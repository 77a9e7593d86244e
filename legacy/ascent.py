"""One gradient-ascent step and the loop, as the 2016 script ran them (channels-first).

What it reproduces: `iterate = K.function([input_img], [loss, grads])` with
`grads /= (K.sqrt(K.mean(K.square(grads))) + 1e-5)`, then a host-side numpy loop
`input_img_data += grads_value * step` for 20 steps, stopping a filter whose loss is <= 0.
As in 2016 the image lives on the host as a float64 numpy array (`np.random.random` is float64),
is cast to float32 for the network (Theano's `allow_input_downcast`), and `x += grads * step`
is done in float64. Keeping it float32 instead is NOT negligible over 20 steps: the normalised
steps amplify the rounding of the update into grey levels of the final picture. Measured
(conv5_1 filter 0, synthetic seed 0, 20 steps): this loop with a float32 image differs from the
float64 one by 6.4 grey levels mean (52 max), as the 2016 program (Keras 1.2.2 on Theano,
tests/legacy2016) differs from itself by 6.2 (48) when only its image's float type changes.
Two deviations, which change no number: 2016 compiled a new function per filter, here `iterate`
is traced once per objective with the filter index as an argument; and it runs frozen, laid out
channels-last by TensorFlow's optimiser (common/graph.py), as Theano chose its own kernels.
"""

import time

import numpy as np
import tensorflow as tf

from common.ascent import ASCENT_STEP_SIZE, ASCENT_STEPS, GRAD_EPSILON, AscentResult, stopped
from common.graph import freeze

__all__ = ["gradient_ascent", "normalize_gradient"]  # the engine's own entry points aside

HOST_DTYPE = np.float64  # the 2016 host image: np.random.random((1, 3, h, w)) * 20 + 128
# What the network sees: float32, as Theano's allow_input_downcast gave it in 2016. float64 only
# for the float64 equivalence test (a model built under keras.config.set_floatx("float64")).
NETWORK_DTYPE = tf.float32


def normalize_gradient(grads):
    """g / (sqrt(mean(g**2)) + 1e-5), per image of the batch; grads (B, 3, H, W)."""
    rms = tf.sqrt(tf.reduce_mean(tf.square(grads), axis=[1, 2, 3], keepdims=True))
    return grads / (rms + GRAD_EPSILON)


def make_iterate(loss_fn, input_shape, frozen=False, jit_compile=False):
    """The 2016 `iterate`: (x (B, 3, H, W) float32, index (B,) int32) -> (loss (B,), grads).

    input_shape: (3, H, W), the model's. frozen: return it frozen for that shape and any batch
    (common/graph.py): the weights folded into constants, and the graph laid out channels-last
    by TensorFlow's optimiser, the same Keras channels-first layers run in the layout the CPU's
    kernels take (one filter at a time ~139 -> ~87 ms per step at conv5_1, for ~4 s more to
    make; the same numbers).

    jit_compile=True compiles it with XLA instead, unfrozen: TensorFlow's CPU kernels have no
    float64 channels-first convolution gradient (Conv2DCustomBackpropInputOp only supports NHWC),
    XLA's have. Only the float64 equivalence test needs it (tests/test_ascent_float64.py); in
    float32 it would change nothing but the speed.
    """

    @tf.function(reduce_retracing=True, jit_compile=jit_compile)
    def iterate(x, index):
        with tf.GradientTape(watch_accessed_variables=False) as tape:  # x only, no weight grads
            tape.watch(x)
            loss = loss_fn(x, index)
            # Each image's loss depends on that image only, so the gradient of the sum gives
            # every image its own gradient (no weight gradients: only x is asked for).
            total = tf.reduce_sum(loss)
        grads = tape.gradient(total, x)
        return loss, normalize_gradient(grads)

    if jit_compile or not frozen:
        return iterate
    signature = (tf.TensorSpec((None, *input_shape), NETWORK_DTYPE), tf.TensorSpec((None,), tf.int32))
    return freeze(iterate, signature, channels_first=True)


def gradient_ascent(iterate, x0, indices, steps=ASCENT_STEPS, step=ASCENT_STEP_SIZE,
                    network_dtype=NETWORK_DTYPE):
    """The 2016 loop on a batch x0 (B, 3, H, W), one filter or class index per image.

    With B = 1 this is the 2016 loop exactly; with B > 1 it is the same loop for each image
    (a filter that stops leaves the batch while the others go on). network_dtype: the float type the
    image is cast to for `iterate` (float32, as in 2016; float64 for a float64 model).
    Returns a list of AscentResult.
    """
    x = np.array(x0, dtype=HOST_DTYPE)  # the host-side numpy image(s), float64 as in 2016
    batch = len(indices)
    index = np.asarray(indices, np.int32)
    active = np.ones(batch, bool)
    losses = [[] for _ in range(batch)]
    dead, nonfinite = np.zeros(batch, bool), np.zeros(batch, bool)
    seconds = np.zeros(batch)
    for _ in range(steps):
        # Only the images still running go through `iterate`: a stopped filter leaves the batch
        # (with the trained weights 108 of the grid's 200 conv5_1 filters stop at their first
        # step; computing them on cost the legacy grid 334 s instead of 169 s).
        live = np.flatnonzero(active)
        t = time.perf_counter()
        # The network sees float32 (network_dtype), as Theano's allow_input_downcast gave it.
        loss_value, grads_value = iterate(tf.constant(x[live], network_dtype), tf.constant(index[live]))
        loss_value, grads_value = loss_value.numpy(), grads_value.numpy()
        seconds[live] += (time.perf_counter() - t) / len(live)
        for j, b in enumerate(live):
            if not (np.isfinite(loss_value[j]) and np.isfinite(grads_value[j]).all()):
                nonfinite[b], active[b] = True, False
                continue
            x[b] += grads_value[j] * step  # float64 += float32: done in float64, as in 2016
            losses[b].append(float(loss_value[j]))
            if stopped(loss_value[j]):  # "some filters get stuck to 0, we can skip them"
                dead[b], active[b] = True, False
        if not active.any():
            break
    return [AscentResult(int(indices[b]), x[b], losses[b], bool(dead[b]), bool(nonfinite[b]),
                         float(seconds[b])) for b in range(batch)]
