"""Exact conversion between Baraldi's 2016 layout and the keras.applications layout.

Both files hold the same numbers (the VGG team's Caffe weights); they differ in two aspects:
the kernel convention (Theano flip + (out, in, kh, kw) vs (kh, kw, in, out)) and the order of
fc6's rows (channels-first vs channels-last flatten). Which array differs by which aspect is one
table, CONVERSIONS, walked by one loop, `convert_params`, with a shape assert on every array in
and out: which array changes how is read in one place, and an array converted the wrong way
fails its shape assert instead of loading. The per-array
functions are in common.layout. The legacy loader uses the same loop with the KERNEL aspect only:
its Keras 3 model takes (kh, kw, in, out) kernels but keeps the channels-first flatten.
"""

from common.errors import ArgumentError
from common.layers import param_layers
from common.layout import (
    THEANO,
    check_kernels,
    fc6_rows_legacy_to_modern,
    fc6_rows_modern_to_legacy,
    legacy_kernel_to_modern,
    modern_kernel_to_legacy,
)
from weights.baraldi import read_baraldi_h5, write_baraldi
from weights.h5files import LEGACY, MODERN, WeightSet, detect_layout, open_weights
from weights.keras_file import read_keras_h5, write_keras

TARGETS = (LEGACY, MODERN)
KERNEL = "kernel"  # conv kernels: Theano's (out, in, kh, kw) true convolution vs (kh, kw, in, out)
FLATTEN = "flatten"  # fc6 rows: channels-first (c, h, w) vs channels-last (h, w, c) flatten order
ASPECTS = (KERNEL, FLATTEN)

# (layer kind or name, param index) -> (aspect, legacy -> modern, modern -> legacy). Every array
# not listed (biases, fc7, fc8 weights) is the same bits in both layouts.
CONVERSIONS = {
    ("conv", 0): (KERNEL, legacy_kernel_to_modern, modern_kernel_to_legacy),
    ("fc6", 0): (FLATTEN, fc6_rows_legacy_to_modern, fc6_rows_modern_to_legacy),
}


def _conversion(layer, p):
    """The CONVERSIONS row of param `p` of `layer` (a common.layers.Layer), or None."""
    return CONVERSIONS.get((layer.kind, p)) or CONVERSIONS.get((layer.legacy_name, p))


def convert_params(params, to, kernels=THEANO, include_top=None, aspects=ASPECTS):
    """{legacy name: [kernel, bias]} in the other layout than `to`, converted to `to`.

    kernels: how the Baraldi side stores kernels; include_top: which layers to convert (None:
    the head when `params` has it; False leaves a present head out); aspects: which of KERNEL,
    FLATTEN to convert (the legacy model wants KERNEL only). Every array is a new copy.
    """
    check_kernels(kernels)
    if to not in TARGETS:
        raise ArgumentError(f"to={to!r}: expected one of {TARGETS}")
    forward = to == MODERN
    use_top = "fc6" in params if include_top is None else include_top
    out = {}
    for layer in param_layers(use_top):
        src_shapes, dst_shapes = ((layer.legacy_shapes(), layer.modern_shapes()) if forward
                                  else (layer.modern_shapes(), layer.legacy_shapes()))
        converted = []
        for p, array in enumerate(params[layer.legacy_name]):
            assert array.shape == src_shapes[p], (layer.legacy_name, p, array.shape, src_shapes[p])
            row = _conversion(layer, p)
            if row is not None and row[0] in aspects:
                fn = row[1] if forward else row[2]
                array = fn(array, kernels) if row[0] == KERNEL else fn(array)
                assert array.shape == dst_shapes[p], (layer.legacy_name, p, array.shape, dst_shapes[p])
            else:
                array = array.copy()
            converted.append(array)
        out[layer.legacy_name] = converted
    return out


def read_any(path, include_top=None):
    """Read a file of either layout (opened once: the layout is told from the open file)."""
    with open_weights(path) as f:
        reader = read_baraldi_h5 if detect_layout(f, path) == LEGACY else read_keras_h5
        return reader(f, path, include_top)


def convert(ws, to, kernels=THEANO):
    """The WeightSet `ws` in layout `to` (itself when it is already in it)."""
    if ws.layout == to:
        return ws
    params = convert_params(ws.params, to, kernels)
    return WeightSet(params, to, "fc6" in params, ws.path, ws.synthetic_seed)


def to_modern(ws, kernels=THEANO):
    """A legacy WeightSet in the keras.applications layout (kernels: how the file's are stored)."""
    return convert(ws, MODERN, kernels)


def to_legacy(ws, kernels=THEANO):
    """A modern WeightSet in Baraldi's layout (kernels: how to store them; 2016 used Theano's)."""
    return convert(ws, LEGACY, kernels)


def convert_file(src, dst, to, kernels=THEANO):
    """Convert the weight file `src` to layout `to` ("legacy" or "modern"), written to `dst`."""
    if to not in TARGETS:
        raise ArgumentError(f"--to {to!r}: expected one of {TARGETS}")
    ws = read_any(src)
    if to == MODERN:
        write_keras(dst, to_modern(ws, kernels).params, ws.synthetic_seed)
    else:
        write_baraldi(dst, to_legacy(ws, kernels).params, ws.synthetic_seed)
    return dst
