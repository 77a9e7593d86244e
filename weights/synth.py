"""A deterministic synthetic VGG16 (all 138,357,544 parameters) in both file layouts.

The real ImageNet weights cannot be downloaded everywhere, so every pipeline, figure and test can
run on this instead. It is an untrained network: pictures made with it show the blog's method,
not the blog's pictures, and every output made from it says so.

Scale. Kernels are He-normal (std sqrt(2 / fan_in)), which keeps the mean square of relu
activations roughly constant from layer to layer. The blog feeds raw 0-255 pixels (grey noise
uniform[0, 1) * 20 + 128, no mean subtraction). conv1_1's filters are made zero-mean, as real
first-layer filters nearly are (they respond to contrast, not brightness), and divided by the
noise's standard deviation (20 / sqrt(12)): activations then stay O(1) through the whole stack,
fc8's logits are O(1) (the softmax starts far from saturated), and a gradient step of one grey
level per pixel changes the network's response visibly. fc8 is scaled down (FC8_SCALE) so that its
logits start with a standard deviation near 1: with wider logits most classes start at a
probability so small that the 2016 gradient normalisation (its + 1e-5) stalls them. Biases are
small and centred on zero, so that some filters start dead, as real filters sometimes do.
"""

import os

import numpy as np

from common.images import DEFAULT_SEED, NOISE_SCALE
from common.layers import param_layers
from weights.baraldi import write_baraldi
from weights.convert import to_legacy
from weights.h5files import KERAS_FILENAME, KERAS_NOTOP_FILENAME, MODERN, WeightSet
from weights.keras_file import write_keras

NOISE_STD = NOISE_SCALE / np.sqrt(12.0)  # std of uniform[0, 1) * 20: 5.77 grey levels
FC8_SCALE = 0.2  # measured: logits' std goes from ~5 to ~1 on the blog's grey noise
BIAS_STD = 0.05  # relative to activations of order 1


def synthetic_params(seed=DEFAULT_SEED, include_top=True):
    """{legacy name: [kernel, bias]} in the keras.applications layout, float32, from `seed`."""
    rng = np.random.default_rng(seed)
    params = {}
    for layer in param_layers(include_top):
        kernel_shape, bias_shape = layer.modern_shapes()
        fan_in = int(np.prod(kernel_shape[:-1]))
        std = np.sqrt(2.0 / fan_in)
        kernel = rng.standard_normal(kernel_shape, dtype=np.float32)
        if layer.legacy_name == "conv1_1":  # (3, 3, 3, 64): zero-mean over each filter's inputs
            kernel -= kernel.mean(axis=(0, 1, 2), keepdims=True)
            std /= NOISE_STD
        if layer.legacy_name == "fc8":
            std *= FC8_SCALE
        kernel *= np.float32(std)
        bias = rng.standard_normal(bias_shape, dtype=np.float32) * np.float32(BIAS_STD)
        params[layer.legacy_name] = [kernel, bias]
    return params


def write_synthetic(out_dir, seed=DEFAULT_SEED, include_top=True):
    """Write the synthetic VGG16 in both layouts to `out_dir`; returns (legacy path, modern path)."""
    modern = WeightSet(synthetic_params(seed, include_top), MODERN, include_top, synthetic_seed=seed)
    legacy = to_legacy(modern)
    suffix = "" if include_top else "_notop"
    legacy_path = os.path.join(out_dir, f"vgg16_weights{suffix}.h5")
    modern_path = os.path.join(out_dir, KERAS_FILENAME if include_top else KERAS_NOTOP_FILENAME)
    write_baraldi(legacy_path, legacy.params, synthetic_seed=seed)
    write_keras(modern_path, modern.params, synthetic_seed=seed)
    return legacy_path, modern_path
