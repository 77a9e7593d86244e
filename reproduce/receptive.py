"""The effective receptive field of each conv layer: what the post's "the filters ... start
incorporating information from an increasingly larger spatial extent" says of the network itself.

W. Luo, Y. Li, R. Urtasun, R. Zemel, "Understanding the effective receptive field in deep
convolutional neural networks", NIPS 2016: the effective receptive field (ERF) of a unit is the
mean over inputs of |d a_centre / d x|, the gradient of the unit at the centre of the feature map
with respect to the input picture; it is much smaller than the theoretical one and grows with
depth. Here the unit is the sum of the layer's channels at the centre (their mean objective at one
place), the inputs seeded noise in the network's input range, and the ERF's size the radius from
the centre that holds 50 % (and 90 %) of the mean |gradient| summed over colours. Beside it the
theoretical receptive field (3, 5, 10, 14, 24, 32, 40, 60, 76, 92, 132, 164, 196 px for conv1_1 ...
conv5_3). TensorFlow, imported when called; the model is keras.applications' VGG16 (modern
names) or any keras model with those layer names.
"""

import numpy as np

from common.layers import conv_layer_names, vgg16_layers
from reproduce.verdicts import SIGNIFICANCE, ClaimResult, depth_trend

ERF_INPUTS = 4  # random inputs averaged (Luo et al. average many; 4 give radii within a pixel)
ERF_SEED = 0
INPUT_SCALE = 60.0  # noise std: the order of a mean-subtracted photo's pixel spread
MASS = (0.5, 0.9)


def theoretical_fields():
    """{legacy conv name: theoretical receptive field in pixels}: each 3x3 conv adds 2 x jump,
    each 2x2/2 pool adds 1 x jump and doubles it."""
    size, jump, out = 1, 1, {}
    for layer in vgg16_layers(include_top=False):
        if layer.kind == "conv":
            size += 2 * jump
            out[layer.legacy_name] = size
        elif layer.kind == "pool":
            size, jump = size + jump, 2 * jump
    return out


def mass_radius(erf, mass, centre=None):
    """The radius from `centre` (row, column; default the map's middle) within which `mass` of
    the (H, W) map lies, in pixels."""
    h, w = erf.shape
    cy, cx = ((h - 1) / 2, (w - 1) / 2) if centre is None else centre
    rows, cols = np.mgrid[0:h, 0:w]
    radius = np.hypot(rows - cy, cols - cx).ravel()
    order = np.argsort(radius, kind="stable")
    cumulative = np.cumsum(erf.ravel()[order]) / max(float(erf.sum()), 1e-300)
    return float(radius[order][min(np.searchsorted(cumulative, mass), len(order) - 1)])


def effective_field(model, layer, inputs=ERF_INPUTS, seed=ERF_SEED):
    """((H, W) mean |d (sum of `layer`'s channels at the centre unit) / d input| over seeded
    noise, the centre unit's own centre in input pixels (row, column))."""
    import keras
    import tensorflow as tf

    sub = keras.Model(model.inputs, model.get_layer(layer).output)
    shape = (inputs,) + tuple(model.input_shape[1:])
    x = tf.constant(np.random.default_rng(seed).normal(0, INPUT_SCALE, shape).astype(np.float32))
    with tf.GradientTape() as tape:
        tape.watch(x)
        a = sub(x)  # (B, h, w, C)
        centre = tf.reduce_sum(a[:, a.shape[1] // 2, a.shape[2] // 2, :])
    grad = tape.gradient(centre, x).numpy()  # (B, H, W, 3)
    # unit i of a map pooled by stride s looks at input pixels i * s ... i * s + s - 1
    at = [(n // 2) * (size // n) + (size // n - 1) / 2 for n, size in zip(a.shape[1:3], shape[1:3])]
    return np.abs(grad).sum(axis=3).mean(axis=0), tuple(at)


def receptive_fields(model, layers=None):
    """{legacy name: (radius holding 50 %, radius holding 90 %)} of each conv layer's ERF."""
    out = {}
    for legacy, modern in zip(conv_layer_names(), conv_layer_names("modern")):
        if layers is None or legacy in layers:
            erf, centre = effective_field(model, modern)
            out[legacy] = tuple(mass_radius(erf, m, centre) for m in MASS)
    return out


def receptive_field_claim(model, seed=ERF_SEED):
    fields = receptive_fields(model)
    theory = theoretical_fields()
    depths = [conv_layer_names().index(k) for k in fields]
    rho, null95, p = depth_trend(depths, [r50 for r50, _ in fields.values()], np.random.default_rng(seed))
    return ClaimResult(
        claim="The filters incorporate information from an increasingly larger spatial extent "
              "(network: effective receptive field)",
        value=rho, baseline=null95, holds=bool(rho > 0 and p < SIGNIFICANCE), n=len(fields),
        counts={k: ERF_INPUTS for k in fields}, p=p,
        measure="Spearman correlation of layer depth with the radius holding 50 % of the effective "
                f"receptive field (the mean absolute gradient of the centre unit over {ERF_INPUTS} noise "
                "inputs, Luo et al. 2016), per layer 50 % / 90 % radius and the theoretical field: "
                + ", ".join(f"{k} {a:.0f}/{b:.0f} ({theory[k]})" for k, (a, b) in fields.items())
                + " px; baseline: the 95th percentile with the layers shuffled")
