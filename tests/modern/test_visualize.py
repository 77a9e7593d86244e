"""The modern gradient ascent: losses rise, a batch equals one-at-a-time, one trace per objective."""

import numpy as np
import pytest
from helpers import assert_loss_climbs

from common.ascent import compiled
from common.errors import ArgumentError
from modern.visualize import PIPELINE as MV


def test_batch_equals_one_at_a_time(modern_conv):
    """Tolerance: a batch runs the convolutions with another blocking, so float rounding differs
    (~1e-6); 3 steps keep the ascent's amplification of it small (measured ~1e-5)."""
    filters = [0, 1, 2, 7]
    batched = MV.visualize_filters(modern_conv, "conv5_1", filters, steps=3, batch_size=4)
    for f, r in zip(filters, batched):
        alone = MV.visualize_filters(modern_conv, "conv5_1", [f], steps=3, batch_size=1)[0]
        assert r.index == alone.index == f and r.dead == alone.dead
        np.testing.assert_allclose(r.losses, alone.losses, rtol=1e-4)
        np.testing.assert_allclose(r.image, alone.image, rtol=0, atol=1e-3 * np.abs(alone.image).max())


def test_loss_rises_for_a_live_filter(modern_conv):
    r = MV.visualize_filter(modern_conv, "conv5_1", 0)
    assert not r.dead and len(r.losses) == 20
    assert_loss_climbs(r.losses, by=2, monotonic=True)


def test_step_is_traced_once_per_objective(modern_conv):
    MV.visualize_filters(modern_conv, "conv5_1", [3], steps=1, batch_size=1)
    step = compiled(modern_conv, ("filter", "block5_conv1"), None)
    before = step.experimental_get_tracing_count()
    MV.visualize_filters(modern_conv, "conv5_1", [4, 5, 6], steps=2, batch_size=3)
    MV.visualize_filter(modern_conv, "block5_conv1", 9, steps=2)
    assert step.experimental_get_tracing_count() == before


def test_bad_arguments(modern_conv):
    with pytest.raises(ArgumentError, match="layer block5_conv1 has 512 filters"):
        MV.visualize_filter(modern_conv, "conv5_1", 512)
    with pytest.raises(ArgumentError, match="--steps"):
        MV.visualize_filter(modern_conv, "conv5_1", 0, steps=0)
    with pytest.raises(ArgumentError, match="dense head"):
        MV.visualize_class(modern_conv, 65)
    with pytest.raises(ArgumentError, match="valid names"):
        MV.visualize_filter(modern_conv, "conv6_1", 0)
