"""The VGG16 layer table that both pipelines share, and the one legacy <-> modern name mapping.

The 2016 model is a Keras `Sequential` in which every layer (padding, pooling, dropout too) has
an index, and Baraldi's weight file has one group per index (`layer_0` ... `layer_36`).
keras.applications names the same layers `block{b}_conv{i}`, `block{b}_pool`, `fc1`, `fc2`,
`predictions`. Everything that needs to know the layer order or a name reads it from here.
"""

from dataclasses import dataclass

from common.errors import ArgumentError

# VGG16's architecture. (filters, convolutions) per block; every conv is 3x3, stride 1, relu;
# each block ends in a 2x2/2 max-pool.
VGG16_BLOCKS = ((64, 2), (128, 2), (256, 3), (512, 3), (512, 3))
KERNEL_SIZE = 3
INPUT_CHANNELS = 3
# Dense head: (legacy name, modern name, units). fc6 takes the flattened pool5 (512 x 7 x 7).
DENSE_HEAD = (("fc6", "fc1", 4096), ("fc7", "fc2", 4096), ("fc8", "predictions", 1000))
POOL5_SHAPE_CHW = (512, 7, 7)
FLAT_FEATURES = 512 * 7 * 7  # 25088
TOP_INPUT_SIZE = 224  # the dense head fixes the input at 224x224
# Baraldi's Sequential has one entry per Keras layer, parameterless ones included.
LEGACY_LAYERS_FULL = 37  # with Flatten, fc6, Dropout, fc7, Dropout, fc8
LEGACY_LAYERS_CONV = 31  # ZeroPadding/Conv/MaxPool only (the blog's model)
VGG19_LEGACY_LAYERS = 46  # for a helpful message when someone brings the other model
PARAMS_CONV = 14_714_688
PARAMS_TOTAL = 138_357_544


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
            return [(self.units, self.fan_in, KERNEL_SIZE, KERNEL_SIZE), (self.units,)]
        if self.kind == "dense":
            return [(self.fan_in, self.units), (self.units,)]
        return []

    def modern_shapes(self):
        """Parameter shapes in the keras.applications file: conv (3, 3, in, out), (out,)."""
        if self.kind == "conv":
            return [(KERNEL_SIZE, KERNEL_SIZE, self.fan_in, self.units), (self.units,)]
        return self.legacy_shapes()


def vgg16_layers(include_top=True):
    """The 37 layers (31 without the head) of the 2016 Sequential, index for index."""
    layers = []
    fan_in = INPUT_CHANNELS
    for b, (units, convs) in enumerate(VGG16_BLOCKS, start=1):
        for i in range(1, convs + 1):
            layers.append(Layer(len(layers), "pad", f"pad{b}_{i}", None))
            layers.append(
                Layer(len(layers), "conv", f"conv{b}_{i}", f"block{b}_conv{i}", fan_in, units)
            )
            fan_in = units
        layers.append(Layer(len(layers), "pool", f"pool{b}", f"block{b}_pool"))
    if include_top:
        layers.append(Layer(len(layers), "flatten", "flatten", "flatten"))
        fan_in = FLAT_FEATURES
        for n, (legacy_name, modern_name, units) in enumerate(DENSE_HEAD):
            layers.append(Layer(len(layers), "dense", legacy_name, modern_name, fan_in, units))
            fan_in = units
            if n < len(DENSE_HEAD) - 1:
                layers.append(Layer(len(layers), "dropout", f"drop{6 + n}", None))
    expected = LEGACY_LAYERS_FULL if include_top else LEGACY_LAYERS_CONV
    assert len(layers) == expected, (len(layers), expected)
    return layers


def param_layers(include_top=True):
    """The 13 conv layers (and 3 dense layers with the head), in order."""
    return [layer for layer in vgg16_layers(include_top) if layer.has_params]


def conv_layer_names(pipeline="legacy"):
    """conv1_1 ... conv5_3 (legacy) or block1_conv1 ... block5_conv3 (modern)."""
    return [_name(layer, pipeline) for layer in param_layers(False)]


# the Layer's name column of each spelling: the 2016 Sequential's and keras.applications'
SPELLINGS = {"legacy": "legacy_name", "modern": "modern_name"}


def _name(layer, pipeline):
    if pipeline not in SPELLINGS:
        raise ValueError(f"pipeline must be 'legacy' or 'modern', got {pipeline!r}")
    return getattr(layer, SPELLINGS[pipeline])


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
