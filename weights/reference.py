"""Recognising the real VGG16 weights, and the orientation of their kernels, from reference values
(REFERENCE.md section 2: the first biases and block1_conv1's filter 0 in the keras file)."""

import numpy as np

from common import constants as C
from weights.h5files import LEGACY

UNFLIPPED = "unflipped"  # cross-correlation kernels: keras.applications, Keras 1 on TensorFlow
FLIPPED = "flipped"  # rotated 180 degrees for Theano's true convolution: Baraldi's original
UNKNOWN = "unknown"


def first_biases_matched(ws):
    """How many layers' first bias equal the real VGG16's (out of those read)."""
    return sum(
        abs(float(ws.params[name][1][0]) - value) <= C.REFERENCE_ATOL
        for name, value in C.REAL_FIRST_BIAS.items()
        if name in ws.params
    )


def is_real_vgg16(ws):
    """True when conv1_1's first ten biases are the real ImageNet VGG16's."""
    bias = ws.params["conv1_1"][1][:10]
    return bool(np.allclose(bias, C.REAL_CONV1_1_BIAS_0_10, atol=C.REFERENCE_ATOL, rtol=0))


def kernel_orientation(ws):
    """FLIPPED, UNFLIPPED or UNKNOWN for conv1_1 filter 0, B channel, in the file's own layout."""
    w = ws.params["conv1_1"][0]
    k = w[0, 0] if ws.layout == LEGACY else w[:, :, 0, 0]  # (3, 3) rows = kernel height
    ref = np.asarray(C.REAL_CONV1_1_KERNEL_00, dtype=np.float32)
    if np.allclose(k, ref, atol=C.REFERENCE_ATOL, rtol=0):
        return UNFLIPPED
    if np.allclose(k, ref[::-1, ::-1], atol=C.REFERENCE_ATOL, rtol=0):
        return FLIPPED
    return UNKNOWN


def reference_distance(ws):
    """How far the file's weights are from the ImageNet VGG16 at the reference values, as
    relative differences |file - reference| / |reference|: {"first_bias": {layer: d},
    "conv1_1_filter_0": d} (the B channel of filter 0, 3x3, in the cross-correlation
    orientation; a legacy file is taken as Theano-flipped, the project's convention)."""
    from common.layout import legacy_kernel_to_modern

    first = {name: abs(float(ws.params[name][1][0]) - ref) / abs(ref)
             for name, ref in C.REAL_FIRST_BIAS.items() if name in ws.params}
    w = ws.params["conv1_1"][0]
    k = legacy_kernel_to_modern(w[:1, :1])[:, :, 0, 0] if ws.layout == LEGACY else w[:, :, 0, 0]
    ref = np.asarray(C.REAL_CONV1_1_KERNEL_00, dtype=np.float64)
    return {"first_bias": first,
            "conv1_1_filter_0": float(np.linalg.norm(k - ref) / np.linalg.norm(ref))}
