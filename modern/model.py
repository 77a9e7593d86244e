"""The modern VGG16: keras.applications.VGG16, channels-last, with this project's weight loading.

What it reproduces: the network of the 2016 blog as people build it today. Same layers and numbers
as legacy.model, but channels-last (H, W, 3) input, "same" padding instead of ZeroPadding2D,
names block{b}_conv{i}, fc1, fc2, predictions, and cross-correlation kernels.
"""

import keras

from common.args import MIN_INPUT_SIZE
from common.ascent import BLOG_INPUT_SIZE
from common.errors import ArgumentError
from common.layers import INPUT_CHANNELS, TOP_INPUT_SIZE, layer_name
from modern.load import load_weights
from weights.fetch import DEFAULT_DIR, fetch_keras, find_imagenet_keras, keras_cache_dir

__all__ = ["build_vgg16", "check_input_shape", "default_input_shape", "feature_model", "layer_model"]

IMAGENET = "imagenet"


def default_input_shape(include_top):
    size = TOP_INPUT_SIZE if include_top else BLOG_INPUT_SIZE
    return (size, size, INPUT_CHANNELS)


def check_input_shape(input_shape, include_top):
    """(H, W, 3) with H, W >= 32, and exactly (224, 224, 3) with the dense head. Without the head
    H and W may be None: one model then takes any size (the deep dream's octaves)."""
    shape = tuple(None if s is None else int(s) for s in input_shape)
    sides = [s for s in shape[:2] if s is not None]
    ok = (len(shape) == 3 and shape[2] == INPUT_CHANNELS
          and all(s >= MIN_INPUT_SIZE for s in sides))
    if include_top:
        ok = ok and shape == default_input_shape(True)
    if not ok:
        need = "(224, 224, 3) with the dense head" if include_top else "(H, W, 3) with H, W >= 32"
        raise ArgumentError(f"input_shape={shape}: the modern (channels-last) VGG16 needs {need}")
    return shape


def build_vgg16(include_top=False, input_shape=None, weights=None):
    """keras.applications.VGG16, channels-last.

    include_top: add the dense head (input must then be (224, 224, 3)).
    input_shape: (H, W, 3); default (128, 128, 3), or (224, 224, 3) with the head.
    weights: None; the path of a file in the keras.applications layout (a full file also serves
      the conv-only model); or "imagenet" (checksum-verified download where there is network).
    """
    shape = check_input_shape(input_shape or default_input_shape(include_top), include_top)
    model = keras.applications.VGG16(
        include_top=include_top, weights=None, input_shape=shape, classifier_activation="softmax"
    )
    if weights is not None:
        if weights == IMAGENET:
            # a verified file already here (the full one serves the conv-only model too) or in
            # keras's own cache, before any download
            weights = (find_imagenet_keras(include_top, [DEFAULT_DIR, keras_cache_dir()])
                       or fetch_keras(include_top=include_top))
        load_weights(model, weights)
    return model


def feature_model(model, names):
    """A Keras model from the input to the outputs of the named layers (either spelling): a list
    of tensors, except for a single name, which Keras 3 returns as a bare tensor (layer_model)."""
    outputs = [model.get_layer(layer_name(n, "modern")).output for n in names]
    return keras.Model(model.inputs[0], outputs, name=f"{model.name}_features")


def layer_model(model, name):
    """A Keras model from the input to one layer's output (either spelling): a tensor,
    (B, h, w, C) or (B, C) for a dense layer."""
    return keras.Model(model.inputs[0], model.get_layer(layer_name(name, "modern")).output,
                       name=f"{model.name}_layer")
