"""The feature models of the extras: the modern (keras.applications, channels-last) conv-only
VGG16 at any input size, cut at the deepest layer asked for, with the outputs of the named
layers. Weights come as a WeightSet already read (`Weights.weight_set("modern")`: a run reads
its file once) or as the path of a keras-layout file.
"""
from common.layers import INPUT_CHANNELS
from extras.settings import check_conv
from modern.load import load_weights
from modern.model import build_vgg16, feature_model


def dream_model(weights, layers):
    """(features, weight summary): the conv-only VGG16 with any input size (H, W = None),
    truncated to a model from the input to the outputs of `layers` (either spelling), so nothing
    above the deepest one is computed. features(x (B, H, W, 3)) is a list, one (B, h, w, C)
    output per layer (plus one more, so that one layer too gives a list: feature_model)."""
    for name in layers:
        check_conv(name)
    model = build_vgg16(include_top=False, input_shape=(None, None, INPUT_CHANNELS))
    summary = load_weights(model, weights)
    return feature_model(model, list(layers) + [layers[0]]), summary
