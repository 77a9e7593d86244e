"""reproduce/verdicts.py: the statistics of the claims and a claim over several seeds."""

import math

import numpy as np
import pytest

from reproduce import verdicts as V


def rng():
    return np.random.default_rng(0)


def test_spearman_with_ties():
    assert V.spearman([0, 1, 2], [8.0, 8.0, 20.0]) == pytest.approx(np.sqrt(3) / 2)
    assert V.spearman([0, 1, 2], [3, 2, 1]) == pytest.approx(-1) and V.spearman([0, 1], [5, 5]) == 0


def test_binomial_tail():
    assert V.binomial_tail(0, 10, 0.05) == pytest.approx(1.0)
    assert V.binomial_tail(5, 5, 0.5) == pytest.approx(1 / 32)
    assert V.binomial_tail(2, 12, 0.05) == pytest.approx(1 - 0.95 ** 12 - 12 * 0.05 * 0.95 ** 11)
    # beyond a float's reach for comb(n, i): the whole atlas's filters (it once overflowed here)
    assert V.binomial_tail(2112, 4224, 0.5) == pytest.approx(0.5 + (math.comb(4224, 2112) / 2 ** 4224) / 2)
    assert V.binomial_tail(2500, 4224, 0.5) < 1e-30 and V.binomial_tail(1700, 4224, 0.5) == pytest.approx(1.0)
    assert V.binomial_tail(0, 0, 0.5) == 1.0 and V.binomial_tail(3, 2, 0.5) == 0.0


def test_depth_trend_against_shuffled_layers():
    depths = np.repeat(np.arange(5), 3)
    rho, null95, p = V.depth_trend(depths, depths * 4.0 + rng().uniform(0, 1, 15), rng())
    assert rho > 0.9 and null95 < 0.6 and p < 0.01
    rho, _, p = V.depth_trend(depths, rng().uniform(0, 1, 15), rng())  # no trend
    assert p > 0.05


def test_over_seeds_gives_the_spread_and_holds_only_with_every_seed():
    def result(value, holds):
        return V.ClaimResult(claim="c", measure="m", value=value, baseline=0.1, holds=holds, n=5)

    r = V.over_seeds([result(0.5, True), result(0.7, True), result(0.4, True)])
    assert r.value == 0.5 and r.spread == (0.4, 0.7) and r.holds is True
    assert V.over_seeds([result(0.5, True), result(0.2, False)]).holds is False
    assert V.over_seeds([result(None, None)] * 3).holds is None
    assert V.over_seeds([result(1, True)]).spread is None


def test_a_claim_result_comes_back_from_its_json_as_it_was():
    import json

    r = V.ClaimResult(claim="c", measure="m", value=0.5, baseline=0.1, holds=True, n=9, counts={"conv1_1": 9},
                      p=0.01, spread=(0.25, 0.75), seeds=3)
    assert V.ClaimResult.from_json(json.loads(json.dumps(r.to_json()))) == r
