"""reproduce/kernels.py: the conv1_1 claims read from kernels, on hand-made kernels whose answer is
known (colour blobs, grey edges and their 90-degree turns) against random ones. numpy only."""

import numpy as np
import pytest

from reproduce import kernels as KK

EDGE = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])  # a Sobel edge


def colour_kernel(bgr):
    return np.broadcast_to(np.asarray(bgr, np.float64), (3, 3, 3)).copy()


def grey_kernel(pattern):
    return np.repeat(np.asarray(pattern, np.float64)[:, :, None], 3, axis=2)


def stack(kernels):
    return np.stack(kernels, axis=-1)  # (3, 3, 3, n), as keras stores them


def test_colour_and_grey_pattern_shares():
    assert KK.colour_share(colour_kernel((1.0, -1.0, 0.0))) == pytest.approx(1.0)
    assert KK.colour_share(colour_kernel((1.0, 1.0, 1.0))) == pytest.approx(0.0)  # grey: brightness
    assert KK.colour_share(grey_kernel(EDGE)) == pytest.approx(0.0)
    assert KK.grey_pattern_share(grey_kernel(EDGE)) == pytest.approx(1.0)
    assert KK.grey_pattern_share(colour_kernel((1.0, -1.0, 0.0))) == pytest.approx(0.0)


def test_orientation_selectivity_of_an_edge_and_of_a_centre_surround():
    # a linear 3x3 edge is broadly tuned: |response| ~ |sin(pi f cos(theta))|, about 0.3
    edge = KK.orientation_selectivity(grey_kernel(EDGE))
    dot = KK.orientation_selectivity(grey_kernel([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]]))
    assert 0.25 < edge < 0.4 and dot < 0.1
    # turning the edge does not change its selectivity
    assert KK.orientation_selectivity(grey_kernel(np.rot90(EDGE))) == pytest.approx(edge, abs=1e-9)


def test_random_kernels_match_the_norms():
    k = stack([colour_kernel((1.0, -1.0, 0.0)), 3 * grey_kernel(EDGE)])
    r = KK.random_kernels(k, draws=4)
    assert r.shape == (3, 3, 3, 8)
    norms = np.linalg.norm(r.reshape(27, -1), axis=0)
    np.testing.assert_allclose(norms, np.tile(np.linalg.norm(k.reshape(27, -1), axis=0), 4))


def _layer(turned):
    """16 colour kernels and 16 grey edges (in 8 directions, or 4 directions and their 90-degree
    turns), each with a little noise."""
    rng = np.random.default_rng(0)
    colours = [colour_kernel(rng.normal(size=3)) for _ in range(16)]
    patterns = [EDGE, EDGE.T, np.diag([2.0, 0, -2.0]) + np.eye(3)[::-1], np.outer([1, 0, -1], [1, 2, 1])]
    if turned:
        edges = [np.rot90(p, t) for p in patterns for t in (0, 1, 2, 3)]
    else:
        edges = [p * s for p in patterns for s in (1.0, 0.8, 0.6, 1.2)]
    kernels = colours + [grey_kernel(e) for e in edges]
    return stack([k + rng.normal(0, 0.05, k.shape) for k in kernels])


def test_colour_and_direction_found_in_colour_blobs_and_edges_not_in_random_kernels():
    r = KK.colour_and_direction(_layer(turned=True))
    # measured 14 colours (two random colours lie near grey) and 16 edges of 32
    assert r.holds and r.value >= 0.4, r.measure
    random = KK.random_kernels(_layer(turned=True), draws=1, seed=7)
    assert not KK.colour_and_direction(random).holds


def test_turned_kernels_found_exactly():
    assert KK.rotated_kernels(_layer(turned=True)).holds
    # edges scaled but never turned: the 90-degree partner is no better than an unturned one
    assert not KK.rotated_kernels(_layer(turned=False)).holds
    assert not KK.rotated_kernels(KK.random_kernels(_layer(turned=True), draws=1, seed=7)).holds
