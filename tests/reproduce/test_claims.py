"""The measures behind the report's claims table (reproduce/claims.py), each on pictures whose
answer is known: a flat colour, a grating at a known angle, its 90-degree rotation, white noise."""

import numpy as np
import pytest

from reproduce import claims as K

SIZE = 64


def grating(angle_deg, period=8.0, size=SIZE):
    """uint8 (H, W, 3) grey stripes; the wave vector at angle_deg (row axis, column axis)."""
    rows, cols = np.mgrid[0:size, 0:size]
    a = np.deg2rad(angle_deg)
    g = 128 + 100 * np.sin(2 * np.pi * (rows * np.sin(a) + cols * np.cos(a)) / period)
    return np.repeat(g[:, :, None], 3, axis=2).astype(np.uint8)


def flat(colour=(200, 40, 90)):
    rng = np.random.default_rng(1)
    img = np.broadcast_to(np.asarray(colour, np.float64), (SIZE, SIZE, 3)) + rng.normal(0, 2, (SIZE, SIZE, 3))
    return np.clip(img, 0, 255).astype(np.uint8)


def noise(seed=0):
    return np.random.default_rng(seed).integers(0, 256, (SIZE, SIZE, 3)).astype(np.uint8)


def test_flat_colour():
    # noise of std 2 on channel means 40-200 apart: nearly all variance between the means
    assert K.flat_colour_share(flat()) > 0.99
    assert K.flat_colour_share(grating(30)) < 0.01 and K.flat_colour_share(noise()) < 0.05


@pytest.mark.parametrize("angle", [0, 45, 60, 120])
def test_grating_orientation_and_its_90_degree_turn(angle):
    h = K.orientation_histogram(grating(angle))
    bin_width = 180 / K.ORIENTATION_BINS
    # the peak bin holds the angle (or its neighbour, when the angle sits on a bin edge)
    assert abs(((np.argmax(h) + 0.5) * bin_width - angle + 90) % 180 - 90) <= bin_width
    assert K.dominant_share(h) > 0.8  # nearly all power in 30 degrees; noise: ~2/12
    turned = K.orientation_histogram(np.rot90(grating(angle)))
    assert np.corrcoef(np.roll(h, K.ORIENTATION_BINS // 2), turned)[0, 1] > 0.95
    assert K.rotation_match_share(np.stack([h, turned])) == 1.0


def test_noise_has_no_orientation_no_structure_and_a_short_length():
    h = K.orientation_histogram(noise())
    assert K.dominant_share(h) < 0.3  # measured ~0.2 (uniform 0.17)
    assert abs(K.lag1_autocorrelation(noise())) < 0.05  # 64x64x3: std of the estimate ~0.01
    assert K.characteristic_length(noise()) < 4  # measured ~2.8 px per cycle
    assert K.colour_or_direction([noise(s) for s in range(5)]) == 0.0


@pytest.mark.parametrize("period", [4.0, 8.0, 16.0])
def test_characteristic_length_is_the_period(period):
    # within 15 %: the Hann window spreads the peak over neighbouring frequencies
    assert K.characteristic_length(grating(30, period)) == pytest.approx(period, rel=0.15)


def test_spearman_with_ties():
    assert K.spearman([0, 1, 2], [8.0, 8.0, 20.0]) == pytest.approx(np.sqrt(3) / 2)
    assert K.spearman([0, 1, 2], [3, 2, 1]) == pytest.approx(-1) and K.spearman([0, 1], [5, 5]) == 0


def test_structure_and_shuffled_null():
    rng = np.random.default_rng(0)
    g = grating(30, period=16)
    assert K.lag1_autocorrelation(g) > 0.9
    s = K.shuffled(g, rng)
    assert sorted(s.ravel()) == sorted(g.ravel())  # the same pixel values
    assert abs(K.lag1_autocorrelation(s)) < 0.1 and K.dominant_share(K.orientation_histogram(s)) < 0.3


def test_rotation_null_sits_below_true_rotated_pairs():
    rng = np.random.default_rng(0)
    pics = [grating(a) for a in (0, 20, 40)] + [np.rot90(grating(a)) for a in (0, 20, 40)]
    hists = np.stack([K.orientation_histogram(p) for p in pics])
    assert K.rotation_match_share(hists) == 1.0
    mean, p95 = K.rotation_null(hists, rng)
    assert p95 < 1.0 and mean < 0.7


def test_claims_table_on_known_pictures():
    layers = ["conv1_1", "conv1_2", "conv5_1"]
    pictures = {"conv1_1": [flat(), grating(0), np.rot90(grating(0))],
                "conv1_2": [grating(45, period=12), np.rot90(grating(45, period=12))],
                "conv5_1": [grating(10, period=20), np.rot90(grating(10, period=20))]}
    rows = K.claims_table({k: pictures[k] for k in layers}, {"conv5_1": (1, 3)},
                          {"legacy": 2.0, "modern": 0.5})
    by = {r["claim"]: r for r in rows}
    assert by["The first layers encode colour and direction"]["value"] == "1.00"
    assert by["The first layers encode colour and direction"]["holds"]
    assert by["Patterns grow larger with depth"]["holds"]
    assert by["Some filters stay at 0 from grey noise"]["value"] == "1/3"
    assert by["A few seconds per filter on CPU"]["holds"]
    assert all({"claim", "measure", "value", "baseline", "holds"} == set(r) for r in rows)
