"""The extras' argument checks (extras/settings.py): TensorFlow-free, before anything runs."""

import pytest

from common.errors import ArgumentError
from extras import settings as D


def test_octaves_and_regularizers_are_checked():
    assert D.octave_shapes((512, 512), 3) == [(261, 261), (366, 366), (512, 512)]
    with pytest.raises(ArgumentError, match="--octaves 4: the smallest octave"):
        D.octave_shapes((64, 64), 4)
    with pytest.raises(ArgumentError, match="--norm"):
        D.Regularizers(norm="l1").check()
    with pytest.raises(ArgumentError, match="--decay"):
        D.Regularizers(decay=1.5).check()
    with pytest.raises(ArgumentError, match="--layer 'conv5_1:x'"):
        D.parse_layer_weights(["conv5_1:x"])
    assert D.parse_layer_weights(["block4_conv3", "conv5_1:0.5"]) == [("block4_conv3", 1.0), ("conv5_1", 0.5)]
