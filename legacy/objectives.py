"""The 2016 objectives on the channels-first model.

What it reproduces: `loss = K.mean(layer_output[:, filter_index, :, :])` for a filter and
`loss = K.mean(model.layers[-1].output[:, output_index])` (the softmax probability, not the
logit) for a class. Written per image of a batch, (B,) losses, so that the same objective
serves one filter at a time (B = 1, exactly the 2016 value) and a batch of filters.
"""

import tensorflow as tf

from common.layout import LEGACY_CHANNEL_AXIS
from legacy.model import layer_model

__all__ = ["class_objective", "filter_objective"]



def filter_objective(model, layer):
    """loss(x (B, 3, H, W), index (B,)) -> (B,): mean activation of filter index[b] of `layer`."""
    features = layer_model(model, layer)

    def loss(x, index):
        act = features(x)  # (B, C, h, w), or (B, C) for a dense layer
        picked = tf.gather(act, index, axis=LEGACY_CHANNEL_AXIS, batch_dims=1)  # (B, h, w) or (B,)
        return tf.reshape(tf.reduce_mean(tf.reshape(picked, (tf.shape(x)[0], -1)), axis=1), (-1,))

    return loss


def class_objective(model):
    """loss(x (B, 3, 224, 224), index (B,)) -> (B,): softmax probability of class index[b]."""

    def loss(x, index):
        probs = model(x, training=False)  # (B, 1000), after fc8's softmax
        return tf.gather(probs, index, axis=1, batch_dims=1)

    return loss
