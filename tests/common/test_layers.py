"""The layer table against VGG16's published architecture (Simonyan and Zisserman 2015)."""

import numpy as np
import pytest

from common.errors import ArgumentError
from common.layers import (
    PARAMS_CONV,
    PARAMS_TOTAL,
    conv_layer_names,
    find_layer,
    layer_name,
    param_layers,
    vgg16_layers,
)


def test_layer_counts_and_parameter_indices():
    full, conv = vgg16_layers(True), vgg16_layers(False)
    assert len(full) == 37 and len(conv) == 31
    assert [layer.index for layer in full if layer.kind == "conv"] == [
        1, 3, 6, 8, 11, 13, 15, 18, 20, 22, 25, 27, 29]
    assert [layer.index for layer in full if layer.kind == "dense"] == [32, 34, 36]
    assert [layer.legacy_name for layer in full[-6:]] == ["flatten", "fc6", "drop6", "fc7", "drop7", "fc8"]


def test_parameter_counts():
    def count(include_top):
        return sum(int(np.prod(s)) for layer in param_layers(include_top) for s in layer.legacy_shapes())

    assert count(False) == PARAMS_CONV == 14_714_688
    assert count(True) == PARAMS_TOTAL == 138_357_544


def test_names_in_both_spellings():
    assert conv_layer_names("legacy")[0] == "conv1_1" and conv_layer_names("legacy")[-1] == "conv5_3"
    assert conv_layer_names("modern")[10] == "block5_conv1"
    assert layer_name("conv5_1", "modern") == "block5_conv1"
    assert layer_name("block5_conv1", "legacy") == "conv5_1"
    assert layer_name("fc6", "modern") == "fc1" and layer_name("predictions", "legacy") == "fc8"
    assert find_layer("block3_pool").legacy_name == "pool3"


def test_unknown_layer_lists_the_valid_names():
    with pytest.raises(ArgumentError) as e:
        find_layer("conv6_1")
    message = str(e.value)
    assert "conv6_1" in message and "conv5_1/block5_conv1" in message and "\n" not in message
