"""The claims table of the report (reproduce/claims.py) and its statistics, on pictures whose
answer is known (tests/reproduce_pictures.py): gratings and their 90-degree turns, flat colours,
noise smoothed at growing scales."""

import numpy as np
import pytest
from reproduce_pictures import flat, grating, smoothed_noise

from reproduce import claims as K
from reproduce import measures as M


def test_depth_correlation_and_its_permutation_null():
    rng = np.random.default_rng(0)
    depths = np.repeat(np.arange(5), 3)
    lengths = depths * 4.0 + rng.uniform(0, 1, len(depths))  # grows with depth
    assert K.depth_correlation(depths, lengths) == pytest.approx(1.0)
    null = K.depth_null(depths, lengths, rng)
    # shuffled layers: no order left; a perfect order of 5 medians comes once in 120 shufflings
    assert abs(null.mean()) < 0.2 and np.percentile(null, 95) < 0.95
    assert K.p_value(1.0, null) < 0.05 and K.p_value(0.0, null) > 0.3
    assert K.depth_correlation(depths, -lengths) == pytest.approx(-1.0)


def test_spearman_with_ties():
    assert K.spearman([0, 1, 2], [8.0, 8.0, 20.0]) == pytest.approx(np.sqrt(3) / 2)
    assert K.spearman([0, 1, 2], [3, 2, 1]) == pytest.approx(-1) and K.spearman([0, 1], [5, 5]) == 0


def test_rotation_null_sits_below_true_rotated_pairs():
    rng = np.random.default_rng(0)
    pics = [grating(a) for a in (0, 20, 40)] + [np.rot90(grating(a)) for a in (0, 20, 40)]
    hists = np.stack([M.orientation_histogram(p) for p in pics])
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
    # lengths 8, 12, 20 px: in order, but with three layers a perfect order comes by chance once
    # in six shufflings, so it does not beat its null (five layers do, test below)
    assert by["Patterns grow larger with depth"]["value"] == "1.00"
    assert not by["Patterns grow larger with depth"]["holds"]
    # the flat conv1_1 picture is left out of the lengths: 2 + 2 + 2 patterned pictures
    assert "its 6 patterned pictures" in by["Patterns grow larger with depth"]["measure"]
    assert by["Some filters stay at 0 from grey noise"]["value"] == "1/3"
    assert by["A few seconds per filter on CPU"]["holds"]
    assert all({"claim", "measure", "value", "baseline", "holds"} == set(r) for r in rows)


def test_a_claim_with_nothing_to_measure_says_so():
    """Flat colours only: no oriented picture and no pattern length, so the rotation and depth
    rows are "n/a" and "not measurable" (None), never a NaN printed as a number."""
    rows = K.claims_table({"conv1_1": [flat()], "conv5_1": [flat()]}, {}, {"modern": 0.5})
    by = {r["claim"]: r for r in rows}
    for claim in ("Many filters are the same, rotated by 90 degrees", "Patterns grow larger with depth"):
        row = by[claim]
        assert row["value"] == "n/a" and "nan" not in row["measure"] + row["baseline"]
        assert row["holds"] is None


@pytest.mark.parametrize("order", ["deeper is larger", "deeper is smaller"])
def test_depth_claim_holds_only_when_lengths_grow(order):
    """Five layers of three smoothed-noise pictures each, the scale growing per layer (or
    shrinking): the claim holds in the first case only, against its permutation null."""
    sigmas = (0.5, 1, 2, 4, 8) if order == "deeper is larger" else (8, 4, 2, 1, 0.5)
    pictures = {f"conv{d + 1}_1": [smoothed_noise(s, size=64, seed=k) for k in range(3)]
                for d, s in enumerate(sigmas)}
    row = {r["claim"]: r for r in K.claims_table(pictures, {}, {})}["Patterns grow larger with depth"]
    assert row["holds"] is (order == "deeper is larger"), row
    assert float(row["value"]) == (1.0 if order == "deeper is larger" else -1.0)
