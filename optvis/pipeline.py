"""What a pipeline is, to the code that runs either one: the one interface through which the
command line, `make reproduce`, the bench and the atlas reach the legacy (2016, channels-first)
and the modern (keras.applications, channels-last) VGG16.

A Pipeline holds what differs between the two, and only that: the layout of the network's input,
the model, how its weight file is read and loaded, and the 2016 method's objective and ascent
(`ascend_filters`, `ascend_class`: the 2016 loop in legacy/, the batched engine in modern/).
Everything both do with those parts is written here once: the seeded start images, the checks,
and the choice of method (the 2016 one in the pipeline's own engine, the others in
optvis/render.py on the pipeline's model). Each pipeline describes itself once (`PIPELINE` in
legacy/visualize.py and modern/visualize.py); app/pipelines.py is the only module that holds
both. Nothing outside those files asks which pipeline it runs: it asks the description.
"""

import dataclasses
from typing import Callable

import numpy as np

from common.ascent import check_class, check_filters, check_steps, finished
from common.errors import ArgumentError
from common.images import DEFAULT_SEED, deprocess_hwc, initial_image
from optvis.methods import DEFAULT_METHOD, with_defaults
from optvis.render import render_class, render_filters


@dataclasses.dataclass(frozen=True)
class Pipeline:
    name: str  # "legacy" or "modern": output folders, cache keys, sidecars
    channel_axis: int  # 1 for (B, 3, H, W), -1 for (B, H, W, 3)
    head_layer: str  # the softmax layer of the class objective: "fc8" or "predictions"
    kernel_conventions: tuple  # conventions its weight file's kernels may follow; () if one only
    weight_file: str  # file name of the full VGG16 (with the dense head), as its source names it
    # (path, include_top) -> WeightSet in this pipeline's layout, read whole and checked
    read_weights: Callable
    # (include_top, size) -> an unweighted Keras model with a size x size input
    build: Callable
    # (model, WeightSet, kernels) -> the file's summary dict; kernels ignored with one convention
    load: Callable
    # (model, layer names) -> a Keras model from the input to those layers' outputs, in this
    # layout ((B, C, h, w) or (B, h, w, C) for a conv or pool layer)
    feature_model: Callable
    # network input of this layout ((3, H, W) or (H, W, 3)) <-> (H, W, 3)
    to_nhwc: Callable
    from_nhwc: Callable
    # (layer, size, count, requested) -> filters per compiled step of the 2016 method: legacy runs
    # its loop one at a time unless asked, modern fills the memory (common/cost.py)
    batch_size: Callable
    # The 2016 method in this pipeline's engine, after the checks:
    # (model, layer name, indices, steps, step, start_image(i), batch_size, done(result), freeze)
    # -> [AscentResult], and (model, class_index, steps, step, x0 (1, *input)) -> AscentResult
    ascend_filters: Callable
    ascend_class: Callable

    def input_shape(self, size):
        """The model's input shape (no batch axis) for a size x size image."""
        return tuple(self.from_nhwc_shape((size, size, 3)))

    def from_nhwc_shape(self, hwc):
        return (hwc[2], hwc[0], hwc[1]) if self.channel_axis == 1 else tuple(hwc)

    def input_size(self, model):
        """(H, W) of the model's input, whichever its layout."""
        return tuple(self.to_nhwc_shape(model.input_shape[1:])[:2])

    def to_nhwc_shape(self, shape):
        return (shape[1], shape[2], shape[0]) if self.channel_axis == 1 else tuple(shape)

    def build_model(self, include_top, size, weights, kernels=None):
        """(model, weight summary): the VGG16 at size x size (224 with the head), with `weights`
        (a WeightSet already read by read_weights, or a path) loaded. kernels: the convention of
        the file's kernels where the layout has several (kernel_conventions); None for the
        layout's default."""
        model = self.build(include_top, size)
        if isinstance(weights, str):
            weights = self.read_weights(weights, include_top)
        return model, self.load(model, weights, kernels)

    def start_image(self, model, seed, index):
        """The shared seeded start image (common/images.py initial_image) in this layout."""
        return self.from_nhwc(initial_image(self.input_size(model), seed, index))

    def starts(self, model, seed, start):
        """Filter i's start image: the blog's seeded grey noise, or, when `start` is given (an
        (H, W, 3) channels-last network input, e.g. a photo from common.photos), that image for
        every filter (the blog's "Convnet dreams")."""
        if start is None:
            return lambda i: self.start_image(model, seed, i)
        x0 = self.from_nhwc(np.asarray(start, np.float32))
        if x0.shape != tuple(model.input_shape[1:]):
            raise ArgumentError(f"--image: the start image is {x0.shape}, the model takes "
                                f"{tuple(model.input_shape[1:])}")
        return lambda i: x0

    def deprocess_image(self, x):
        """The 2016 deprocess_image: a network input of this layout -> (H, W, 3) uint8 (channels
        as is)."""
        return deprocess_hwc(self.to_nhwc(x))

    def visualize_filters(self, model, layer, filter_indices, steps=None, step=None, seed=DEFAULT_SEED,
                          progress=None, batch_size=None, on_result=None, start=None, freeze=None,
                          method=DEFAULT_METHOD):
        """Gradient ascent on the filters of `layer`; a list of AscentResult, in order.

        progress(n) and on_result(AscentResult) are told of each filter as it finishes. start: an
        (H, W, 3) network input (e.g. a photo) to start every filter from, instead of the seeded
        grey noise. freeze: run the step frozen (common/graph.py) or as traced; None: frozen for
        a job of FREEZE_MIN_FILTER_STEPS filter-steps or more. method: "2016" (the pipeline's
        engine; batch_size None: the pipeline's choice) or "fourier" / "maco" (optvis/render.py);
        steps and step None take the method's (2016: 20 steps of size 1.0)."""
        steps, step = with_defaults(method, steps, step)
        if method != DEFAULT_METHOD:
            return render_filters(self, model, layer, filter_indices, method, steps, step, seed,
                                  batch_size, progress, on_result, freeze, start=start)
        check_steps(steps, step)
        name = check_filters(model, layer, filter_indices, self.name, self.channel_axis)
        batch_size = self.batch_size(name, self.input_size(model)[0], len(filter_indices), batch_size)
        return self.ascend_filters(model, name, list(filter_indices), steps, step,
                                   self.starts(model, seed, start), batch_size,
                                   finished(progress, on_result), freeze)

    def visualize_filter(self, model, layer, filter_index, steps=None, step=None, seed=DEFAULT_SEED,
                         start=None, method=DEFAULT_METHOD):
        """The blog's single filter (e.g. conv5_1 filter 0); returns an AscentResult."""
        return self.visualize_filters(model, layer, [filter_index], steps, step, seed, start=start,
                                      method=method)[0]

    def visualize_class(self, model, class_index, steps=None, step=None, seed=DEFAULT_SEED, start=None,
                        method=DEFAULT_METHOD):
        """Maximise the softmax probability of an ImageNet class with the full 224x224 model
        (from grey noise, or from `start`, an (H, W, 3) network input such as a photo); method as
        for visualize_filters."""
        steps, step = with_defaults(method, steps, step)
        if method != DEFAULT_METHOD:
            return render_class(self, model, class_index, method, steps, step, seed, start)
        check_steps(steps, step)
        check_class(model, class_index, self.head_layer)
        x0 = self.starts(model, seed, start)(class_index)[None]
        return self.ascend_class(model, class_index, steps, step, x0)
