"""The argument checks every command shares (common/args.py): each range, its bounds, and the
one line it answers with."""

import pytest

from common import args as A
from common.errors import ArgumentError


def test_class_index_is_0_to_999():
    assert A.check_class_index(0) == 0 and A.check_class_index(999) == 999
    for bad in (-1, 1000, 2.5):
        with pytest.raises(ArgumentError, match=rf"^--class {bad}: out of range, expected 0\.\.999$"):
            A.check_class_index(bad)


def test_index_names_the_flag_and_the_count():
    assert A.check_index(511, 512, "--filter") == 511
    with pytest.raises(ArgumentError, match=r"^--filter \(layer x\) 512: out of range, expected 0\.\.511$"):
        A.check_index(512, 512, "--filter (layer x)")


def test_batch_size_is_a_positive_whole_number_or_none():
    assert A.check_batch_size(None) is None and A.check_batch_size(3) == 3 and A.check_batch_size(2.0) == 2
    for bad in (0, -4, 1.5, True):
        with pytest.raises(ArgumentError, match=rf"^--max-batch {bad}: expected a positive whole number$"):
            A.check_batch_size(bad, "--max-batch")


def test_input_size_needs_32_pixels():
    assert A.MIN_INPUT_SIZE == 32 and A.check_input_size(32) == 32
    with pytest.raises(ArgumentError, match="^--size 31: VGG16's five 2x2 poolings need at least 32 pixels; "
                                            "the blog used 128$"):
        A.check_input_size(31)


def test_ranges_and_grids_parse_or_say_what_was_expected():
    assert A.parse_range("0-199") == range(0, 200) and A.parse_range("7-7") == range(7, 8)
    for bad in ("5-4", "a-b", "", None, "1-"):
        with pytest.raises(ArgumentError, match="expected A-B with A <= B, e.g. 0-199"):
            A.parse_range(bad)
    assert A.parse_grid("8x3") == (8, 3)
    for bad in ("0x3", "8*8", "8x"):
        with pytest.raises(ArgumentError, match="expected RxC with R, C >= 1, e.g. 8x8"):
            A.parse_grid(bad)
    assert A.check_grid((2, 2), 4, "2x2", "0-3") == (2, 2)
    with pytest.raises(ArgumentError,
                       match="--grid 3x3: 9 cells but only 4 filters asked for with --filters 0-3"):
        A.check_grid((3, 3), 4, "3x3", "0-3")


def test_filter_indices_are_checked_by_their_ends():
    assert A.check_filter_indices(range(0, 512), 512, "--filters", "0-511", "conv5_1") == range(0, 512)
    with pytest.raises(ArgumentError,
                       match=r"^--filters 0-512: out of range for layer conv5_1, expected 0\.\.511$"):
        A.check_filter_indices(range(0, 513), 512, "--filters", "0-512", "conv5_1")


def test_parse_indices_reads_numbers_and_ranges_and_says_which_part_is_wrong():
    assert A.parse_indices("0-2, 7,5-5") == [0, 1, 2, 5, 7]
    with pytest.raises(ArgumentError, match="--filters '1,x': expected whole numbers or ranges"):
        A.parse_indices("1,x")
    with pytest.raises(ArgumentError, match="--layers-of '9-3': expected A-B with A <= B"):
        A.parse_indices("9-3", "--layers-of")
