"""reproduce/dead.py: filters dead at the blog's start image, and dead on the bundled photos too,
on an untrained VGG16 at 32x32 whose conv1_1 has three hand-set filters: one never on (a bias far
below 0), one off for a bright field but on for photos (it answers to darkness), one always on."""

import pytest

from reproduce import dead as D


@pytest.fixture(scope="module")
def model():
    from modern.model import build_vgg16

    m = build_vgg16(False, (32, 32, 3))
    kernel, bias = m.get_layer("block1_conv1").get_weights()  # (3, 3, 3, 64), (64,)
    kernel[..., :3] = 0.0
    bias[:3] = (-1e6, 0.0, 1.0)
    kernel[..., 1] = -1.0  # minus the brightness: 0 on the bright start image, > 0 where a photo is dark
    m.get_layer("block1_conv1").set_weights([kernel, bias])
    return m


def test_dead_at_the_start_image_and_on_photos(model):
    on = D.alive(model)["conv1_1"]  # (1 + photos, 64)
    assert on.shape == (5, 64)
    assert on[0, :3].tolist() == [False, False, True]  # at the start image: the third only
    assert on[1:, :3].any(axis=0).tolist() == [False, True, True]  # on some photo: the second too
    dead = D.dead_filters(model)
    assert len(dead) == 13 and all(p <= d <= t for d, p, t in dead.values())
    assert dead["conv1_1"][0] >= 2 and dead["conv1_1"][1] >= 1


def test_the_claim_is_the_scripts(model):
    r = D.dead_filters_claim(model)
    assert r.source.startswith("the companion script") and r.holds and r.n == 4224
    assert r.baseline <= r.value and "conv1_1" in r.measure
