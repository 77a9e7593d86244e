"""The analytic cost model behind `make bench`, against REFERENCE.md section 5."""

import pytest

from bench.run import forward_macs, step_gflop


def test_forward_macs_match_the_reference():
    assert forward_macs("conv5_1", 128) / 1e9 == pytest.approx(4.71, abs=0.005)
    assert forward_macs("fc8", 224, include_top=True) / 1e9 == pytest.approx(15.47, abs=0.005)
    assert forward_macs("conv5_3", 224) / 1e9 == pytest.approx(15.35, abs=0.005)


def test_step_is_four_flops_per_forward_mac():
    assert step_gflop("conv5_1", 128) == pytest.approx(4 * 4.709, rel=1e-3)  # ~19 GFLOP
    assert step_gflop("fc8", 224, include_top=True) == pytest.approx(61.9, rel=1e-2)  # ~61 GFLOP
