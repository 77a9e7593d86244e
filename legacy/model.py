"""The 2016 VGG16 of the Keras blog, rebuilt layer for layer in Keras 3.

What it reproduces: the `Sequential` of the blog post and of Lorenzo Baraldi's gist, in Theano's
"th" dim ordering (channels-first, input (3, H, W)): every conv is a `ZeroPadding2D((1, 1))`
followed by a valid 3x3 `Conv2D` with relu, named conv1_1 ... conv5_3; a 2x2/2 `MaxPooling2D`
ends each block. With the head: Flatten in channels-first (C-order) order, fc6 (4096, relu),
Dropout(0.5), fc7 (4096, relu), Dropout(0.5), fc8 (1000, softmax). The layer indices match the
`layer_{k}` groups of Baraldi's file: 37 layers, 31 without the head.
"""

import keras
from keras import layers

from common.args import MIN_INPUT_SIZE
from common.ascent import BLOG_INPUT_SIZE
from common.errors import ArgumentError
from common.layers import INPUT_CHANNELS, KERNEL_SIZE, TOP_INPUT_SIZE, layer_name, vgg16_layers
from common.layout import THEANO
from legacy.load import load_weights

__all__ = ["build_vgg16", "check_input_shape", "default_input_shape", "feature_model", "layer_model"]

DATA_FORMAT = "channels_first"
DROPOUT_RATE = 0.5


def default_input_shape(include_top):
    size = TOP_INPUT_SIZE if include_top else BLOG_INPUT_SIZE
    return (INPUT_CHANNELS, size, size)


def check_input_shape(input_shape, include_top):
    """(3, H, W) with H, W >= 32, and exactly (3, 224, 224) with the dense head."""
    shape = tuple(int(s) for s in input_shape)
    ok = len(shape) == 3 and shape[0] == INPUT_CHANNELS and min(shape[1:]) >= MIN_INPUT_SIZE
    if include_top:
        ok = ok and shape == default_input_shape(True)
    if not ok:
        need = "(3, 224, 224) with the dense head" if include_top else "(3, H, W) with H, W >= 32"
        raise ArgumentError(f"input_shape={shape}: the legacy (channels-first) VGG16 needs {need}")
    return shape


def _keras_layer(spec):
    if spec.kind == "pad":
        return layers.ZeroPadding2D((1, 1), data_format=DATA_FORMAT, name=spec.legacy_name)
    if spec.kind == "conv":
        return layers.Conv2D(
            spec.units, KERNEL_SIZE, padding="valid", activation="relu",
            data_format=DATA_FORMAT, name=spec.legacy_name,
        )
    if spec.kind == "pool":
        return layers.MaxPooling2D((2, 2), strides=(2, 2), data_format=DATA_FORMAT,
                                   name=spec.legacy_name)
    if spec.kind == "flatten":
        # Theano's Flatten was a plain C-order reshape of (512, 7, 7): index c*49 + h*7 + w.
        # Keras 3's Flatten(data_format="channels_first") would first transpose to channels-last,
        # so we ask for "channels_last", which reshapes the NCHW tensor as it is.
        return layers.Flatten(data_format="channels_last", name=spec.legacy_name)
    if spec.kind == "dense":
        activation = "softmax" if spec.legacy_name == "fc8" else "relu"
        return layers.Dense(spec.units, activation=activation, name=spec.legacy_name)
    if spec.kind == "dropout":
        return layers.Dropout(DROPOUT_RATE, name=spec.legacy_name)
    raise AssertionError(spec)


def build_vgg16(include_top=False, input_shape=None, weights=None, kernels=THEANO):
    """The 2016 VGG16 as a channels-first Keras `Sequential`.

    include_top: add the dense head (input must then be (3, 224, 224)).
    input_shape: (3, H, W); default (3, 128, 128), or (3, 224, 224) with the head.
    weights: None, or the path of a file in Baraldi's layout (see legacy.load.load_weights).
    kernels: "theano" (Baraldi's file: flip + transpose) or "tensorflow" (transpose only).
    """
    shape = check_input_shape(input_shape or default_input_shape(include_top), include_top)
    model = keras.Sequential(name="vgg16_legacy")
    model.add(keras.Input(shape=shape, name="input"))
    for spec in vgg16_layers(include_top):
        model.add(_keras_layer(spec))
    if weights is not None:
        load_weights(model, weights, kernels=kernels)
    return model


def feature_model(model, names):
    """A Keras model from the input to the outputs of the named layers (either spelling): a list
    of tensors, except for a single name, which Keras 3 returns as a bare tensor (layer_model)."""
    outputs = [model.get_layer(layer_name(n, "legacy")).output for n in names]
    return keras.Model(model.inputs[0], outputs, name=f"{model.name}_features")


def layer_model(model, name):
    """A Keras model from the input to one layer's output (either spelling): a tensor,
    (B, C, h, w) or (B, C) for a dense layer."""
    return keras.Model(model.inputs[0], model.get_layer(layer_name(name, "legacy")).output,
                       name=f"{model.name}_layer")
