"""The analytic cost model (common/cost.py) and the memory-based batch size."""

import pytest

from common.cost import (
    MAX_AUTO_BATCH,
    STEP_MEMORY_FACTOR,
    activation_floats,
    available_memory_bytes,
    check_batch_memory,
    choose_batch_size,
    forward_macs,
    memory_batch_limit,
    step_bytes_per_image,
    step_gflop,
)
from common.errors import ArgumentError


def test_forward_macs_match_the_reference():
    assert forward_macs("conv5_1", 128) / 1e9 == pytest.approx(4.71, abs=0.005)
    assert forward_macs("block5_conv1", 128) == forward_macs("conv5_1", 128)  # either spelling
    assert forward_macs("fc8", 224, include_top=True) / 1e9 == pytest.approx(15.47, abs=0.005)
    assert forward_macs("conv5_3", 224) / 1e9 == pytest.approx(15.35, abs=0.005)
    assert forward_macs("conv1_1", 128) == 128 * 128 * 9 * 3 * 64  # the first layer alone


def test_step_is_four_flops_per_forward_mac():
    assert step_gflop("conv5_1", 128) == pytest.approx(4 * 4.709, rel=1e-3)  # ~19 GFLOP
    assert step_gflop("fc8", 224, include_top=True) == pytest.approx(61.9, rel=1e-2)


def test_activation_floats_by_hand():
    # conv1_1 at 8x8: one 8x8x64 output; + conv1_2; + pool1 4x4x64.
    assert activation_floats("conv1_1", 8) == 8 * 8 * 64
    assert activation_floats("pool1", 8) == 2 * 8 * 8 * 64 + 4 * 4 * 64
    # conv5_1 at 128: ~4.85 M floats, ~19.4 MB (the figure common/cost.py calibrates against)
    assert activation_floats("conv5_1", 128) * 4 / 1e6 == pytest.approx(19.4, abs=0.1)
    assert step_bytes_per_image("conv5_1", 128) == int(STEP_MEMORY_FACTOR * 4
                                                       * activation_floats("conv5_1", 128))


def test_batch_size_from_memory():
    per = step_bytes_per_image("conv5_1", 128)
    # 10 images' worth of free memory, half of it usable: 5
    assert memory_batch_limit("conv5_1", 128, available=10 * per) == 5
    assert choose_batch_size("conv5_1", 128, 200, available=10 * per) == 5
    assert choose_batch_size("conv5_1", 128, 200, available=10 ** 13) == MAX_AUTO_BATCH
    assert choose_batch_size("conv5_1", 128, 3, available=10 ** 13) == 3  # no more than the work
    assert choose_batch_size("conv5_1", 128, 200, available=0) == 1  # always makes progress
    assert choose_batch_size("conv5_1", 128, 200, requested=7, available=7 * per) == 7  # the flag wins
    with pytest.raises(ArgumentError, match=r"--batch-size 8: a step of 8 images at conv5_1 128x128 needs "
                                            r"about .* \(37 MiB per image.*give --batch-size 7 or less"):
        choose_batch_size("conv5_1", 128, 200, requested=8, available=7 * per + 1)
    with pytest.raises(ArgumentError, match="give a smaller --size, or leave --batch-size out"):
        choose_batch_size("conv5_1", 128, 200, requested=1, available=per - 1)
    with pytest.raises(ArgumentError, match=r"^--size 10000000: a step of 1 image at conv5_1 "):
        check_batch_memory("conv5_1", 10 ** 7, None)
    with pytest.raises(ArgumentError, match="--batch-size 0"):
        choose_batch_size("conv5_1", 128, 200, requested=0)


def test_available_memory_is_plausible():
    assert 0 < available_memory_bytes() < 2 ** 50
