"""The VGG16 layer table that both pipelines share, and the one legacy <-> modern name mapping.

The 2016 model is a Keras `Sequential` in which every layer (padding, pooling, dropout too) has
an index, and Baraldi's weight file has one group per index (`layer_0` ... `layer_36`).
keras.applications names the same layers `block{b}_conv{i}`, `block{b}_pool`, `fc1`, `fc2`,
`predictions`. Everything that needs to know the layer order or a name reads it from here.
"""

from dataclasses import dataclass

from common import constants as C
from common.errors import ArgumentError


@dataclass(frozen=True)
class Layer:
    """One layer of the 2016 Sequential, in Baraldi's index order."""

    index: int  # position in the legacy Sequential and `layer_{index}` in Baraldi's file
    kind: str  # "pad", "conv", "pool", "flatten", "dense" or "dropout"
    legacy_name: str  # conv1_1, pool1, fc6 ...
    modern_name: str | None  # block1_conv1, block1_pool, fc1 ...; None where keras has no twin
    fan_in: int = 0  # input channels (conv) or features (dense)
    units: int = 0  # output channels or features

    @property
    def has_params(self):
        return self.kind in ("conv", "dense")

    def legacy_shapes(self):
        """Parameter shapes in Baraldi's file: conv (out, in, 3, 3), (out,); dense (in, out), (out,)."""
        if self.kind == "conv":
            return [(self.units, self.fan_in, C.KERNEL_SIZE, C.KERNEL_SIZE), (self.units,)]
        if self.kind == "dense":
            return [(self.fan_in, self.units), (self.units,)]
        return []

    def modern_shapes(self):
        """Parameter shapes in the keras.applications file: conv (3, 3, in, out), (out,)."""
        if self.kind == "conv":
            return [(C.KERNEL_SIZE, C.KERNEL_SIZE, self.fan_in, self.units), (self.units,)]
        return self.legacy_shapes()


def vgg16_layers(include_top=True):
    """The 37 layers (31 without the head) of the 2016 Sequential, index for index."""
    layers = []
    fan_in = C.INPUT_CHANNELS
    for b, (units, convs) in enumerate(C.VGG16_BLOCKS, start=1):
        for i in range(1, convs + 1):
            layers.append(Layer(len(layers), "pad", f"pad{b}_{i}", None))
            layers.append(
                Layer(len(layers), "conv", f"conv{b}_{i}", f"block{b}_conv{i}", fan_in, units)
            )
            fan_in = units
        layers.append(Layer(len(layers), "pool", f"pool{b}", f"block{b}_pool"))
    if include_top:
        layers.append(Layer(len(layers), "flatten", "flatten", "flatten"))
        fan_in = C.FLAT_FEATURES
        for n, (legacy_name, modern_name, units) in enumerate(C.DENSE_HEAD):
            layers.append(Layer(len(layers), "dense", legacy_name, modern_name, fan_in, units))
            fan_in = units
            if n < len(C.DENSE_HEAD) - 1:
                layers.append(Layer(len(layers), "dropout", f"drop{6 + n}", None))
    expected = C.LEGACY_LAYERS_FULL if include_top else C.LEGACY_LAYERS_CONV
    assert len(layers) == expected, (len(layers), expected)
    return layers


def param_layers(include_top=True):
    """The 13 conv layers (and 3 dense layers with the head), in order."""
    return [layer for layer in vgg16_layers(include_top) if layer.has_params]


def conv_layer_names(pipeline="legacy"):
    """conv1_1 ... conv5_3 (legacy) or block1_conv1 ... block5_conv3 (modern)."""
    return [_name(layer, pipeline) for layer in param_layers(False)]


def _name(layer, pipeline):
    if pipeline not in ("legacy", "modern"):
        raise ValueError(f"pipeline must be 'legacy' or 'modern', got {pipeline!r}")
    return layer.legacy_name if pipeline == "legacy" else layer.modern_name


def find_layer(name, include_top=True):
    """The Layer called `name` in either spelling (conv5_1 or block5_conv1, fc6 or fc1).

    Raises ArgumentError listing the valid names when there is no such layer.
    """
    for layer in vgg16_layers(include_top):
        if layer.modern_name is not None and name in (layer.legacy_name, layer.modern_name):
            return layer
    valid = [
        f"{layer.legacy_name}/{layer.modern_name}"
        for layer in vgg16_layers(include_top)
        if layer.modern_name is not None
    ]
    raise ArgumentError(
        f"--layer {name!r}: no such VGG16 layer; valid names (legacy/modern): {', '.join(valid)}"
    )


def layer_name(name, pipeline):
    """Translate a layer name in either spelling to the given pipeline's spelling."""
    return _name(find_layer(name), pipeline)


def filter_count(name):
    """(Layer, number of filters) of a layer the filter commands can visualise, checked from the
    table alone, so that a bad --layer or --filter fails before TensorFlow starts.

    A pooling layer has the filters of the conv before it; the dense layers exist only in the
    224x224 model with the head, which the filter commands do not build.
    """
    layer = find_layer(name)
    if layer.kind == "conv":
        return layer, layer.units
    if layer.kind == "pool":
        convs = [x for x in vgg16_layers(False) if x.kind == "conv" and x.index < layer.index]
        return layer, convs[-1].units
    convs = conv_layer_names()
    raise ArgumentError(
        f"--layer {name!r}: a {layer.kind} layer; the filter commands visualise the conv and "
        f"pool layers ({convs[0]} ... {convs[-1]}); for the dense head use --class K"
    )
