"""Recognising the real VGG16 weights, and the orientation of their kernels, from reference values
(the first biases and block1_conv1's filter 0 of the published keras file)."""

import numpy as np

from common.layout import legacy_kernel_to_modern
from weights.h5files import LEGACY

# Reference values of the real weights (keras.applications file, unflipped).
REAL_CONV1_1_BIAS_0_10 = (
    0.73429835, 0.093403675, 0.06775674, 0.8862966, 0.25994542,
    0.66426694, -0.015828926, 0.3249065, 0.68600726, 0.062479325,
)
# kernel[:, :, 0, 0] of block1_conv1 (filter 0, B channel), rows = kernel height.
REAL_CONV1_1_KERNEL_00 = (
    (0.42947057, 0.373467, -0.061360113),
    (0.27476987, 0.038680777, -0.36722335),
    (-0.05746817, -0.26224968, -0.35009676),
)
REAL_FIRST_BIAS = {
    "conv1_1": 0.73429835, "conv1_2": -0.30912212, "conv2_1": -0.04577766,
    "conv2_2": -0.06418542, "conv3_1": -0.074358866, "conv3_2": 0.019675018,
    "conv3_3": 0.035415243, "conv4_1": 0.013485669, "conv4_2": 0.023680462,
    "conv4_3": 0.03757768, "conv5_1": 0.09722325, "conv5_2": 0.21327873,
    "conv5_3": 0.18837857, "fc6": -0.18869764, "fc7": 0.647107, "fc8": -0.2123236,
}
REFERENCE_ATOL = 1e-6  # the reference values are printed to float32 precision

UNFLIPPED = "unflipped"  # cross-correlation kernels: keras.applications, Keras 1 on TensorFlow
FLIPPED = "flipped"  # rotated 180 degrees for Theano's true convolution: Baraldi's original
UNKNOWN = "unknown"


def first_biases_matched(ws):
    """How many layers' first bias equal the real VGG16's (out of those read)."""
    return sum(
        abs(float(ws.params[name][1][0]) - value) <= REFERENCE_ATOL
        for name, value in REAL_FIRST_BIAS.items()
        if name in ws.params
    )


def is_real_vgg16(ws):
    """True when conv1_1's first ten biases are the real ImageNet VGG16's."""
    bias = ws.params["conv1_1"][1][:10]
    return bool(np.allclose(bias, REAL_CONV1_1_BIAS_0_10, atol=REFERENCE_ATOL, rtol=0))


def kernel_orientation(ws):
    """FLIPPED, UNFLIPPED or UNKNOWN for conv1_1 filter 0, B channel, in the file's own layout."""
    w = ws.params["conv1_1"][0]
    k = w[0, 0] if ws.layout == LEGACY else w[:, :, 0, 0]  # (3, 3) rows = kernel height
    ref = np.asarray(REAL_CONV1_1_KERNEL_00, dtype=np.float32)
    if np.allclose(k, ref, atol=REFERENCE_ATOL, rtol=0):
        return UNFLIPPED
    if np.allclose(k, ref[::-1, ::-1], atol=REFERENCE_ATOL, rtol=0):
        return FLIPPED
    return UNKNOWN


def reference_distance(ws):
    """How far the file's weights are from the ImageNet VGG16 at the reference values, as
    relative differences |file - reference| / |reference|: {"first_bias": {layer: d},
    "conv1_1_filter_0": d} (the B channel of filter 0, 3x3, in the cross-correlation
    orientation; a legacy file is taken as Theano-flipped, the project's convention)."""
    first = {name: abs(float(ws.params[name][1][0]) - ref) / abs(ref)
             for name, ref in REAL_FIRST_BIAS.items() if name in ws.params}
    w = ws.params["conv1_1"][0]
    k = legacy_kernel_to_modern(w[:1, :1])[:, :, 0, 0] if ws.layout == LEGACY else w[:, :, 0, 0]
    ref = np.asarray(REAL_CONV1_1_KERNEL_00, dtype=np.float64)
    return {"first_bias": first,
            "conv1_1_filter_0": float(np.linalg.norm(k - ref) / np.linalg.norm(ref))}
