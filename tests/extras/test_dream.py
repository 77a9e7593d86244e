"""Deep dream with octaves (extras/dream.py) on the synthetic VGG16: small photos, few steps."""

import pytest

from common.photos import photo_input

pytest.importorskip("keras")
from extras import dream as D  # noqa: E402
from extras.settings import Regularizers  # noqa: E402


def _dream(features, seed, regs, photo, octaves=2, steps=3, fns=None):
    fns = fns or D.make_dream_step(D.dream_loss(features, [("conv4_3", 1.0)]), regs)
    return D.deep_dream(fns, photo, octaves=octaves, steps=steps, seed=seed, regs=regs)


def test_deep_dream_raises_the_layer_at_every_octave(dream_features):
    photo = photo_input("cat", 96)
    regs = Regularizers(jitter=8)
    r = _dream(dream_features, 0, regs, photo, octaves=3)
    assert [o["shape"] for o in r.octaves] == [[49, 49], [69, 69], [96, 96]]
    for o in r.octaves:  # start and final losses are of the unshifted image, comparable
        assert o["final_loss"] > o["start_loss"], o
    assert r.image.shape == (96, 96, 3)
    # with every regularizer on, it still climbs
    regs = Regularizers(norm="laplacian", levels=3, clip_percentile=50, decay=0.99,
                          blur_sigma=0.5, blur_every=2, jitter=8)
    for o in _dream(dream_features, 0, regs, photo).octaves:
        assert o["final_loss"] > o["start_loss"], o


def test_same_seed_same_bytes(dream_features):
    from common.images import png_bytes
    from common.photos import to_rgb_uint8

    photo = photo_input("coffee", 64)
    regs = Regularizers(jitter=8, norm="max", blur_sigma=0.5)
    fns = D.make_dream_step(D.dream_loss(dream_features, [("conv4_3", 1.0)]), regs)  # one trace
    a, b = (_dream(dream_features, 7, regs, photo, fns=fns) for _ in range(2))
    assert a.image.tobytes() == b.image.tobytes() and a.octaves == b.octaves
    assert png_bytes(to_rgb_uint8(a.image)) == png_bytes(to_rgb_uint8(b.image))
    c = _dream(dream_features, 8, regs, photo, fns=fns)  # another seed jitters otherwise
    assert c.image.tobytes() != a.image.tobytes()
