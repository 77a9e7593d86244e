"""The blog's "Convnet dreams" (`filter_dream.jpg`): its filter ascent started from a photo, for
one filter at a time (the compiled engine of modern/ascent.py) or for a weighted combination of
the filters of one layer ("picking specific combinations of filters"). Images are (H, W, 3)
network input: BGR minus the Caffe means.
"""

import numpy as np
import tensorflow as tf

from common.ascent import ASCENT_STEPS, check_filters, check_steps, compiled
from common.images import DEFAULT_SEED
from extras import settings as S
from modern.ascent import gradient_ascent, make_step
from modern.model import layer_model
from modern.visualize import PIPELINE as MODERN


def filter_dream(model, layer, filters, photo, steps=ASCENT_STEPS, step=S.FILTER_DREAM_STEP,
                 seed=DEFAULT_SEED):
    """The blog's ascent for each filter, each started from `photo` ((H, W, 3) network input at
    the model's size): a list of AscentResult, through the batched engine of modern/ascent.py."""
    return MODERN.visualize_filters(model, layer, list(filters), steps, step, seed, start=photo)


def combination_dream(model, layer, filter_weights, photo, steps=ASCENT_STEPS,
                      step=S.FILTER_DREAM_STEP):
    """One image that climbs sum_k w_k * mean activation of filter k, from `photo`. Returns an
    AscentResult.

    filter_weights: {filter index: weight}. Uses the compiled step of modern/ascent.py with an
    objective that weights the layer's channels.
    """
    check_steps(steps, step)
    name = check_filters(model, layer, sorted(filter_weights), MODERN.name, MODERN.channel_axis)
    channels = model.get_layer(name).output.shape[-1]
    w = np.zeros((1, channels), np.float32)  # (1, C): row 0 is this combination
    for f, v in filter_weights.items():
        w[0, f] = v
    features = compiled(model, ("features", name), lambda: layer_model(model, name))
    w_t = tf.constant(w)

    def loss(x, index):
        act = features(x)  # (B, h, w, C)
        rows = tf.gather(w_t, index)  # (B, C): each image's weights
        return tf.reduce_mean(tf.einsum("bhwc,bc->bhw", act, rows), axis=[1, 2])

    step_fn = make_step(loss, model.input_shape[1:])  # traced for this combination only
    return gradient_ascent(step_fn, np.asarray(photo, np.float32)[None], [0], steps, step)[0]
