"""Reading and writing Lorenzo Baraldi's 2016 VGG16 weight file layout (`vgg16_weights.h5`).

Layout, as Keras 0.x `save_weights` wrote it: root attribute `nb_layers` (37, or 31 for a
conv-only file); one group `layer_{k}` for every layer of the Sequential, padding and pooling
included, each with attribute `nb_params` and datasets `param_0`, `param_1`, ... Conv kernels are
(out, in, 3, 3) stored for Theano's true convolution; dense weights are (in, out) with fc6 rows in
channels-first flatten order. Arrays come back exactly as stored: conversions live in
common.layout.
"""

import h5py
import numpy as np

from common.errors import WeightFileError
from common.files import atomic_path
from common.layers import LEGACY_LAYERS_CONV, LEGACY_LAYERS_FULL, VGG19_LEGACY_LAYERS, vgg16_layers
from weights.h5files import (
    FIX_HINT,
    LEGACY,
    SYNTHETIC_ATTR,
    WeightSet,
    open_weights,
    read_array,
    read_int_attr,
    read_synthetic_seed,
    require_layout,
)


def _count_message(path, n):
    found = f"found nb_layers={n}"
    if n == VGG19_LEGACY_LAYERS:
        found += " (that is VGG19's file; this project reproduces VGG16)"
    return (
        f"{path}: expected VGG16 in Baraldi's layout with nb_layers={LEGACY_LAYERS_FULL} "
        f"(with the dense head) or {LEGACY_LAYERS_CONV} (conv only), {found}; use "
        f"vgg16_weights.h5, or {FIX_HINT}"
    )


def head_missing_message(path, layout_name):
    return (
        f"{path}: the dense head (fc6, fc7, fc8) was asked for, but this {layout_name} file "
        f"holds only the 13 conv layers; the class objective needs the full file: "
        f"`python -m weights fetch` (without --notop) or `python -m weights synth`"
    )


def read_baraldi(path, include_top=None):
    """Read a Baraldi-layout file into a WeightSet (arrays exactly as stored).

    include_top: None reads what the file has; True requires the dense head; False reads the
    13 conv layers only and leaves a file's head out on purpose (the blog's conv-only model).
    Checks the layer count, every group, nb_params and every shape before reading any data.
    """
    with open_weights(path) as f:
        return read_baraldi_h5(f, path, include_top)


def read_baraldi_h5(f, path, include_top=None):
    """read_baraldi of a file already open (`f`, an h5py.File of `path`): one open per read."""
    require_layout(f, path, LEGACY)
    n = read_int_attr(f, "nb_layers", path, "the root")
    if n not in (LEGACY_LAYERS_FULL, LEGACY_LAYERS_CONV):
        raise WeightFileError(_count_message(path, n))
    has_top = n == LEGACY_LAYERS_FULL
    if include_top and not has_top:
        raise WeightFileError(head_missing_message(path, "Baraldi-layout"))
    # Pass 1: structure and shapes of every layer in the file, before any data is read.
    for layer in vgg16_layers(has_top):
        _check_group(f, path, n, layer)
    # Pass 2: the data, for the layers asked for.
    use_top = has_top if include_top is None else bool(include_top)
    params = {}
    for layer in vgg16_layers(use_top):
        if not layer.has_params:
            continue
        group = f[f"layer_{layer.index}"]
        params[layer.legacy_name] = [
            read_array(group[f"param_{p}"], path, f"layer_{layer.index} ({layer.legacy_name}) "
                       f"param_{p}", shape)
            for p, shape in enumerate(layer.legacy_shapes())
        ]
    return WeightSet(params, LEGACY, has_top, str(path), read_synthetic_seed(f))


def _check_group(f, path, n, layer):
    """The group `layer_{k}` of `layer` is there with nb_params and every param_p's shape."""
    where = f"layer_{layer.index} ({layer.legacy_name})"
    group = f.get(f"layer_{layer.index}")
    if not isinstance(group, h5py.Group):
        raise WeightFileError(
            f"{path}: {where}: group missing; the file claims {n} layers but is incomplete; "
            f"{FIX_HINT}"
        )
    expected = layer.legacy_shapes()
    nb = read_int_attr(group, "nb_params", path, where)
    if nb != len(expected):
        raise WeightFileError(
            f"{path}: {where}: expected nb_params={len(expected)} for a {layer.kind} layer, "
            f"found {nb}; the layers are not VGG16's in Baraldi's order; {FIX_HINT}"
        )
    for p, shape in enumerate(expected):
        ds = group.get(f"param_{p}")
        if not isinstance(ds, h5py.Dataset):
            raise WeightFileError(f"{path}: {where}: dataset param_{p} missing; {FIX_HINT}")
        if tuple(ds.shape) != shape:
            raise WeightFileError(
                f"{path}: {where} param_{p}: expected shape {shape}, found "
                f"{tuple(ds.shape)}; the file is not VGG16 in Baraldi's layout; {FIX_HINT}"
            )


def write_baraldi(path, params, synthetic_seed=None):
    """Write {legacy name: [W, b]} (Baraldi layout arrays) as a Baraldi file, atomically.

    With fc6..fc8 present the file has 37 layers, otherwise 31 (conv only).
    """
    has_top = "fc6" in params
    layers = vgg16_layers(has_top)
    with atomic_path(path) as tmp:
        with h5py.File(tmp, "w") as f:
            f.attrs["nb_layers"] = len(layers)
            if synthetic_seed is not None:
                f.attrs[SYNTHETIC_ATTR] = int(synthetic_seed)
            for layer in layers:
                group = f.create_group(f"layer_{layer.index}")
                arrays = params[layer.legacy_name] if layer.has_params else []
                shapes = layer.legacy_shapes()
                assert [tuple(a.shape) for a in arrays] == shapes, (layer.legacy_name, shapes)
                group.attrs["nb_params"] = len(arrays)
                for p, array in enumerate(arrays):
                    group.create_dataset(f"param_{p}", data=np.asarray(array, dtype=np.float32))
    return path
