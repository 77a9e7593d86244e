"""The batched engine's bookkeeping (modern/ascent.py stream_ascent), on a stand-in step whose
losses are known in advance, and on the synthetic VGG16: refilled slots give the same pictures."""

import numpy as np
import pytest
import tensorflow as tf

from modern.ascent import gradient_ascent, stream_ascent
from modern.visualize import PIPELINE as MV

NAN_INDEX = 99


class CountingStep:
    """A stand-in compiled step: every image's pixels count the steps it has had (x += 1), and
    filter i's loss is i - that count, so filter i dies (loss <= 0) at its (i + 1)-th step;
    NAN_INDEX gives a NaN loss. Records the batch of every call."""

    def __init__(self):
        self.batches = []

    def __call__(self, x, index, step):
        self.batches.append(index.numpy().tolist())
        count = tf.reduce_mean(x, axis=[1, 2, 3])
        loss = tf.cast(index, tf.float32) - count
        loss = tf.where(index == NAN_INDEX, np.float32(np.nan), loss)
        finite = tf.math.is_finite(loss)
        return loss, tf.where(finite[:, None, None, None], x + step, x), finite


def _start(i):
    return np.zeros((2, 2, 3), np.float32)


def test_finished_filters_hand_their_slot_to_the_next():
    step = CountingStep()
    finished = []
    indices = [0, 7, 2, NAN_INDEX, 9, 1, 8]
    results = stream_ascent(step, _start, indices, batch_size=3, steps=5,
                            on_result=finished.append)
    assert [r.index for r in results] == indices  # in the order asked, whatever the finish order
    assert sorted(r.index for r in finished) == sorted(indices)  # each told once
    by_index = {r.index: r for r in results}
    assert by_index[0].dead and by_index[0].losses == [0.0]
    assert by_index[2].dead and by_index[2].losses == [2.0, 1.0, 0.0]
    assert by_index[1].dead and len(by_index[1].losses) == 2
    assert by_index[NAN_INDEX].nonfinite and by_index[NAN_INDEX].losses == []
    for i in (7, 8, 9):  # live: all 5 steps, image moved 5 times
        assert not by_index[i].dead and by_index[i].losses == [i - k for k in range(5)]
        np.testing.assert_array_equal(by_index[i].image, 5.0)
    # Never more than 3 in flight, full while work remains, and no step spent on a finished
    # filter: the images stepped are exactly the steps the filters report (+ the NaN one's).
    sizes = [len(b) for b in step.batches]
    assert max(sizes) == 3 and all(n == 3 for n in sizes[:4])
    assert sum(sizes) == sum(len(r.losses) for r in results) + 1


def test_gradient_ascent_keeps_the_index_for_each_image():
    """The fixed-batch entry (used for classes) passes the objective's index, not a position."""
    step = CountingStep()
    x0 = np.zeros((2, 2, 2, 3), np.float32)
    a, b = gradient_ascent(step, x0, [7, 7], steps=2)
    assert step.batches[0] == [7, 7] and a.losses == b.losses == [7.0, 6.0]


def test_refilled_batch_equals_one_at_a_time(modern_conv):
    """7 filters through 3 slots (slots refilled twice): the same pictures as alone.
    Tolerance as in test_visualize.py: another batch blocking rounds differently (~1e-6)."""
    filters = [0, 1, 2, 3, 4, 5, 6]
    batched = MV.visualize_filters(modern_conv, "conv5_1", filters, steps=3, batch_size=3)
    for f, r in zip(filters, batched):
        alone = MV.visualize_filters(modern_conv, "conv5_1", [f], steps=3, batch_size=1)[0]
        assert r.index == alone.index == f and r.dead == alone.dead
        np.testing.assert_allclose(r.losses, alone.losses, rtol=1e-4)
        np.testing.assert_allclose(r.image, alone.image, rtol=0,
                                   atol=1e-3 * np.abs(alone.image).max())
        assert r.seconds > 0


def test_bad_batch_size(modern_conv):
    from common.errors import ArgumentError

    with pytest.raises(ArgumentError, match="--batch-size 0"):
        MV.visualize_filters(modern_conv, "conv5_1", [0], steps=1, batch_size=0)


def test_step_runs_the_truncated_model_and_no_weight_gradient(modern_conv):
    """The graph TensorFlow runs for the step, after its optimisations: the 11 convolutions up to
    conv5_1 (not all 13 of the model), each one's input gradient, and no kernel gradient.
    (The traced graph does hold Conv2DBackpropFilter ops, since Conv2D's gradient function makes
    both; they feed no output and the optimiser prunes them. This checks the pruned graph,
    through the run metadata of TensorFlow's eager context, a private but stable API.)"""
    from tensorflow.python.eager import context

    from modern.ascent import make_step
    from modern.objectives import filter_objective

    context.enable_run_metadata()
    try:
        step = make_step(filter_objective(modern_conv, "block5_conv1"), (128, 128, 3))
        step(tf.zeros((1, 128, 128, 3)), tf.constant([0]), tf.constant(1.0))
        metadata = context.export_run_metadata()
    finally:
        context.disable_run_metadata()
    graphs = [[n.op for n in g.post_optimization_graph.node] for g in metadata.function_graphs]
    ops = max(graphs, key=lambda g: g.count("Conv2DBackpropInput"))
    assert ops.count("Conv2D") + ops.count("_FusedConv2D") == 11
    assert ops.count("Conv2DBackpropInput") == 11  # down to the image: conv1_1's input gradient
    assert ops.count("Conv2DBackpropFilter") == 0


def test_step_is_frozen_and_computes_what_it_traced(modern_conv):
    """The production step (frozen: common/graph.py) against the graph it was traced from, with
    variables, at batch 1 and 4."""
    from helpers import assert_frozen_like_traced

    from modern.ascent import make_step
    from modern.objectives import filter_objective

    step = make_step(filter_objective(modern_conv, "block5_conv1"), modern_conv.input_shape[1:],
                     frozen=True)
    assert_frozen_like_traced(step, lambda b: (
        tf.constant(np.stack([MV.start_image(modern_conv, 0, i) for i in range(b)])),
        tf.constant(np.arange(b, dtype=np.int32)), tf.constant(1.0)))
