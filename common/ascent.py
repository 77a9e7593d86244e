"""What the two gradient-ascent pipelines share: the result record, the companion script's choice
of filters for a grid, and the 2016 stopping rule. The tensor work is in legacy/ and modern/.
"""

import dataclasses
import weakref

import numpy as np

from common.args import check_batch_size, check_class_index, check_index
from common.errors import ArgumentError
from common.images import GRID_MARGIN, missing_cell, stitch
from common.layers import layer_name

# common.graph imports TensorFlow, so it is imported where a step is made: every command imports
# this module at start, and `--help` and argument errors answer without TensorFlow.

# The 2016 gradient-ascent recipe (the blog and its companion script conv_filter_visualization.py).
BLOG_INPUT_SIZE = 128  # the blog's filter visualisations use 128x128
ASCENT_STEPS = 20
ASCENT_STEP_SIZE = 1.0
GRAD_EPSILON = 1e-5  # g / (sqrt(mean(g**2)) + 1e-5)
GRID_FILTERS = 200  # the companion script tries the first 200 filters of conv5_1
CLASS_SEA_SNAKE = 65  # n01751748
CLASS_MAGPIE = 18  # n01582220


@dataclasses.dataclass
class AscentResult:
    """One filter's (or class's) gradient ascent.

    image: the final input in the pipeline's own layout ((3, H, W) legacy, (H, W, 3) modern),
      BGR on the network's 0-255 scale.
    losses: the loss computed at each step, of the image before that step's update, as the
      2016 script printed it; shorter than `steps` when the filter died and the loop stopped.
    dead: the loss reached <= 0 (all activations zero, zero gradient); the 2016 script dropped it.
    nonfinite: the image or gradient became NaN/Inf; the run stopped that filter.
    seconds: the wall time of its steps (its share of each batched step).
    """

    index: int
    image: np.ndarray
    losses: list
    dead: bool
    nonfinite: bool = False
    seconds: float = 0.0

    @property
    def final_loss(self):
        return self.losses[-1] if self.losses else 0.0


def check_steps(steps, step):
    if int(steps) != steps or steps <= 0:
        raise ArgumentError(f"--steps {steps}: expected a positive whole number of steps")
    if not np.isfinite(step) or step <= 0:
        raise ArgumentError(f"--step {step}: expected a positive step size (2016 used 1.0)")


def stopped(loss):
    """The 2016 rule: a filter whose loss is <= 0 is stuck at zero; stop it."""
    return not loss > 0


@dataclasses.dataclass
class Grid:
    """The companion script's figure: the best live filters, stitched."""

    image: np.ndarray  # (H, W, 3) uint8
    kept: list  # filter indices in the grid, best loss first
    dead: list  # filter indices whose loss reached 0
    nonfinite: list  # filter indices stopped on NaN/Inf
    losses: dict  # {filter index: loss history}


def make_grid(results, rows, cols, to_hwc_uint8, margin=GRID_MARGIN):
    """Keep the live filters, best final loss first, and stitch the best rows x cols.

    With fewer live filters than cells the grid is filled in loss order and each cell left over
    is marked as such (common.images.missing_cell; the 2016 script crashed there); the dead
    filters are reported, not hidden.
    """
    live = [r for r in results if not r.dead and not r.nonfinite]
    live.sort(key=lambda r: (-r.final_loss, r.index))  # ties broken by index: deterministic
    chosen = live[: rows * cols]
    images = [to_hwc_uint8(r.image) for r in chosen]
    h, w = (images[0] if images else to_hwc_uint8(results[0].image)).shape[:2]
    images += [missing_cell(h, w)] * (rows * cols - len(images))
    grid = stitch(images, rows, cols, margin)
    return Grid(
        image=grid,
        kept=[r.index for r in chosen],
        dead=sorted(r.index for r in results if r.dead),
        nonfinite=sorted(r.index for r in results if r.nonfinite),
        losses={r.index: [float(v) for v in r.losses] for r in results},
    )


def resolve_filter_layer(model, layer, pipeline, channel_axis):
    """(name in the pipeline's spelling, number of filters) of a layer the model has.

    Raises ArgumentError for an unknown layer (listing the valid names) or one the model lacks
    (e.g. fc6 in the conv-only model).
    """
    name = layer_name(layer, pipeline)
    present = [x.name for x in model.layers]
    if name not in present:
        raise ArgumentError(
            f"--layer {layer!r}: this model has no such layer (the dense layers need the full "
            f"model at 224x224); choose one of: {', '.join(n for n in present if n[:1] in 'cbf')}"
        )
    shape = model.get_layer(name).output.shape
    return name, int(shape[channel_axis] if len(shape) == 4 else shape[-1])


_COMPILED = weakref.WeakKeyDictionary()  # model -> {objective key: traced step or iterate}


def compiled(model, key, make):
    """The traced step of an objective, made once per model and objective key. A step holds the
    weights the model had when it was made (common/graph.py folds them into constants): the
    loaders call forget_compiled after setting new ones."""
    per_model = _COMPILED.setdefault(model, {})
    if key not in per_model:
        per_model[key] = make()
    return per_model[key]


def compiled_step(model, key, work, make, freeze=None):
    """The step of an objective for a job of `work` filter-steps: frozen (make(True); see
    common/graph.py) when the job repays the seconds freezing costs, or when a frozen one exists
    already; otherwise as traced (make(False)). freeze True or False decides instead."""
    from common.graph import FREEZE_MIN_FILTER_STEPS

    frozen = (*key, "frozen")
    if freeze is None:
        freeze = frozen in _COMPILED.get(model, {}) or work >= FREEZE_MIN_FILTER_STEPS
    if freeze:
        return compiled(model, frozen, lambda: make(True))
    return compiled(model, key, lambda: make(False))


def forget_compiled(model):
    """Drop the model's compiled steps (its weights have changed)."""
    _COMPILED.pop(model, None)


def check_filters(model, layer, filter_indices, pipeline, channel_axis):
    """The layer's name in the pipeline's spelling, after checking every filter index."""
    name, count = resolve_filter_layer(model, layer, pipeline, channel_axis)
    for i in filter_indices:
        check_index(i, count, f"--filter (layer {name} has {count} filters)")
    return name


def check_class(model, class_index, head_layer):
    if not any(layer.name == head_layer for layer in model.layers):
        raise ArgumentError("--class needs the full model with the dense head (include_top=True)")
    check_class_index(class_index)


def finished(progress=None, on_result=None):
    """One callback for each finished filter: progress(1) and on_result(result); None if neither."""
    if progress is None and on_result is None:
        return None

    def done(result):
        if on_result is not None:
            on_result(result)
        if progress is not None:
            progress(1)

    return done


def run_batches(run, start_image, indices, batch_size, on_result=None):
    """Run `run(x0 (B, ...), chunk)` over `indices` in chunks of `batch_size`; the list of results.

    start_image(i) gives filter i's start in the pipeline's layout; on_result(result) is told
    of each result as its chunk finishes. (The legacy loop; modern/ascent.py stream_ascent is
    the modern engine.)
    """
    batch_size = check_batch_size(batch_size)
    indices = list(indices)
    results = []
    for start in range(0, len(indices), batch_size):
        chunk = indices[start: start + batch_size]
        done = run(np.stack([start_image(i) for i in chunk]), chunk)
        for r in done:
            if on_result is not None:
                on_result(r)
        results += done
    return results
