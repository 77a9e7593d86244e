"""A stand-in pipeline and runner for the fast tests of reproduce/: the real Pipeline's
interface (name, input_shape, to_nhwc, deprocess_image, visualize_filters, visualize_class)
on hand-made 8x8 results, with no model and no TensorFlow."""

import dataclasses
import types

import numpy as np

from common.ascent import AscentResult
from common.images import deprocess_hwc
from common.layers import TOP_INPUT_SIZE
from reproduce.plan import TINY

SIZE = 8
SETTINGS = dataclasses.replace(TINY, size=SIZE)


def result(index, dead=False, nonfinite=False, size=SIZE):
    """A hand-made (size, size, 3) float32 result whose final loss grows with its index."""
    img = np.full((size, size, 3), 100.0 + index, np.float32)
    losses = [] if nonfinite else [float(index), float(index) + 0.5]
    return AscentResult(index, img, losses, dead, nonfinite, 0.25)


def pipeline(calls, dead=(), nonfinite=()):
    """A modern-layout stand-in that records each visualize_* call in `calls`."""

    def visualize_filters(model, layer, indices, steps, step, seed, batch_size=None, progress=None,
                          on_result=None, start=None, method="2016"):
        calls.append(("filters", layer, list(indices), batch_size) + (() if method == "2016" else (method,)))
        for i in indices:
            on_result(result(i, i in dead, i in nonfinite))
            if progress is not None:
                progress(1)

    def visualize_class(model, index, steps, step, seed):
        calls.append(("class", index))
        return result(index, size=TOP_INPUT_SIZE)  # classes: always at 224x224

    return types.SimpleNamespace(
        name="modern", input_shape=lambda size: (size, size, 3), to_nhwc=lambda x: x,
        deprocess_image=deprocess_hwc, visualize_filters=visualize_filters,
        visualize_class=visualize_class)


class Bar:
    """common.progress.Progress's two counts: items worked on (add) and found done (skip)."""

    def __init__(self):
        self.n = self.skipped = 0

    def add(self, n=1):
        self.n += n

    def skip(self, n=1):
        self.n += n
        self.skipped += n
