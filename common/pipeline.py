"""What a pipeline is, to the code that runs either one: the one interface through which the
command line, `make reproduce`, the bench and the atlas reach the legacy (2016, channels-first)
and the modern (keras.applications, channels-last) VGG16.

Each pipeline describes itself once (`PIPELINE` in legacy/visualize.py and modern/visualize.py);
app/pipelines.py is the only module that holds both. Nothing outside those three files asks
which pipeline it runs: it asks the description.
"""

import dataclasses
from typing import Callable


@dataclasses.dataclass(frozen=True)
class Pipeline:
    name: str  # "legacy" or "modern": output folders, cache keys, sidecars
    channel_axis: int  # 1 for (B, 3, H, W), -1 for (B, H, W, 3)
    head_layer: str  # the softmax layer of the class objective: "fc8" or "predictions"
    kernel_conventions: tuple  # conventions its weight file's kernels may follow; () if one only
    # (path, include_top) -> WeightSet in this pipeline's layout, read whole and checked
    read_weights: Callable
    # (include_top, size) -> an unweighted Keras model with a size x size input
    build: Callable
    # (model, WeightSet, kernels) -> the file's summary dict; kernels ignored with one convention
    load: Callable
    # network input of this layout ((3, H, W) or (H, W, 3)) <-> (H, W, 3)
    to_nhwc: Callable
    from_nhwc: Callable
    # (layer, size, count, requested) -> filters per call of visualize_filters: legacy runs the
    # 2016 loop one at a time unless asked, modern fills the memory (common/cost.py)
    batch_size: Callable
    # the public functions of {name}/visualize.py, the same signatures in both
    visualize_filters: Callable
    visualize_filter: Callable
    visualize_class: Callable
    filter_grid: Callable
    deprocess_image: Callable
    # file name of the full VGG16 (with the dense head) in this layout, as its source names it
    weight_file: str = ""
    # (model, layer names) -> a Keras model from the input to those layers' outputs, in this
    # layout ((B, C, h, w) or (B, h, w, C) for a conv or pool layer)
    feature_model: Callable = None

    def input_shape(self, size):
        """The model's input shape (no batch axis) for a size x size image."""
        return tuple(self.from_nhwc_shape((size, size, 3)))

    def from_nhwc_shape(self, hwc):
        return (hwc[2], hwc[0], hwc[1]) if self.channel_axis == 1 else tuple(hwc)

    def build_model(self, include_top, size, weights, kernels=None):
        """(model, weight summary): the VGG16 at size x size (224 with the head), with `weights`
        (a WeightSet already read by read_weights, or a path) loaded. kernels: the convention of
        the file's kernels where the layout has several (kernel_conventions); None for the
        layout's default."""
        model = self.build(include_top, size)
        if isinstance(weights, str):
            weights = self.read_weights(weights, include_top)
        return model, self.load(model, weights, kernels)
