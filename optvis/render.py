"""The render loop: a batch of filters per compiled step, each filter its own parameterisation,
optimiser state and random transforms, climbing an objective on either pipeline's model.

What it reproduces: lucid's `render.render_vis` (Olah, Mordvintsev and Schubert, "Feature
Visualization", Distill 2017) and xplique's `maco` loop, in this project's batched engine
(modern/ascent.py's, with the same bookkeeping): each step makes every filter's N x N RGB
picture (NHWC, 0..1), reads it through that filter's transforms into the model's input size,
turns it into the network's input as the project feeds photos (BGR, Caffe means subtracted,
common/photos.py) and hands it to the Pipeline's model in its own layout (`from_nhwc`:
channels-first for the legacy one); the objective is the mean over the filter's crops; the
optimiser climbs it. So legacy and modern run the same computation for every method.

Seeds: filter f starts from transforms.generator(seed, f, 0, INIT) and its step k draws from
generator(seed, f, k, TRANSFORM): a filter's numbers do not depend on the batch it runs in or
on the other filters. A filter whose objective is not finite stops there, keeping its last
finite parameters, and one whose objective is <= 0 at its first step (a dead relu, for
objectives where that means one: zero gradient, the optimiser's state stays zero) stops as
dead, both as the 2016 engine stops them (common/ascent.py `stopped`). Unlike the 2016 ascent,
a value of 0 after the first step does not stop a filter: the optimiser's momentum and the
next step's transforms move the picture on (a single neuron is often 0 for one jitter).
"""

import collections
import dataclasses
import time

import numpy as np

from common.ascent import (
    AscentResult,
    check_class,
    check_filters,
    check_steps,
    compiled,
    compiled_step,
    finished,
    stopped,
)
from common.errors import ArgumentError
from common.images import BGR_MEAN, DEFAULT_SEED
from common.photos import to_network
from optvis import transforms
from optvis.methods import check_method, check_no_start, with_defaults
from optvis.objectives import channel, class_probability, reader

# TensorFlow (and common/graph.py, which imports it) is imported inside the functions that make
# and run a step: every command imports this module at start (through optvis/pipeline.py), and
# `--help` and argument errors answer without TensorFlow.

PIXEL_MAX = 255.0


def input_size(pipeline, model):
    """The side of the model's square input, whichever its layout."""
    shape = model.input_shape[1:]
    return int(shape[1] if pipeline.channel_axis == 1 else shape[0])


def network_input(rgb):
    """(B, S, S, 3) RGB in 0..1 -> the network's BGR input minus the Caffe means (TensorFlow;
    common/photos.py to_network does the same to a photo)."""
    import tensorflow as tf

    return tf.reverse(rgb * PIXEL_MAX, axis=[-1]) - tf.constant(BGR_MEAN, rgb.dtype)


def make_step(pipeline, model, objective, method, param, size, frozen=False):
    """step(params, *optimiser slots, index (B,), affine (B, K, 2, 3), noise (B, K, S, S, 3))
    -> [loss (B,), new params, *new slots, finite (B,)]; a picture whose loss or gradient is not
    finite keeps its parameters and state."""
    import tensorflow as tf

    from common.graph import freeze

    read = reader(pipeline, model, objective.layers)
    optimizer = method.optimizer(method.step)
    slots = optimizer.slots(np.zeros(param.shape, np.float32))
    spec = ([tf.TensorSpec((None, *param.shape), tf.float32)]
            + [tf.TensorSpec((None, *np.shape(s)), tf.float32) for s in slots]
            + [tf.TensorSpec((None,), tf.int32), tf.TensorSpec((None, method.crops, 2, 3), tf.float32),
               tf.TensorSpec((None, method.crops, size, size, 3), tf.float32)])

    def loss_of(params, index, affine, noise):
        crops = transforms.sample(param.image(params), affine, size, method.fill)  # (B * K, S, S, 3)
        x = pipeline.from_nhwc(network_input(crops + tf.reshape(noise, tf.shape(crops))))
        values = objective(read(x), tf.repeat(index, method.crops))  # (B * K,)
        return tf.reduce_mean(tf.reshape(values, (-1, method.crops)), axis=1)  # (B,)

    @tf.function(input_signature=spec)
    def step(params, *rest):
        state, (index, affine, noise) = list(rest[:-3]), rest[-3:]
        with tf.GradientTape(watch_accessed_variables=False) as tape:  # the parameters only
            tape.watch(params)
            loss = loss_of(params, index, affine, noise)
            total = tf.reduce_sum(loss)  # pictures are independent: each gets its own gradient
        grads = tape.gradient(total, params)
        new, new_state = optimizer.apply(params, grads, *state)
        finite = tf.logical_and(tf.math.is_finite(loss), tf.reduce_all(
            tf.math.is_finite(tf.reshape(grads, (tf.shape(grads)[0], -1))), axis=1))

        def keep(a, b):  # a where finite, else b; per picture
            return tf.where(tf.reshape(finite, [-1] + [1] * (a.shape.rank - 1)), a, b)

        return [loss, keep(new, params), *[keep(a, b) for a, b in zip(new_state, state)], finite]

    return freeze(step, spec, channels_first=pipeline.channel_axis == 1) if frozen else step


class _Slot:
    """One filter in flight: its place in the work list, index, state arrays, losses, seconds."""

    def __init__(self, position, index, state):
        self.position, self.index, self.state, self.losses, self.seconds = position, index, state, [], 0.0


