"""Filter and combination dreams (extras/filter_dream.py): the blog's ascent from a photo."""

import pytest

from common.photos import photo_input

pytest.importorskip("keras")
from extras.filter_dream import combination_dream, filter_dream  # noqa: E402
from extras.gradient import gradient_map  # noqa: E402


def test_filter_dream_starts_from_the_photo_and_climbs(modern_conv):
    photo = photo_input("cat", 128)
    results = filter_dream(modern_conv, "conv5_1", [0, 1], photo, steps=3)
    for r in results:
        assert r.losses[-1] > r.losses[0]
        # the first loss is the filter's mean activation on the photo itself
        value = gradient_map(modern_conv, photo, "conv5_1", r.index)[1]
        assert r.losses[0] == pytest.approx(value, rel=1e-5)  # float32, same graph
    combo = combination_dream(modern_conv, "conv5_1", {0: 1.0, 1: 1.0}, photo, steps=2)
    assert combo.losses[0] == pytest.approx(results[0].losses[0] + results[1].losses[0], rel=1e-5)
    assert combo.losses[1] > combo.losses[0]
