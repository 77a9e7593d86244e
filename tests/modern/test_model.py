"""The modern VGG16: our loader agrees with Keras's own, and one full file serves both models."""

import numpy as np
import pytest

import modern
from common.errors import ArgumentError


def test_our_loader_equals_keras_load_weights(synth_files, modern_full):
    """The synthetic keras-layout file is a real keras.applications file: Keras 3 loads it."""
    import keras

    theirs = keras.applications.VGG16(weights=synth_files["modern"])
    for a, b in zip(modern_full.weights, theirs.weights):
        assert a.shape == b.shape
        np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_full_file_serves_the_conv_only_model(synth_files, modern_full):
    conv = modern.build_vgg16(weights=synth_files["modern"], input_shape=(64, 64, 3))
    assert conv.output_shape == (None, 2, 2, 512)
    np.testing.assert_array_equal(conv.get_layer("block5_conv3").get_weights()[0],
                                  modern_full.get_layer("block5_conv3").get_weights()[0])


def test_head_needs_224():
    with pytest.raises(ArgumentError, match=r"\(224, 224, 3\)"):
        modern.build_vgg16(include_top=True, input_shape=(128, 128, 3))


def test_loading_weights_forgets_the_compiled_steps(synth_files):
    """A step holds the weights its model had when it was made (common/graph.py folds them into
    constants): loading weights drops the model's steps, and the next asks for a new one."""
    from common.ascent import compiled

    model = modern.build_vgg16(weights=synth_files["modern"], input_shape=(32, 32, 3))
    before = compiled(model, ("stand-in",), object)
    assert compiled(model, ("stand-in",), object) is before
    modern.load_weights(model, synth_files["modern"])
    assert compiled(model, ("stand-in",), object) is not before
