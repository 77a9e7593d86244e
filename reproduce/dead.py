"""Filters that stay at 0: the companion script's comment ("some filters get stuck at 0"), not a
claim of the post, measured on the network itself over every conv filter.

A filter is dead at the start image when every one of its activations is 0 on the blog's start
image (grey noise, raw 128 + 0..20 in every channel, what the 2016 script fed without subtracting
the means: a bright, nearly flat field), so its gradient is 0 and the ascent never leaves the
start; it is dead on photos when it is also 0 on every photo the project ships (common/photos.py,
each as the network's input). A filter dead at the start but alive on photos is one the blog's
start image cannot wake, not a dead unit. TensorFlow, imported when called; the model is
keras.applications' VGG16 (modern names).
"""

import numpy as np

from common.images import initial_image
from common.layers import conv_layer_names
from common.photos import photo_input, photo_names
from reproduce.verdicts import SCRIPT, ClaimResult


def alive(model, seed=0):
    """{legacy layer name: bool (1 + photos, filters)}: whether each filter has an activation
    above 0 on the start image (row 0) and on each bundled photo."""
    import keras

    size = tuple(model.input_shape[1:3])
    images = np.stack([initial_image(size, seed, 0)] + [photo_input(name, size) for name in photo_names()])
    names = conv_layer_names("modern")
    outputs = keras.Model(model.inputs, [model.get_layer(n).output for n in names])([images])
    return {legacy: np.asarray(a).max(axis=(1, 2)) > 0 for legacy, a in zip(conv_layer_names(), outputs)}


def dead_filters(model, seed=0):
    """{legacy layer name: (dead at the start image, dead on every photo too, filters)}."""
    return {k: (int((~a[0]).sum()), int((~a.any(axis=0)).sum()), a.shape[1])
            for k, a in alive(model, seed).items()}


def dead_filters_claim(model, seed=0):
    dead = dead_filters(model, seed)
    start, photos = sum(d for d, _, _ in dead.values()), sum(p for _, p, _ in dead.values())
    n = sum(t for _, _, t in dead.values())
    return ClaimResult(
        claim="Some filters stay at 0 from grey noise", source=SCRIPT, value=float(start),
        baseline=float(photos), holds=start > 0, n=n, counts={k: t for k, (_, _, t) in dead.items()},
        measure="filters whose every activation is 0 at the blog's start image (grey noise of "
                "128 + 0..20), per layer (dead / of them also 0 on every bundled photo / filters): "
                + ", ".join(f"{k} {d}/{p}/{t}" for k, (d, p, t) in dead.items() if d)
                + "; baseline: the filters 0 on the photos too (dead units rather than asleep)")
