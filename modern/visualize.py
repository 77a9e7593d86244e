"""What inputs maximise VGG16's filters and classes, the modern way: keras.applications VGG16,
channels-last, one compiled step that runs a batch of filters (see modern/ascent.py).

What it reproduces: the same figures as legacy/visualize.py. This module holds only what the
modern pipeline does its own way (layout, model, weight file, objective and ascent); what both
pipelines do with those is optvis/pipeline.py's. `python -m modern.visualize --help` for the
command line.
"""

import sys

from cli.visualize import main as visualize_main  # the command line, handed this pipeline
from common.ascent import compiled_step
from common.cost import choose_batch_size
from common.layers import INPUT_CHANNELS
from common.layout import MODERN_CHANNEL_AXIS, identity
from modern.load import load_weights
from optvis.pipeline import Pipeline
from weights.h5files import KERAS_FILENAME
from weights.keras_file import read_keras

__all__ = ["NAME", "PIPELINE", "main"]

NAME = "modern"
# modern.ascent, modern.model and modern.objectives import TensorFlow; they are imported on first
# use so that `--help` and argument errors answer at once.


def _ascend_filters(model, name, indices, steps, step, start_image, batch_size, done, freeze):
    """The batched engine: batch_size filters in flight, a finished one's slot refilled at once."""
    from modern.ascent import make_step, stream_ascent
    from modern.objectives import filter_objective

    step_fn = compiled_step(model, ("filter", name), len(indices) * steps,
                            lambda frozen: make_step(filter_objective(model, name),
                                                     model.input_shape[1:], frozen=frozen), freeze)
    return stream_ascent(step_fn, start_image, indices, batch_size, steps, step, done)


def _ascend_class(model, class_index, steps, step, x0):
    from modern.ascent import gradient_ascent, make_step
    from modern.objectives import class_objective

    step_fn = compiled_step(model, ("class",), steps,
                            lambda frozen: make_step(class_objective(model), model.input_shape[1:],
                                                     frozen=frozen))
    return gradient_ascent(step_fn, x0, [class_index], steps, step)[0]


def _read_weights(path, include_top):
    return read_keras(path, include_top=include_top)


def _build(include_top, size):
    from modern.model import build_vgg16

    return build_vgg16(include_top, (size, size, INPUT_CHANNELS))


def _load(model, weights, kernels):
    """keras.applications files have one kernel convention: `kernels` does not apply."""
    return load_weights(model, weights)


def _feature_model(model, names):
    from modern.model import feature_model

    return feature_model(model, names)


def _batch_size(layer, size, count, requested):
    """As many filters per compiled step as the memory holds (common/cost.py)."""
    return choose_batch_size(layer, size, count, requested)


PIPELINE = Pipeline(
    name=NAME, channel_axis=MODERN_CHANNEL_AXIS, head_layer="predictions", kernel_conventions=(),
    weight_file=KERAS_FILENAME, read_weights=_read_weights, build=_build, load=_load,
    feature_model=_feature_model, to_nhwc=identity, from_nhwc=identity,
    batch_size=_batch_size, ascend_filters=_ascend_filters, ascend_class=_ascend_class)


def main(argv=None):
    return visualize_main(argv, PIPELINE)


if __name__ == "__main__":
    sys.exit(main())
