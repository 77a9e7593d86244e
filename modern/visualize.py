"""What inputs maximise VGG16's filters and classes, the modern way: keras.applications VGG16,
channels-last, one compiled step that runs a batch of filters (see modern/ascent.py).

What it reproduces: the same figures as legacy/visualize.py, whose public functions this module
mirrors; `python -m modern.visualize --help` for the command line.
"""

import sys

import numpy as np

from common.ascent import (
    GRID_FILTERS,
    check_class,
    check_filters,
    check_steps,
    compiled_step,
    finished,
    make_grid,
)
from common.cost import choose_batch_size
from common.images import DEFAULT_SEED, deprocess_hwc, initial_image
from common.layers import INPUT_CHANNELS
from common.layout import MODERN_CHANNEL_AXIS
from common.pipeline import Pipeline
from optvis.methods import DEFAULT_METHOD, method_deprocess, with_defaults
from optvis.render import render_class, render_filters
from weights.h5files import KERAS_FILENAME

__all__ = ["CHANNEL_AXIS", "NAME", "PIPELINE", "deprocess_image", "filter_grid", "input_size", "main",
           "start_image", "visualize_class", "visualize_filter", "visualize_filters"]

NAME = "modern"
CHANNEL_AXIS = MODERN_CHANNEL_AXIS
# modern.ascent and modern.objectives import TensorFlow; they are imported on first use so that
# `--help` and argument errors answer at once.


def input_size(model):
    """(H, W) of the model's (H, W, 3) input."""
    return tuple(model.input_shape[1:3])


def start_image(model, seed, index):
    """The shared seeded start image, (H, W, 3)."""
    return initial_image(input_size(model), seed, index)


def _starts(model, seed, start):
    """Filter i's start image: the blog's seeded grey noise, or, when `start` is given (an
    (H, W, 3) channels-last network input, e.g. a photo from common.photos), that image for every
    filter (the blog's "Convnet dreams")."""
    if start is None:
        return lambda i: start_image(model, seed, i)
    x0 = np.asarray(start, np.float32)
    if x0.shape != tuple(model.input_shape[1:]):
        from common.errors import ArgumentError

        raise ArgumentError(f"--image: the start image is {x0.shape}, the model takes "
                            f"{tuple(model.input_shape[1:])}")
    return lambda i: x0


def deprocess_image(x):
    """The 2016 deprocess_image: (H, W, 3) network input -> (H, W, 3) uint8 (channels as is)."""
    return deprocess_hwc(x)


def visualize_filters(model, layer, filter_indices, steps=None, step=None,
                      seed=DEFAULT_SEED, progress=None, batch_size=None, on_result=None,
                      start=None, freeze=None, method=DEFAULT_METHOD):
    """Gradient ascent on many filters with the batched engine (modern/ascent.py stream_ascent).

    batch_size: images per compiled step; None chooses it from the available memory
    (common/cost.py choose_batch_size). progress(n) and on_result(AscentResult) are told of each
    filter as it finishes. start: an (H, W, 3) network input (e.g. a photo) to start every
    filter from, instead of the seeded grey noise. freeze: run the step frozen (common/graph.py)
    or as traced; None: frozen for a job of FREEZE_MIN_FILTER_STEPS filter-steps or more.
    method: "2016" (this engine), or "fourier" / "maco" (optvis/render.py, written once for both
    pipelines); steps and step None take the method's (2016: 20 steps of size 1.0).
    """
    steps, step = with_defaults(method, steps, step)  # None: the method's (2016: 20 steps of 1.0)
    if method != DEFAULT_METHOD:  # optvis/: the same code for both pipelines
        return render_filters(PIPELINE, model, layer, filter_indices, method, steps, step, seed,
                              batch_size, progress, on_result, freeze, start=start)
    check_steps(steps, step)
    name = check_filters(model, layer, filter_indices, NAME, CHANNEL_AXIS)
    batch_size = choose_batch_size(name, input_size(model)[0], len(filter_indices), batch_size)
    from modern.ascent import make_step, stream_ascent
    from modern.objectives import filter_objective

    step_fn = compiled_step(model, ("filter", name), len(filter_indices) * steps,
                            lambda frozen: make_step(filter_objective(model, name),
                                                     model.input_shape[1:], frozen=frozen), freeze)
    return stream_ascent(step_fn, _starts(model, seed, start), list(filter_indices),
                         batch_size, steps, step, finished(progress, on_result))


