"""The 2016 loop's bookkeeping (legacy/ascent.py gradient_ascent), on a stand-in `iterate` whose
losses are known in advance: a filter that stops leaves the batch, the others go on unchanged."""

import numpy as np
import tensorflow as tf

from legacy.ascent import gradient_ascent

NAN_INDEX = 99


class CountingIterate:
    """A stand-in 2016 `iterate`: the gradient is 1 everywhere, so every image's pixels count
    the steps it has had (x += step * 1); filter i's loss is i - that count, so filter i stops
    (loss <= 0) at its (i + 1)-th step; NAN_INDEX gives a NaN loss. Records every call's batch."""

    def __init__(self):
        self.batches = []

    def __call__(self, x, index):
        self.batches.append(index.numpy().tolist())
        count = tf.cast(tf.reduce_mean(x, axis=[1, 2, 3]), tf.float32)
        loss = tf.cast(index, tf.float32) - count
        loss = tf.where(index == NAN_INDEX, np.float32(np.nan), loss)
        return loss, tf.ones_like(x)


def test_a_stopped_filter_leaves_the_batch():
    iterate = CountingIterate()
    indices = [0, 7, 2, NAN_INDEX, 9]
    x0 = np.zeros((len(indices), 3, 2, 2))
    results = gradient_ascent(iterate, x0, indices, steps=5, step=1.0)
    by_index = {r.index: r for r in results}
    assert [r.index for r in results] == indices
    assert by_index[0].dead and by_index[0].losses == [0.0]
    assert by_index[2].dead and by_index[2].losses == [2.0, 1.0, 0.0]
    assert by_index[NAN_INDEX].nonfinite and by_index[NAN_INDEX].losses == []
    np.testing.assert_array_equal(by_index[NAN_INDEX].image, 0.0)  # the NaN step is not applied
    for i in (7, 9):  # live: all 5 steps, image moved 5 times
        assert not by_index[i].dead and by_index[i].losses == [i - k for k in range(5)]
        np.testing.assert_array_equal(by_index[i].image, 5.0)
    # The first call holds all five; then only those still running: no step is spent on a
    # filter that stopped (what kept the 200-filter grid at 2.7x the modern engine's time).
    assert iterate.batches == [indices, [7, 2, 9], [7, 2, 9], [7, 9], [7, 9]]
    assert sum(map(len, iterate.batches)) == sum(len(r.losses) for r in results) + 1


def test_the_image_lives_in_float64_on_the_host():
    """As in 2016 (np.random.random is float64): x += g * step is added in float64. A float32
    image could not move: 1e-9 is under half its spacing at 0.1 (7.5e-9)."""
    iterate = CountingIterate()
    (r,) = gradient_ascent(iterate, np.full((1, 3, 2, 2), 0.1), [50], steps=3, step=1e-9)
    g = float(np.float32(1.0) * 1e-9)  # the float32 gradient times the step, as numpy forms it
    assert r.image.dtype == np.float64
    np.testing.assert_array_equal(r.image, ((0.1 + g) + g) + g)
    assert np.float32(0.1) + np.float32(g) == np.float32(0.1)


def test_iterate_is_frozen_and_computes_what_it_traced(legacy_conv):
    """The production `iterate` (frozen, laid out channels-last: common/graph.py) against the
    2016 graph it was traced from, channels-first with variables, at batch 1 and 4."""
    from helpers import assert_frozen_like_traced

    from legacy.ascent import make_iterate
    from legacy.objectives import filter_objective
    from legacy.visualize import PIPELINE

    iterate = make_iterate(filter_objective(legacy_conv, "conv5_1"), legacy_conv.input_shape[1:],
                           frozen=True)
    assert_frozen_like_traced(iterate, lambda b: (
        tf.constant(np.stack([PIPELINE.start_image(legacy_conv, 0, i) for i in range(b)])),
        tf.constant(np.arange(b, dtype=np.int32))))
