"""Legacy against modern: layer-by-layer activations, and side-by-side pictures with their
difference."""

import numpy as np

from app.pipelines import PIPELINES
from common.layers import vgg16_layers

COMPARED_KINDS = ("conv", "pool", "dense")
DIFF_GAIN = 4  # the difference image is |legacy - modern| x 4, so small differences show


def worst_relative_differences(legacy_model, modern_model, x_nhwc):
    """{layer: max |legacy - modern| / max |modern|} for every conv, pool and dense layer that
    both models have, on the same input (N, H, W, 3) (the legacy model gets it as NCHW)."""
    legacy, modern = PIPELINES["legacy"], PIPELINES["modern"]
    present = {layer.name for layer in legacy_model.layers}
    names = [s.legacy_name for s in vgg16_layers(True)
             if s.kind in COMPARED_KINDS and s.legacy_name in present]
    a = legacy.feature_model(legacy_model, names).predict(legacy.from_nhwc(x_nhwc), verbose=0)
    b = modern.feature_model(modern_model, names).predict(modern.from_nhwc(x_nhwc), verbose=0)
    result = {}
    for name, la, mo in zip(names, a, b):
        la = legacy.to_nhwc(la) if la.ndim == 4 else la
        if la.shape != mo.shape:
            raise AssertionError(f"{name}: legacy {la.shape} vs modern {mo.shape}")
        result[name] = float(np.abs(la - mo).max() / max(float(np.abs(mo).max()), 1e-30))
    return result


def pixel_difference(a, b):
    """(mean, max) absolute difference of two uint8 images, in grey levels."""
    d = np.abs(a.astype(np.int16) - b.astype(np.int16))
    return float(d.mean()), int(d.max())


def difference(legacy_img, modern_img):
    """|legacy - modern| x DIFF_GAIN, a uint8 image the size of each (the report shows the two
    pictures themselves and links this one)."""
    diff = np.abs(legacy_img.astype(np.int16) - modern_img.astype(np.int16)) * DIFF_GAIN
    return np.clip(diff, 0, 255).astype(np.uint8)