def visualize_filter(model, layer, filter_index, steps=None, step=None,
                     seed=DEFAULT_SEED, start=None, method=DEFAULT_METHOD):
    """The blog's single filter (e.g. conv5_1 filter 0); returns an AscentResult."""
    return visualize_filters(model, layer, [filter_index], steps, step, seed, start=start, method=method)[0]


def visualize_class(model, class_index, steps=None, step=None,
                    seed=DEFAULT_SEED, start=None, method=DEFAULT_METHOD):
    """Maximise the softmax probability of an ImageNet class with the full 224x224 model
    (from grey noise, or from `start`, an (H, W, 3) network input such as a photo); method as
    for visualize_filters."""
    steps, step = with_defaults(method, steps, step)
    if method != DEFAULT_METHOD:  # optvis/: the same code for both pipelines
        return render_class(PIPELINE, model, class_index, method, steps, step, seed, start)
    check_steps(steps, step)
    check_class(model, class_index, "predictions")
    from modern.ascent import gradient_ascent, make_step
    from modern.objectives import class_objective

    step_fn = compiled_step(model, ("class",), steps,
                            lambda frozen: make_step(class_objective(model), model.input_shape[1:],
                                                     frozen=frozen))
    x0 = _starts(model, seed, start)(class_index)[None]
    return gradient_ascent(step_fn, x0, [class_index], steps, step)[0]


def filter_grid(model, layer, filters=range(GRID_FILTERS), rows=8, cols=8,
                steps=None, step=None, seed=DEFAULT_SEED, progress=None,
                batch_size=None, on_result=None, start=None, method=DEFAULT_METHOD):
    """The companion script's grid: the best rows x cols live filters among `filters`."""
    results = visualize_filters(model, layer, list(filters), steps, step, seed, progress,
                                batch_size, on_result, start, method=method)
    return make_grid(results, rows, cols, method_deprocess(PIPELINE, method))


def main(argv=None):
    from cli.visualize import main as visualize_main  # the command line, handed this pipeline

    return visualize_main(argv, PIPELINE)


# --- this pipeline, described for the code that runs either one (common/pipeline.py) ------------

def _read_weights(path, include_top):
    from weights.keras_file import read_keras

    return read_keras(path, include_top=include_top)


def _build(include_top, size):
    from modern.model import build_vgg16  # imports Keras: on first use only

    return build_vgg16(include_top=include_top, input_shape=(size, size, INPUT_CHANNELS))


def _load(model, weights, kernels):
    """keras.applications files have one kernel convention: `kernels` does not apply."""
    from modern.load import load_weights

    return load_weights(model, weights)


def _identity(x):
    return x


def _feature_model(model, names):
    from modern.model import feature_model  # imports Keras: on first use only

    return feature_model(model, names)


def _batch_size(layer, size, count, requested):
    """As many filters per compiled step as the memory holds (common/cost.py)."""
    return choose_batch_size(layer, size, count, requested)


PIPELINE = Pipeline(
    name=NAME, channel_axis=CHANNEL_AXIS, head_layer="predictions", kernel_conventions=(),
    read_weights=_read_weights, build=_build, load=_load, to_nhwc=_identity,
    from_nhwc=_identity, batch_size=_batch_size, visualize_filters=visualize_filters,
    visualize_filter=visualize_filter, visualize_class=visualize_class, filter_grid=filter_grid,
    deprocess_image=deprocess_image, weight_file=KERAS_FILENAME, feature_model=_feature_model)


if __name__ == "__main__":
    sys.exit(main())
