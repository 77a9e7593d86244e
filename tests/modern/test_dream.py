"""Filter dreams, deep dream and gradient maps on the modern pipeline (synthetic weights, small
photos, few steps)."""

import numpy as np
import pytest
from helpers import assert_loss_climbs

from common.errors import ArgumentError
from common.photos import photo_input

keras = pytest.importorskip("keras")
from modern import dream as D  # noqa: E402


@pytest.fixture(scope="module")
def dream_features(synth_notop_files):
    return D.dream_model(synth_notop_files["modern"], ["conv4_3"])[0]


def _dream(features, seed, regs, photo, octaves=2, steps=3, fns=None):
    fns = fns or D.make_dream_step(D.dream_loss(features, [("conv4_3", 1.0)]), regs)
    return D.deep_dream(fns, photo, octaves=octaves, steps=steps, seed=seed, regs=regs)


def test_deep_dream_raises_the_layer_at_every_octave(dream_features):
    photo = photo_input("cat", 96)
    regs = D.Regularizers(jitter=8)
    r = _dream(dream_features, 0, regs, photo, octaves=3)
    assert [o["shape"] for o in r.octaves] == [[49, 49], [69, 69], [96, 96]]
    for o in r.octaves:  # start and final losses are of the unshifted image, comparable
        assert_loss_climbs([o["start_loss"], o["final_loss"]], what=str(o))
    assert r.image.shape == (96, 96, 3)
    # with every regularizer on, it still climbs
    regs = D.Regularizers(norm="laplacian", levels=3, clip_percentile=50, decay=0.99,
                          blur_sigma=0.5, blur_every=2, jitter=8)
    for o in _dream(dream_features, 0, regs, photo).octaves:
        assert_loss_climbs([o["start_loss"], o["final_loss"]], what=str(o))


def test_same_seed_same_bytes(dream_features):
    from common.images import png_bytes
    from common.photos import to_rgb_uint8

    photo = photo_input("coffee", 64)
    regs = D.Regularizers(jitter=8, norm="max", blur_sigma=0.5)
    fns = D.make_dream_step(D.dream_loss(dream_features, [("conv4_3", 1.0)]), regs)  # one trace
    a, b = (_dream(dream_features, 7, regs, photo, fns=fns) for _ in range(2))
    assert a.image.tobytes() == b.image.tobytes() and a.octaves == b.octaves
    assert png_bytes(to_rgb_uint8(a.image)) == png_bytes(to_rgb_uint8(b.image))
    c = _dream(dream_features, 8, regs, photo, fns=fns)  # another seed jitters otherwise
    assert c.image.tobytes() != a.image.tobytes()


def test_octaves_and_regularizers_are_checked():
    assert D.octave_shapes((512, 512), 3) == [(261, 261), (366, 366), (512, 512)]
    with pytest.raises(ArgumentError, match="--octaves 4: the smallest octave"):
        D.octave_shapes((64, 64), 4)
    with pytest.raises(ArgumentError, match="--norm"):
        D.Regularizers(norm="l1").check()
    with pytest.raises(ArgumentError, match="--decay"):
        D.Regularizers(decay=1.5).check()
    with pytest.raises(ArgumentError, match="--layer 'conv5_1:x'"):
        D.parse_layer_weights(["conv5_1:x"])
    assert D.parse_layer_weights(["block4_conv3", "conv5_1:0.5"]) == [("block4_conv3", 1.0), ("conv5_1", 0.5)]


def test_filter_dream_starts_from_the_photo_and_climbs(modern_conv):
    photo = photo_input("cat", 128)
    results = D.filter_dream(modern_conv, "conv5_1", [0, 1], photo, steps=3)
    for r in results:
        assert_loss_climbs(r.losses)
        # the first loss is the filter's mean activation on the photo itself
        value = D.gradient_map(modern_conv, photo, "conv5_1", r.index)[1]
        assert r.losses[0] == pytest.approx(value, rel=1e-5)  # float32, same graph
    combo = D.combination_dream(modern_conv, "conv5_1", {0: 1.0, 1: 1.0}, photo, steps=2)
    assert combo.losses[0] == pytest.approx(results[0].losses[0] + results[1].losses[0], rel=1e-5)
    assert_loss_climbs(combo.losses[:2])


