"""The blog's objectives on the channels-last keras.applications model.

The same two losses as legacy/objectives.py: a filter's mean activation and a class's softmax
probability, per image of a batch, (B,) losses.
"""

import tensorflow as tf

from common.layout import MODERN_CHANNEL_AXIS
from modern.model import layer_model

__all__ = ["class_objective", "filter_objective"]


def filter_objective(model, layer):
    """loss(x (B, H, W, 3), index (B,)) -> (B,): mean activation of filter index[b] of `layer`."""
    features = layer_model(model, layer)

    def loss(x, index):
        act = features(x)  # (B, h, w, C), or (B, C) for a dense layer
        picked = tf.gather(act, index, axis=MODERN_CHANNEL_AXIS, batch_dims=1)  # (B, h, w) or (B,)
        return tf.reshape(tf.reduce_mean(tf.reshape(picked, (tf.shape(x)[0], -1)), axis=1), (-1,))

    return loss


def class_objective(model):
    """loss(x (B, 224, 224, 3), index (B,)) -> (B,): softmax probability of class index[b]."""

    def loss(x, index):
        probs = model(x, training=False)  # (B, 1000), after the softmax
        return tf.gather(probs, index, axis=1, batch_dims=1)

    return loss
