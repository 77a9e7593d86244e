"""Exact conversion between Baraldi's 2016 layout and the keras.applications layout.

Both files hold the same numbers (the VGG team's Caffe weights); they differ in the kernel
convention (Theano flip + (out, in, kh, kw) vs (kh, kw, in, out)) and in the order of fc6's rows
(channels-first vs channels-last flatten). The per-array conversions are in common.layout.
"""

from common.errors import ArgumentError
from common.layout import (
    THEANO,
    fc6_rows_legacy_to_modern,
    fc6_rows_modern_to_legacy,
    legacy_kernel_to_modern,
    modern_kernel_to_legacy,
)
from weights.baraldi import read_baraldi, write_baraldi
from weights.h5files import LEGACY, MODERN, WeightSet, file_layout
from weights.keras_file import read_keras, write_keras

TARGETS = (LEGACY, MODERN)


def read_any(path, include_top=None):
    """Read a file of either layout."""
    reader = read_baraldi if file_layout(path) == LEGACY else read_keras
    return reader(path, include_top=include_top)


def to_modern(ws, kernels=THEANO):
    """A legacy WeightSet in the keras.applications layout (kernels: how the file's are stored)."""
    if ws.layout == MODERN:
        return ws
    params = {}
    for name, (w, b) in ws.params.items():
        if w.ndim == 4:
            w = legacy_kernel_to_modern(w, kernels)
        elif name == "fc6":
            w = fc6_rows_legacy_to_modern(w)
        params[name] = [w, b.copy()]
    return WeightSet(params, MODERN, "fc6" in params, ws.path, ws.synthetic_seed)


def to_legacy(ws, kernels=THEANO):
    """A modern WeightSet in Baraldi's layout (kernels: how to store them; 2016 used Theano's)."""
    if ws.layout == LEGACY:
        return ws
    params = {}
    for name, (w, b) in ws.params.items():
        if w.ndim == 4:
            w = modern_kernel_to_legacy(w, kernels)
        elif name == "fc6":
            w = fc6_rows_modern_to_legacy(w)
        params[name] = [w, b.copy()]
    return WeightSet(params, LEGACY, "fc6" in params, ws.path, ws.synthetic_seed)


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
