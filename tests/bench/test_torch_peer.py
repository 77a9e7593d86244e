"""bench/torch_peer.py: the PyTorch peer computes what our modern engine computes.

Skipped where PyTorch is not installed (it is the bench's extra, requirements-bench.txt)."""

import numpy as np
import pytest

from app.pipelines import PIPELINES
from common.images import initial_image

torch_peer = pytest.importorskip("bench.torch_peer")
pytest.importorskip("torch", reason="PyTorch is the bench's extra: pip install -r requirements-bench.txt")


@pytest.fixture(scope="module")
def modern_weights(synth_files):
    return PIPELINES["modern"].read_weights(synth_files["modern"], True)


def test_filter_step_losses_match_the_engine(modern_weights):
    p = PIPELINES["modern"]
    model, _ = p.build_model(False, 64, modern_weights)
    results = p.visualize_filters(model, "conv4_1", list(range(6)), steps=3, batch_size=6)
    live = [r for r in results if len(r.losses) == 3]
    assert live, "the synthetic conv4_1 has live filters at 64 px"
    peer = torch_peer.build(modern_weights.params, "conv4_1")
    x0 = np.stack([initial_image(64, 0, r.index) for r in live])
    losses, final = torch_peer.ascent(peer, x0, [r.index for r in live], 3)
    # first step: same network, same input; float32 summation order only (measured ~1e-7)
    torch_peer.check_losses([r.losses[0] for r in live], losses[0])
    # later steps follow the same path (they drift by last bits: 1e-3 relative after 3 steps)
    np.testing.assert_allclose(losses.T, [r.losses for r in live], rtol=1e-3)
    assert final.shape == x0.shape


def test_class_step_matches_with_the_head(modern_weights):
    p = PIPELINES["modern"]
    model, _ = p.build_model(True, 224, modern_weights)
    ours = p.visualize_class(model, 65, steps=2)
    peer = torch_peer.build(modern_weights.params, include_top=True)
    losses, _ = torch_peer.ascent(peer, initial_image(224, 0, 65)[None], [65], 2, kind="class")
    torch_peer.check_losses(ours.losses[:1], losses[0])


def test_check_losses_refuses_a_different_computation():
    with pytest.raises(AssertionError, match="not the same computation"):
        torch_peer.check_losses([1.0, 2.0], [1.0, 2.001])
