"""The chapter's "Visualizing the gradient": d(filter's mean activation or class probability) /
d(input) on a photo, and the grey picture of it shown beside the photo. Images are (H, W, 3)
network input of the modern (channels-last) VGG16.
"""

import keras
import numpy as np
import tensorflow as tf

from common.errors import ArgumentError
from common.layers import layer_name
from common.photos import PIXEL_MAX
from extras import settings as S
from modern.visualize import PIPELINE as MODERN


def _model_layer(model, layer):
    """The model's own layer called `layer`, in the model's spelling or VGG16's other one."""
    names = [x.name for x in model.layers]
    if layer in names:
        return model.get_layer(layer)
    name = layer_name(layer, MODERN.name)
    if name not in names:
        raise ArgumentError(f"--layer {layer!r}: this model has no such layer")
    return model.get_layer(name)


def gradient_map(model, x, layer=None, index=0, kind="filter"):
    """d objective / d x for one image x (H, W, 3); returns (gradient (H, W, 3), objective).

    kind "filter": objective = mean activation of filter `index` of `layer`;
    kind "class": objective = softmax probability of class `index` (the model's last output).
    Only the input's gradient is taken (no weight gradients).
    """
    if kind == "class":
        out = model.outputs[0]
    else:
        out = _model_layer(model, layer).output
    count = int(out.shape[-1])
    if int(index) != index or not 0 <= index < count:
        raise ArgumentError(f"--{'class' if kind == 'class' else 'filter'} {index}: out of range, "
                            f"expected 0..{count - 1}")
    sub = keras.Model(model.inputs[0], [out, out])  # two outputs keep keras from unwrapping
    xt = tf.constant(np.asarray(x)[None])
    with tf.GradientTape(watch_accessed_variables=False) as tape:  # d/dx only
        tape.watch(xt)
        act = sub(xt)[0]  # (1, h, w, C) or (1, C)
        value = tf.reduce_mean(act[..., index])
    return tape.gradient(value, xt)[0].numpy(), float(value)


def gradient_image(g, percentile=S.GRADIENT_MAP_PERCENTILE):
    """(H, W, 3) gradient -> (H, W, 3) uint8 grey: max |g| over the channels, the given
    percentile white (so that a few extreme pixels do not make the rest black)."""
    m = np.abs(np.asarray(g, np.float64)).max(axis=-1)
    top = np.percentile(m, percentile)
    v = np.clip(m / top, 0, 1) if top > 0 else np.zeros_like(m)
    grey = np.rint(v * PIXEL_MAX).astype(np.uint8)
    return np.repeat(grey[..., None], 3, axis=2)
