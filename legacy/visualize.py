"""What inputs maximise VGG16's filters and classes, the 2016 way: channels-first, one filter at
a time, host-side numpy loop (see legacy/ascent.py).

What it reproduces: the blog's `conv5_1_filter_0.png`, the companion script's
`stitched_filters_8x8.png` (best 64 of the first 200 conv5_1 filters), the header's conv5_2 8x3
grid, and the class images for sea snake (65) and magpie (18). This module holds only what the
2016 pipeline does its own way (layout, model, weight file, objective and ascent); what both
pipelines do with those is optvis/pipeline.py's. `python -m legacy.visualize --help` for the
command line.
"""

import sys

from cli.visualize import main as visualize_main  # the command line, handed this pipeline
from common.ascent import compiled_step, run_batches
from common.layers import INPUT_CHANNELS
from common.layout import KERNEL_CONVENTIONS, LEGACY_CHANNEL_AXIS, nchw_to_nhwc, nhwc_to_nchw
from legacy.load import load_weights
from optvis.pipeline import Pipeline
from weights.baraldi import read_baraldi
from weights.h5files import BARALDI_FILENAME

__all__ = ["NAME", "PIPELINE", "main"]

NAME = "legacy"
# legacy.ascent, legacy.model and legacy.objectives import TensorFlow; they are imported on first
# use so that `--help` and argument errors answer at once.


def _ascend_filters(model, name, indices, steps, step, start_image, batch_size, done, freeze):
    """The 2016 loop on each filter in turn (batch_size 1), or on batch_size filters per call."""
    from legacy.ascent import gradient_ascent, make_iterate
    from legacy.objectives import filter_objective

    iterate = compiled_step(model, ("filter", name), len(indices) * steps,
                            lambda frozen: make_iterate(filter_objective(model, name),
                                                        model.input_shape[1:], frozen=frozen), freeze)
    return run_batches(lambda x0, chunk: gradient_ascent(iterate, x0, chunk, steps, step),
                       start_image, indices, batch_size, done)


def _ascend_class(model, class_index, steps, step, x0):
    from legacy.ascent import gradient_ascent, make_iterate
    from legacy.objectives import class_objective

    iterate = compiled_step(model, ("class",), steps,
                            lambda frozen: make_iterate(class_objective(model), model.input_shape[1:],
                                                        frozen=frozen))
    return gradient_ascent(iterate, x0, [class_index], steps, step)[0]


def _read_weights(path, include_top):
    return read_baraldi(path, include_top=include_top)


def _build(include_top, size):
    from legacy.model import build_vgg16

    return build_vgg16(include_top, (INPUT_CHANNELS, size, size))


def _load(model, weights, kernels):
    """kernels None: the default of Baraldi's file (Theano's flipped kernels)."""
    return load_weights(model, weights) if kernels is None else load_weights(model, weights, kernels=kernels)


def _feature_model(model, names):
    from legacy.model import feature_model

    return feature_model(model, names)


def _batch_size(layer, size, count, requested):
    """The 2016 loop runs one filter at a time unless a batch is asked for."""
    return requested or 1


PIPELINE = Pipeline(
    name=NAME, channel_axis=LEGACY_CHANNEL_AXIS, head_layer="fc8", kernel_conventions=KERNEL_CONVENTIONS,
    weight_file=BARALDI_FILENAME, read_weights=_read_weights, build=_build, load=_load,
    feature_model=_feature_model, to_nhwc=nchw_to_nhwc, from_nhwc=nhwc_to_nchw,
    batch_size=_batch_size, ascend_filters=_ascend_filters, ascend_class=_ascend_class)


def main(argv=None):
    return visualize_main(argv, PIPELINE)


if __name__ == "__main__":
    sys.exit(main())
