"""The style net (extras/style.py, extras/style_cli.py): each loss against numpy on tiny float64
arrays, the compiled loss-and-gradient against the same numpy on a toy feature extractor, a
short run on the trained weights (style falls, content stays bounded), and the command line
(sidecar, same seed same bytes)."""

import json

import numpy as np
import pytest

keras = pytest.importorskip("keras")
import tensorflow as tf  # noqa: E402

from extras import style as S  # noqa: E402

# float64 on both sides: the only differences are summation orders, ~1e-16 relative per add.
F64 = dict(rtol=1e-12, atol=0)


def np_gram(f):
    """(h, w, C) -> (C, C) = F^T F with F the (h*w, C) matrix."""
    m = f.reshape(-1, f.shape[-1])
    return m.T @ m


def np_style(f, a):
    n, m = f.shape[-1], f.shape[0] * f.shape[1]
    return ((np_gram(f) - a) ** 2).sum() / (4.0 * n * n * m * m)


def np_tv(x):
    return ((x[1:] - x[:-1]) ** 2).sum() + ((x[:, 1:] - x[:, :-1]) ** 2).sum()


def test_losses_match_numpy():
    rng = np.random.default_rng(0)
    f = rng.standard_normal((2, 3, 4, 5))  # (B, h, w, C)
    target = rng.standard_normal((1, 3, 4, 5))
    a = rng.standard_normal((1, 5, 5))
    np.testing.assert_allclose(S.gram(tf.constant(f)).numpy(), [np_gram(f[0]), np_gram(f[1])], **F64)
    np.testing.assert_allclose(S.style_layer_loss(tf.constant(f), tf.constant(a)).numpy(),
                               [np_style(f[0], a[0]), np_style(f[1], a[0])], **F64)
    np.testing.assert_allclose(S.content_loss(tf.constant(f), tf.constant(target)).numpy(),
                               [0.5 * ((f[b] - target[0]) ** 2).sum() for b in range(2)], **F64)
    x = rng.standard_normal((2, 6, 7, 3))
    np.testing.assert_allclose(S.tv_loss(tf.constant(x)).numpy(), [np_tv(x[0]), np_tv(x[1])], **F64)
    # the Gram of a feature map against itself: no style loss
    assert S.style_layer_loss(tf.constant(f[:1]), S.gram(tf.constant(f[:1]))).numpy()[0] == 0


def toy_features(x):
    """Six 'layers' of x (1, H, W, 3), as style_features' outputs [content, 5 style]: x, and x
    pooled 1, 2, 4, 8, 16 times by 2 (each (1, H/k, W/k, 3))."""
    outs, y = [x], x
    for _ in range(5):
        outs.append(y)
        y = tf.nn.avg_pool2d(y, 2, 2, "VALID")
    return outs


def test_compiled_loss_is_the_weighted_sum_of_the_numpy_losses():
    rng = np.random.default_rng(1)
    x = rng.uniform(-50, 50, (32, 32, 3)).astype(np.float32)
    c = rng.uniform(-50, 50, (32, 32, 3)).astype(np.float32)
    s = rng.uniform(-50, 50, (32, 32, 3)).astype(np.float32)
    w = S.LossWeights(content=0.7, style=3.0, tv=0.01)
    fn = S.make_loss_and_grad(toy_features, w)
    p, grams = S.targets(toy_features, c, s)
    lc, ls, lt, total, g = fn(tf.constant(x[None]), p, grams)
    xs, ss = [a.numpy()[0].astype(np.float64) for a in toy_features(tf.constant(x[None]))], \
             [a.numpy()[0].astype(np.float64) for a in toy_features(tf.constant(s[None]))]
    want_c = 0.5 * ((x.astype(np.float64) - c) ** 2).sum()
    want_s = np.mean([np_style(a, np_gram(b)) for a, b in zip(xs[1:], ss[1:])])
    want_t = np_tv(x.astype(np.float64))
    # float32 sums of ~1e3 terms of size ~1e3: relative error ~1e-6; 1e-4 leaves a margin
    np.testing.assert_allclose([lc, ls, lt], [want_c, want_s, want_t], rtol=1e-4)
    np.testing.assert_allclose(float(total), 0.7 * want_c + 3.0 * want_s + 0.01 * want_t, rtol=1e-4)
    # the gradient is of the total: a finite difference along g itself (a float64 directional
    # derivative of a float32 loss: h = 1e-2 pixels, 2% tolerance for the rounding)
    g = g.numpy()[0].astype(np.float64)
    d = g / np.linalg.norm(g)
    h = 1e-2
    up, down = [float(fn(tf.constant((x + sgn * h * d)[None].astype(np.float32)), p, grams)[3])
                for sgn in (1, -1)]
    np.testing.assert_allclose((up - down) / (2 * h), np.linalg.norm(g), rtol=2e-2)


@pytest.fixture(scope="module")
def trained_style(trained_files):
    features, _ = S.style_features(trained_files["modern"])
    return features, S.make_loss_and_grad(features)


def test_short_run_on_trained_weights(trained_style):
    from common.photos import photo_input

    features, fn = trained_style
    content, style = photo_input("coffee", 64), photo_input("astronaut", 64)
    r = S.style_transfer(fn, content, style, features, steps=10)
    L = r.losses
    assert r.steps == 10 and all(len(v) == 11 for v in L.values())
    assert L["style"][-1] < 0.2 * L["style"][0], L["style"]  # measured: ~0.02x after 10 steps
    # bounded: the result stays closer to the content photo than the style photo is (measured:
    # 0.33 of the style photo's content loss after 10 steps)
    p, _ = S.targets(features, content, style)
    style_as_content = float(S.content_loss(features(tf.constant(style[None]))[0], p)[0])
    assert 0 < L["content"][-1] < 0.5 * style_as_content, (L["content"], style_as_content)
    assert L["total"][-1] < L["total"][0]
    low, high = S.pixel_bounds(content.shape)  # L-BFGS-B's bounds: every pixel a colour
    assert np.all(r.image >= low - 1e-3) and np.all(r.image <= high + 1e-3)


def test_adam_and_noise_start_lower_the_loss(trained_style):
    from common.photos import photo_input

    features, fn = trained_style
    content, style = photo_input("cat", 32), photo_input("coffee", 32)
    r = S.style_transfer(fn, content, style, features, steps=5, optimizer="adam", init="noise")
    assert len(r.losses["total"]) == 6 and r.losses["total"][-1] < r.losses["total"][0]


def test_cli_writes_the_sidecar_and_same_seed_same_bytes(trained_files, tmp_path):
    from extras.style_cli import style_main

    argv = ["--content", "coffee", "--style", "astronaut", "--size", "32", "--steps", "3",
            "--init", "noise", "--seed", "5", "--weights", trained_files["modern"]]
    for sub in ("a", "b"):
        assert style_main([*argv, "--out", str(tmp_path / sub)]) == 0
    a, b = [(tmp_path / sub / "style_coffee_astronaut.png").read_bytes() for sub in ("a", "b")]
    assert a == b
    meta = json.loads((tmp_path / "a" / "style_coffee_astronaut.json").read_text())
    assert meta["weights_source"] == "hed-bsds500" and meta["synthetic"] is False
    assert meta["seed"] == 5 and meta["optimizer"] == "lbfgs" and meta["input_size"] == 32
    assert set(meta["losses"]) == {"content", "style", "tv", "total"}
    assert all(len(v) == meta["steps_done"] + 1 for v in meta["losses"].values())