@pytest.fixture(scope="module")
def small_model():
    """A float64 conv net (16x16 input, two convs, a softmax head) with smooth-enough numbers
    for finite differences."""
    inp = keras.Input((16, 16, 3), dtype="float64")
    x = keras.layers.Conv2D(4, 3, activation="relu", name="c1", dtype="float64")(inp)
    x = keras.layers.Conv2D(5, 3, activation="relu", name="c2", dtype="float64")(x)
    x = keras.layers.GlobalAveragePooling2D(dtype="float64")(x)
    out = keras.layers.Dense(3, activation="softmax", name="predictions", dtype="float64")(x)
    model = keras.Model(inp, out)
    rng = np.random.default_rng(0)
    model.set_weights([rng.standard_normal(w.shape) * 0.5 for w in model.get_weights()])
    return model


@pytest.mark.parametrize("kind,layer,index", [("filter", "c2", 1), ("class", None, 2)])
def test_gradient_map_equals_finite_differences(small_model, kind, layer, index):
    """Central differences with eps 1e-5 in float64: truncation error ~eps**2 (1e-10) and
    rounding ~1e-16 / eps (1e-11), far below the rtol 1e-6 asked (a relu kink crossed by eps
    would break it; with these pixels none is)."""
    x = np.random.default_rng(1).standard_normal((16, 16, 3))
    g, value = D.gradient_map(small_model, x, layer, index, kind)
    assert g.shape == x.shape and np.abs(g).max() > 0

    def objective(img):
        return D.gradient_map(small_model, img, layer, index, kind)[1]

    eps = 1e-5
    for pixel in [(0, 0, 0), (5, 7, 1), (8, 8, 2), (15, 3, 0), (10, 12, 1)]:
        up, down = x.copy(), x.copy()
        up[pixel] += eps
        down[pixel] -= eps
        fd = (objective(up) - objective(down)) / (2 * eps)
        assert g[pixel] == pytest.approx(fd, rel=1e-6, abs=1e-10), pixel
    assert value == pytest.approx(objective(x))


def test_gradient_image():
    g = np.zeros((4, 4, 3))
    g[1, 2, 0], g[3, 3, 2] = -2.0, 1.0
    img = D.gradient_image(g, percentile=100)
    assert img.dtype == np.uint8 and img.shape == (4, 4, 3)
    assert img[1, 2, 0] == 255 and img[3, 3, 1] == 128 and img[0, 0, 0] == 0
    assert (D.gradient_image(np.zeros((2, 2, 3))) == 0).all()


def test_zoom_in_takes_the_centre():
    # a 8x8 ramp zoomed by 2: the centre 4x4 (rows 2..5) scaled back to 8x8 by bilinear
    # interpolation, whose mean is the centre crop's mean (exact for a linear ramp, up to float32)
    x = np.repeat(np.arange(8, dtype=np.float32)[:, None, None], 8, axis=1).repeat(3, axis=2)
    z = D.zoom_in(x, 2.0)
    assert z.shape == (8, 8, 3)
    np.testing.assert_allclose(z.mean(), x[2:6].mean(), atol=1e-5)
    assert z.min() >= 2 and z.max() <= 5  # nothing from outside the crop


def test_infinite_zoom_frames_are_seeded(dream_features):
    regs = D.Regularizers(jitter=4)
    fns = D.make_dream_step(D.dream_loss(dream_features, [("conv4_3", 1.0)]), regs)
    photo = photo_input("cat", 48)
    seen = []
    a = D.infinite_zoom(fns, photo, frames=3, zoom=1.1, octaves=1, steps=2, seed=1, regs=regs,
                        on_frame=lambda k, r: seen.append(k))
    b = D.infinite_zoom(fns, photo, frames=3, zoom=1.1, octaves=1, steps=2, seed=1, regs=regs)
    assert seen == [0, 1, 2] and len(a) == 3
    for ra, rb in zip(a, b):
        assert np.array_equal(ra.image, rb.image)
    # frame 1 starts from frame 0 zoomed in: its start loss is not the photo's
    assert a[1].octaves[0]["start_loss"] != a[0].octaves[0]["start_loss"]
    with pytest.raises(ArgumentError, match="--zoom 1"):
        D.infinite_zoom(fns, photo, frames=2, zoom=1.0)
