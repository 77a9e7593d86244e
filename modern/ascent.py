"""One compiled gradient-ascent step and the loop, channels-last.

The blog's recipe (RMS-normalised gradient, x += step * g, stop a filter whose loss is <= 0),
with the update done inside one compiled function that is traced once per objective and input
size: the batch size, the filter or class indices and the step size are tensor arguments. A
batch holds one image per filter; each image's gradient is normalised on its own, so a filter
gives the same result in a batch as alone. The engine (`stream_ascent`) keeps the batch full
of filters that are still running, on a model truncated at the target layer, and asks the tape
for the input's gradient only, never the weights'.
"""

import collections
import time

import numpy as np
import tensorflow as tf

from common.ascent import ASCENT_STEP_SIZE, ASCENT_STEPS, GRAD_EPSILON, AscentResult, stopped
from common.graph import freeze

__all__ = ["gradient_ascent", "normalize_gradient"]  # the engine's own entry points aside


def normalize_gradient(grads):
    """g / (sqrt(mean(g**2)) + 1e-5), per image of the batch; grads (B, H, W, 3)."""
    rms = tf.sqrt(tf.reduce_mean(tf.square(grads), axis=[1, 2, 3], keepdims=True))
    return grads / (rms + GRAD_EPSILON)


def make_step(loss_fn, image_shape, dtype=tf.float32, frozen=False):
    """step(x (B, H, W, 3), index (B,), step_size) -> (loss (B,), new x, finite (B,)).

    dtype: the float type of x and step_size, the model's (float64 only for the float64
    equivalence test, with a model built under keras.config.set_floatx("float64")).

    An image whose loss or gradient is not finite is returned unchanged. (Every image in the
    batch is running: the engine takes finished filters out of the batch.)

    frozen: return it frozen (common/graph.py): the weights folded into constants, which oneDNN
    keeps in its blocked order (one filter at a time ~112 -> ~86 ms per step at conv5_1, for
    ~2 s more to make).
    """
    spec = [
        tf.TensorSpec((None, *image_shape), dtype),
        tf.TensorSpec((None,), tf.int32),
        tf.TensorSpec((), dtype),
    ]

    @tf.function(input_signature=spec)
    def step(x, index, step_size):
        with tf.GradientTape(watch_accessed_variables=False) as tape:  # x only, no weight grads
            tape.watch(x)
            loss = loss_fn(x, index)
            total = tf.reduce_sum(loss)  # images are independent: d total / d x_b = d loss_b / d x_b
        grads = normalize_gradient(tape.gradient(total, x))  # only d loss / d x, no weight grads
        finite = tf.logical_and(tf.math.is_finite(loss),
                                tf.reduce_all(tf.math.is_finite(grads), axis=[1, 2, 3]))
        return loss, tf.where(finite[:, None, None, None], x + step_size * grads, x), finite

    return freeze(step, spec) if frozen else step


class _Slot:
    """One filter in flight in the engine's batch: its place in the work list and its index."""

    def __init__(self, position, index):
        self.position, self.index, self.losses, self.seconds = position, index, [], 0.0


def stream_ascent(step_fn, start_image, indices, batch_size, steps=ASCENT_STEPS,
                  step=ASCENT_STEP_SIZE, on_result=None):
    """The batched engine: gradient ascent on many filters, `batch_size` images per compiled step.

    Every image of the batch is one filter in flight. When a filter finishes (its `steps` done,
    its loss <= 0, or a NaN/Inf), its slot is given to the next filter at once, and the batch
    shrinks only when no filter is left to start: no step is spent on a finished filter. Each
    image is updated from its own loss and gradient, so a filter ends where it would alone.

    start_image(i) -> (H, W, 3) start of filter i; on_result(AscentResult) is called as each
    filter finishes (e.g. to save it, so an interrupted run keeps what is done).
    Returns the AscentResults in the order of `indices`.
    """
    return _stream(step_fn, lambda pos: start_image(indices[pos]), list(indices), batch_size,
                   steps, step, on_result)


def gradient_ascent(step_fn, x0, indices, steps=ASCENT_STEPS, step=ASCENT_STEP_SIZE,
                    network_dtype=np.float32):
    """Run `steps` steps on a batch x0 (B, H, W, 3), one index per image; a list of AscentResult.

    The mirror of legacy.ascent.gradient_ascent: the engine with the whole batch in flight.
    network_dtype: make_step's float type (float64 only for the float64 equivalence test); the
    image lives in it (no host copy of another type, unlike the 2016 loop).
    """
    x0 = np.asarray(x0, network_dtype)
    return _stream(step_fn, lambda pos: x0[pos], list(indices), len(indices), steps, step,
                   dtype=network_dtype)


def _stream(step_fn, start_at, indices, batch_size, steps, step, on_result=None,
            dtype=np.float32):
    """The engine's loop; start_at(position) -> the start image of indices[position]."""
    pending = collections.deque(enumerate(indices))
    slots, x = [], None  # x: (len(slots), H, W, 3) in dtype (float32), the images in flight
    step_t = tf.constant(step, dtype)
    results = [None] * len(indices)

    def finish(slot, image, dead=False, nonfinite=False):
        r = AscentResult(int(slot.index), image, slot.losses, dead, nonfinite, slot.seconds)
        results[slot.position] = r
        if on_result is not None:
            on_result(r)

    while pending or slots:
        fresh = [_Slot(*pending.popleft()) for _ in range(min(batch_size - len(slots), len(pending)))]
        if fresh:
            new = np.stack([start_at(slot.position) for slot in fresh]).astype(dtype)
            x = new if not slots else np.concatenate([x, new])
            slots += fresh
        n = len(slots)
        t = time.perf_counter()
        loss, x_next, finite = step_fn(tf.constant(x), tf.constant([s.index for s in slots], tf.int32),
                                       step_t)
        loss, x_next, finite = loss.numpy(), x_next.numpy(), finite.numpy()
        share = (time.perf_counter() - t) / n  # each image's part of the step's wall time
        keep = []
        for b, slot in enumerate(slots):
            slot.seconds += share
            if not finite[b]:  # the step left this image as it was: keep the last finite one
                finish(slot, x_next[b], nonfinite=True)
                continue
            slot.losses.append(float(loss[b]))
            if stopped(loss[b]):  # "some filters get stuck to 0, we can skip them"
                finish(slot, x_next[b], dead=True)
            elif len(slot.losses) == steps:
                finish(slot, x_next[b])
            else:
                keep.append(b)
        slots, x = [slots[b] for b in keep], x_next[keep]
    return results
