"""The infinite zoom (extras/zoom.py): the centre crop, and seeded frames."""

import numpy as np
import pytest

from common.errors import ArgumentError
from common.photos import photo_input

pytest.importorskip("keras")
from extras import zoom as Z  # noqa: E402
from extras.dream import dream_loss, make_dream_step  # noqa: E402
from extras.settings import Regularizers  # noqa: E402


def test_zoom_in_takes_the_centre():
    # a 8x8 ramp zoomed by 2: the centre 4x4 (rows 2..5) scaled back to 8x8 by bilinear
    # interpolation, whose mean is the centre crop's mean (exact for a linear ramp, up to float32)
    x = np.repeat(np.arange(8, dtype=np.float32)[:, None, None], 8, axis=1).repeat(3, axis=2)
    z = Z.zoom_in(x, 2.0)
    assert z.shape == (8, 8, 3)
    np.testing.assert_allclose(z.mean(), x[2:6].mean(), atol=1e-5)
    assert z.min() >= 2 and z.max() <= 5  # nothing from outside the crop


def test_infinite_zoom_frames_are_seeded(dream_features):
    regs = Regularizers(jitter=4)
    fns = make_dream_step(dream_loss(dream_features, [("conv4_3", 1.0)]), regs)
    photo = photo_input("cat", 48)
    seen = []
    a = Z.infinite_zoom(fns, photo, frames=3, zoom=1.1, octaves=1, steps=2, seed=1, regs=regs,
                        on_frame=lambda k, r: seen.append(k))
    b = Z.infinite_zoom(fns, photo, frames=3, zoom=1.1, octaves=1, steps=2, seed=1, regs=regs)
    assert seen == [0, 1, 2] and len(a) == 3
    for ra, rb in zip(a, b):
        assert np.array_equal(ra.image, rb.image)
    # frame 1 starts from frame 0 zoomed in: its start loss is not the photo's
    assert a[1].octaves[0]["start_loss"] != a[0].octaves[0]["start_loss"]
    with pytest.raises(ArgumentError, match="--zoom 1"):
        Z.infinite_zoom(fns, photo, frames=2, zoom=1.0)