def render(pipeline, model, indices, method, objective, steps=None, step=None,
           seed=DEFAULT_SEED, batch_size=1, on_result=None, freeze=None, spectrum_folder=None):
    """Run `method` on every index (a filter, or a class for a class objective) of `indices`,
    `batch_size` filters per compiled step; the AscentResults in the order of `indices`, each
    image the final picture as the network's input in the pipeline's layout.

    method: "fourier" or "maco"; objective: an optvis.objectives Objective whose None channel
    (or class) is each picture's index, e.g. channel("conv3_1") or class_probability().
    steps, step: default to the method's (optvis/methods.py). on_result(AscentResult) is told of
    each filter as it finishes. freeze: as the 2016 engine's (common/ascent.py compiled_step)."""
    method = check_method(method)
    if method.optimizer is None:
        raise ArgumentError(f"--method {method.name}: the blog's ascent runs in legacy/ and modern/ "
                            "(their visualize_filters); optvis renders fourier and maco")
    steps, step = with_defaults(method.name, steps, step)
    check_steps(steps, step)
    method = dataclasses.replace(method, step=float(step))
    size = input_size(pipeline, model)
    param = method.parameterisation(size, spectrum_folder)
    key = ("optvis", method.name, method.step, objective.key, size)
    step_fn = compiled_step(model, key, len(indices) * steps,
                            lambda frozen: make_step(pipeline, model, objective, method, param, size, frozen),
                            freeze)
    picture = compiled(model, ("optvis picture", method.name, size), lambda: _picture(param))

    def start(index):
        p = param.init(transforms.generator(seed, index, 0, transforms.INIT))
        return [p] + method.optimizer(method.step).slots(p)

    def draw(slot):
        rng = transforms.generator(seed, slot.index, len(slot.losses), transforms.TRANSFORM)
        return method.draw(rng, size, size, len(slot.losses), steps)

    def finish(slots, dead=False, nonfinite=False):
        if not slots:
            return
        rgb = picture(np.stack([s.state[0] for s in slots])).numpy()
        for s, image in zip(slots, rgb):
            r = AscentResult(int(s.index), pipeline.from_nhwc(to_network(image * PIXEL_MAX)), s.losses,
                             dead, nonfinite, s.seconds)
            results[s.position] = r
            if on_result is not None:
                on_result(r)

    results = [None] * len(indices)
    _loop(step_fn, start, draw, finish, list(indices), batch_size, steps, objective.stops_at_zero)
    return results


def _picture(param):
    import tensorflow as tf

    return tf.function(param.image, input_signature=[tf.TensorSpec((None, *param.shape), tf.float32)])


def _loop(step_fn, start, draw, finish, indices, batch_size, steps, stops_at_zero):
    """The engine: keep `batch_size` filters in flight, give a finished filter's place to the next."""
    import tensorflow as tf

    pending = collections.deque(enumerate(indices))
    slots = []
    while pending or slots:
        slots += [_Slot(pos, i, start(i)) for pos, i in
                  (pending.popleft() for _ in range(min(batch_size - len(slots), len(pending))))]
        state = [np.stack([s.state[k] for s in slots]) for k in range(len(slots[0].state))]
        affine, noise = (np.stack(d) for d in zip(*[draw(s) for s in slots]))
        t = time.perf_counter()
        out = step_fn(*[tf.constant(a) for a in state], tf.constant([s.index for s in slots], tf.int32),
                      tf.constant(affine), tf.constant(noise))
        loss, new, finite = out[0].numpy(), [o.numpy() for o in out[1:-1]], out[-1].numpy()
        share = (time.perf_counter() - t) / len(slots)
        nonfinite, dead, complete, keep = [], [], [], []
        for b, slot in enumerate(slots):
            slot.seconds += share
            slot.state = [a[b] for a in new]
            if not finite[b]:
                nonfinite.append(slot)
                continue
            slot.losses.append(float(loss[b]))
            if stops_at_zero and len(slot.losses) == 1 and stopped(loss[b]):
                dead.append(slot)
            elif len(slot.losses) == steps:
                complete.append(slot)
            else:
                keep.append(slot)
        finish(nonfinite, nonfinite=True)
        finish(dead, dead=True)
        finish(complete)
        slots = keep


def render_class(pipeline, model, class_index, method, steps=None, step=None, seed=DEFAULT_SEED,
                 start=None):
    """visualize_class of either pipeline for a method other than 2016: the class's softmax
    probability (the blog's class objective) on the full 224x224 model; an AscentResult."""
    check_no_start(start, method)
    check_class(model, class_index, pipeline.head_layer)
    return render(pipeline, model, [class_index], method, class_probability(), steps, step, seed)[0]


def render_filters(pipeline, model, layer, filter_indices, method="fourier", steps=None, step=None,
                   seed=DEFAULT_SEED, batch_size=None, progress=None, on_result=None, freeze=None,
                   objective=None, spectrum_folder=None, start=None):
    """visualize_filters of either pipeline for a method other than 2016: filter f of `layer`
    climbs `objective` (default: the blog's channel mean) with its channel set to f."""
    check_no_start(start, method)
    name = check_filters(model, layer, filter_indices, pipeline.name, pipeline.channel_axis)
    crops = check_method(method).crops
    if batch_size is None:  # the pipeline's choice for that many pictures, each filter `crops` of them
        batch_size = max(1, pipeline.batch_size(name, input_size(pipeline, model),
                                                len(filter_indices), None) // crops)
    return render(pipeline, model, list(filter_indices), method, objective or channel(name), steps, step,
                  seed, batch_size, finished(progress, on_result), freeze, spectrum_folder)

