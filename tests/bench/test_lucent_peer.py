"""bench/lucent_peer.py: lucent's Fourier picture, objective and input are ours, on tiny inputs.

Skipped where lucent is not installed (the bench's extra: requirements-bench.txt and
requirements-bench-nodeps.txt); the one-line message for that case is tested without it. The slow
tier: importing lucent and kornia alone takes seconds, and only `make bench` runs lucent."""

import importlib.util

import numpy as np
import pytest

from bench import lucent_peer

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _one_torch_thread():
    """Tiny inputs gain nothing from threads, and on a worker sharing the cores torch's spinning
    threads cost seconds; the worker's setting is given back."""
    if importlib.util.find_spec("torch") is None:
        yield
        return
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def _needs_lucent():
    reason = lucent_peer.unavailable()
    if reason:
        pytest.skip(reason)


@pytest.mark.parametrize("hidden, named", [({"lucent"}, "torch-lucent"),
                                            ({"torch", "lucent", "kornia", "decorator"},
                                             "torch, torch-lucent, kornia, decorator")])
def test_a_missing_peer_is_one_line(monkeypatch, hidden, named):
    """Whatever this machine has installed (CI has none of the bench's extras), the modules hidden
    here are the ones named, in one line that says how to install them."""
    present = object()  # the peer's other modules count as installed, so CI's answer is this one
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name in hidden else present)
    reason = lucent_peer.unavailable()
    assert reason.startswith(f"lucent: {named} not installed (") and "\n" not in reason
    assert "requirements-bench" in reason


def test_fourier_picture_is_ours():
    """The same spectrum gives the same picture: lucent's (B, 3, N, Nf, 2) real/imag last, ours
    (B, 2, 3, N, Nf); both scale by 1/max(f, 1/N), invert with a 1/N norm, divide by 4,
    recorrelate with lucid's matrix and take the sigmoid (float32 FFTs: ~1e-7 apart)."""
    _needs_lucent()
    import tensorflow as tf
    import torch

    from optvis.fourier import FourierParam

    ours = FourierParam(16)
    rng = np.random.default_rng(0)
    spectrum = np.stack([ours.init(rng) * 50 for _ in range(2)])  # far from grey: a real test
    param, _, _ = lucent_peer._lucent()
    (theirs,), image_f = param.image(16, batch=2)
    with torch.no_grad():
        theirs.copy_(torch.from_numpy(spectrum.transpose(0, 2, 3, 4, 1).copy()))
    lucent_rgb = image_f().detach().permute(0, 2, 3, 1).numpy()
    our_rgb = ours.image(tf.constant(spectrum)).numpy()
    assert np.ptp(our_rgb) > 0.5
    np.testing.assert_allclose(lucent_rgb, our_rgb, atol=1e-5)


def test_batched_channel_objective_is_ours():
    """lucent's sum of channel(layer, f_b, batch=b) is minus the sum of our per-picture channel
    means, with each picture its own filter."""
    _needs_lucent()
    import tensorflow as tf
    import torch

    from optvis.objectives import channel

    acts = np.random.default_rng(1).random((3, 5, 4, 4), np.float32)  # (B, C, h, w), as torch's
    filters = [4, 0, 2]
    _, objectives, _ = lucent_peer._lucent()
    theirs = objectives.Objective.sum([objectives.channel("conv", f, batch=b) for b, f in enumerate(filters)])
    lucent_value = float(theirs(lambda name: torch.from_numpy(acts)))
    ours = channel("conv")({"conv": tf.constant(acts.transpose(0, 2, 3, 1))}, tf.constant(filters))
    np.testing.assert_allclose(lucent_value, -float(tf.reduce_sum(ours)), rtol=1e-6)


def test_network_input_is_ours():
    _needs_lucent()
    import torch

    from optvis.render import network_input

    rgb = np.random.default_rng(2).random((2, 8, 8, 3), np.float32)
    theirs = lucent_peer.network_input(torch.from_numpy(rgb.transpose(0, 3, 1, 2).copy()))
    np.testing.assert_allclose(theirs.permute(0, 2, 3, 1).numpy(), network_input(rgb).numpy(), atol=1e-4)


def test_render_climbs_and_is_seeded():
    """lucent's loop on a one-conv network: pictures in (0, 1), the same for the same seed, and
    each picture's own filter, on the untransformed picture, above the first step's (Adam climbs;
    the values on the transformed pictures are single random draws and may not show it)."""
    _needs_lucent()
    import torch

    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3, padding=1), torch.nn.ReLU()).eval()
    for p in net.parameters():
        p.requires_grad_(False)
    filters = [1, 3]

    def score(rendered):
        x = lucent_peer.network_input(torch.from_numpy(rendered.pictures).permute(0, 3, 1, 2))
        with torch.no_grad():
            return net(x)[[0, 1], filters].mean(dim=(1, 2)).numpy()

    start = lucent_peer.render(net, "conv", filters, 24, 1)
    a, b = (lucent_peer.render(net, "conv", filters, 24, 10) for _ in range(2))
    assert a.pictures.shape == (2, 24, 24, 3) and 0 < a.pictures.min() and a.pictures.max() < 1
    np.testing.assert_array_equal(a.pictures, b.pictures)
    assert np.all(score(a) > score(start))
