"""The legacy gradient ascent: the 2016 loop, one filter at a time."""

import numpy as np
from helpers import assert_loss_climbs

from common.ascent import compiled
from legacy.visualize import PIPELINE as LV
from modern.visualize import PIPELINE as MV


def test_start_image_is_the_modern_one_transposed(legacy_conv, modern_conv):
    for index in (0, 65):
        np.testing.assert_array_equal(LV.start_image(legacy_conv, 3, index),
                                      MV.start_image(modern_conv, 3, index).transpose(2, 0, 1))


def test_loss_rises_and_deprocess_gives_hwc_uint8(legacy_conv):
    r = LV.visualize_filter(legacy_conv, "conv5_1", 1)
    assert r.image.shape == (3, 128, 128) and not r.dead
    assert_loss_climbs(r.losses, monotonic=True)
    img = LV.deprocess_image(r.image)
    assert img.shape == (128, 128, 3) and img.dtype == np.uint8 and img.std() > 5


def test_class_probability_rises(legacy_full):
    r = LV.visualize_class(legacy_full, 18, steps=8)
    assert_loss_climbs(r.losses, by=5, steps=8)


def test_filter_ascent_from_a_photo_matches_modern(legacy_conv, modern_conv):
    """The blog's "Convnet dreams": both pipelines start from the same photo (channels-last in,
    transposed for legacy) and climb the same loss. Tolerance: the two layouts round differently
    (~1e-6 relative per layer, see tests/test_equivalence.py); 2 steps keep it near that."""
    from common.photos import photo_input

    photo = photo_input("cat", 128)
    lr = LV.visualize_filter(legacy_conv, "conv5_1", 0, steps=2, start=photo)
    mr = MV.visualize_filter(modern_conv, "conv5_1", 0, steps=2, start=photo)
    np.testing.assert_allclose(lr.losses, mr.losses, rtol=1e-4)
    assert_loss_climbs(lr.losses, steps=2)
    noise = LV.visualize_filter(legacy_conv, "conv5_1", 0, steps=1)
    assert abs(noise.losses[0] - lr.losses[0]) > 1e-3 * abs(lr.losses[0])  # the photo was used


def test_a_shrinking_batch_does_not_retrace_per_call(legacy_conv):
    """Stopped filters leave the 2016 loop's batch, so `iterate` sees batches of every size; its
    reduce_retracing generalises the batch axis after the second size, and no later size or
    call traces again (measured: 2 traces for any mix of sizes)."""
    LV.visualize_filters(legacy_conv, "conv5_1", [0, 1, 2], steps=1, batch_size=3)
    LV.visualize_filters(legacy_conv, "conv5_1", [3, 4], steps=1, batch_size=2)
    iterate = compiled(legacy_conv, ("filter", "conv5_1"), None)
    before = iterate.experimental_get_tracing_count()
    LV.visualize_filters(legacy_conv, "conv5_1", [5, 6, 7, 8, 9], steps=2, batch_size=5)
    LV.visualize_filter(legacy_conv, "conv5_1", 10, steps=2)
    assert iterate.experimental_get_tracing_count() == before <= 2
