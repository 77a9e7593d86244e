"""What the ascent climbs: the blog's channel mean and the objectives lucid made common, composable.

What it reproduces: lucid's `optvis.objectives` (Olah, Mordvintsev and Schubert, "Feature
Visualization", Distill 2017): `channel` (the blog's mean activation of one filter, the
default), `neuron` (one unit: the centre of the map, lucid's default position), `direction`
(the mean over positions of a layer's activations projected on a vector in its channel space),
the class logit and the class probability (the blog's class objective), and weighted sums
(`a + b`, `w * a`).

Contract: an Objective maps {layer name: activations} and the batch's indices (B,) int32 to
(B,) values, one per picture (each depends on its own picture only). Activations come
channels-last, (B, h, w, C) for a conv or pool layer and (B, C) for a dense one, whichever
pipeline made them (`reader` converts with the pipeline's `to_nhwc`). Where an objective takes
a channel or class `n`, None means "the picture's own index", so one compiled step serves a
batch of filters. `key` names the objective for the compiled-step cache; `stops_at_zero` says
a value <= 0 means the relu is dead there (the 2016 stopping rule applies).
"""

import dataclasses
from typing import Callable

import numpy as np

from common.layers import layer_name

# TensorFlow and Keras are imported inside the functions that make tensors: every command imports
# this module at start (through optvis/render.py), and `--help` and argument errors answer
# without TensorFlow.

LOGITS = "logits"  # the dense head's values before its softmax
PROBABILITIES = "probabilities"  # after it (the blog's class objective)


@dataclasses.dataclass(frozen=True)
class Objective:
    key: tuple
    layers: tuple  # layer names read (either spelling), or LOGITS / PROBABILITIES
    fn: Callable
    stops_at_zero: bool = True

    def __call__(self, acts, index):
        return self.fn(acts, index)

    def __add__(self, other):
        return Objective(("+", self.key, other.key), _union(self.layers, other.layers),
                         lambda a, i: self.fn(a, i) + other.fn(a, i),
                         self.stops_at_zero and other.stops_at_zero)

    def __mul__(self, weight):
        w = float(weight)
        return Objective(("*", w, self.key), self.layers, lambda a, i: w * self.fn(a, i),
                         self.stops_at_zero and w > 0)

    __rmul__ = __mul__


def _union(a, b):
    return a + tuple(x for x in b if x not in a)


def _pick(act, index, n):
    """act (B, ..., C) -> (B, ...): channel n, or each picture's own index when n is None."""
    import tensorflow as tf

    if n is not None:
        return act[..., n]
    return tf.gather(act, index, axis=act.shape.rank - 1, batch_dims=1)


def _flat_mean(x):
    """(B, ...) -> (B,): the mean of each picture's values."""
    import tensorflow as tf

    return tf.reduce_mean(tf.reshape(x, (tf.shape(x)[0], -1)), axis=1)


def channel(layer, n=None):
    """The mean activation of channel n of `layer` (the blog's filter objective)."""
    return Objective(("channel", layer, n), (layer,), lambda a, i: _flat_mean(_pick(a[layer], i, n)))


def neuron(layer, n=None):
    """The activation of channel n at the centre of `layer`'s map (h // 2, w // 2), as lucid's."""

    def fn(a, i):
        act = a[layer]  # (B, h, w, C)
        return _pick(act[:, act.shape[1] // 2, act.shape[2] // 2], i, n)

    return Objective(("neuron", layer, n), (layer,), fn)


def direction(layer, vector):
    """The mean over positions of `layer`'s activations dotted with `vector` (C,)."""
    v = np.asarray(vector, np.float32)

    def fn(a, i):
        import tensorflow as tf

        return _flat_mean(tf.tensordot(a[layer], tf.constant(v), axes=1))

    return Objective(("direction", layer, v.tobytes()), (layer,), fn, stops_at_zero=False)


def class_logit(n=None):
    """The logit of class n (before the head's softmax)."""
    return Objective(("logit", n), (LOGITS,), lambda a, i: _pick(a[LOGITS], i, n), stops_at_zero=False)


def class_probability(n=None):
    """The softmax probability of class n (the blog's class objective)."""
    return Objective(("probability", n), (PROBABILITIES,), lambda a, i: _pick(a[PROBABILITIES], i, n))


def reader(pipeline, model, layers):
    """x (B, ...) in the pipeline's layout -> {layer: channels-last activations} for `layers`."""
    import keras
    import tensorflow as tf

    head = model.get_layer(pipeline.head_layer) if {LOGITS, PROBABILITIES} & set(layers) else None
    present = {x.name for x in model.layers}  # a VGG16 layer in either spelling, or any layer by its name
    outputs = [head.input if name == LOGITS else head.output if name == PROBABILITIES
               else model.get_layer(name if name in present else layer_name(name, pipeline.name)).output
               for name in layers]
    # a keras.Model of one output returns a bare tensor (Keras 3): ask for the first one twice
    features = keras.Model(model.inputs[0], outputs + outputs[:1])

    def read(x):
        acts = {}
        for name, act in zip(layers, features(x, training=False)):
            if name == LOGITS:  # the head's input through its kernel, without the softmax
                act = tf.matmul(act, head.kernel) + head.bias
            acts[name] = pipeline.to_nhwc(act) if act.shape.rank == 4 else act
        return acts

    return read
