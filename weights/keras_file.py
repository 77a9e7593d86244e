"""Reading and writing the keras.applications VGG16 weight layout
(`vgg16_weights_tf_dim_ordering_tf_kernels[_notop].h5`).

Layout, as Keras 1's `save_weights_to_hdf5_group` wrote the 2016 release (read from the published files;
Keras 3 still loads it): the root's one attribute `layer_names`, fixed-length byte strings (S12)
with no input layer; one group per layer with attribute `weight_names`, fixed-length byte strings
(`block1_conv1_W_1:0`, `block1_conv1_b_1:0`), or an EMPTY float64 array of shape (0,) for a
layer without weights (pooling, flatten); the datasets in the layer's group, float32,
contiguous. Kernels (3, 3, in, out) for cross-correlation, fc1 rows in channels-last flatten
order. A file written by a whole-model save keeps the same under a `model_weights` group.
"""

import h5py
import numpy as np

from common.errors import WeightFileError
from common.files import atomic_path
from common.layers import param_layers, vgg16_layers
from weights.baraldi import head_missing_message
from weights.h5files import (
    FIX_HINT,
    MODERN,
    SYNTHETIC_ATTR,
    WeightSet,
    open_weights,
    read_array,
    read_attr_strings,
    read_synthetic_seed,
    require_layout,
)


def _byte_strings(names):
    """A list of str as the 2016 files store it: numpy fixed-length bytes (S<n>). (h5py 3 would
    write a list of str as variable-length strings, which the 2016 files do not have.)"""
    return np.array([n.encode("utf8") for n in names])


# What Keras 1 wrote as the weight_names of a layer without weights: np.array([]) of an empty
# list, which is float64 of shape (0,).
NO_WEIGHT_NAMES = np.zeros((0,), np.float64)


def _weighted_layers(root):
    """{layer name: [weight names]} for the layers of the file that carry weights."""
    found = {}
    for name in read_attr_strings(root, "layer_names"):
        group = root.get(name)
        if not isinstance(group, h5py.Group):
            raise KeyError(f"layer_names lists {name!r} but the file has no such group")
        weight_names = read_attr_strings(group, "weight_names")
        if weight_names:
            found[name] = weight_names
    return found


def read_keras(path, include_top=None):
    """Read a keras.applications-layout file into a WeightSet (arrays exactly as stored).

    include_top: None reads what the file has; True requires the dense head; False reads only the
    13 conv layers (a full file also serves the conv-only model). Checks the set of layers and
    every shape before reading any data.
    """
    with open_weights(path) as f:
        return read_keras_h5(f, path, include_top)


def read_keras_h5(f, path, include_top=None):
    """read_keras of a file already open (`f`, an h5py.File of `path`): one open per read."""
    require_layout(f, path, MODERN)
    root = f if "layer_names" in f.attrs else f["model_weights"]
    found = _weighted_layers(root)
    has_top = _check_layer_set(found, path)
    if include_top and not has_top:
        raise WeightFileError(head_missing_message(path, "keras-layout (notop)"))
    # Pass 1: every weight's presence and shape, before any data is read.
    for layer in param_layers(has_top):
        _check_layer(root, found[layer.modern_name], layer, path)
    # Pass 2: the data, for the layers asked for.
    use_top = has_top if include_top is None else bool(include_top)
    params = {}
    for layer in param_layers(use_top):
        group = root[layer.modern_name]
        params[layer.legacy_name] = [
            read_array(group[name], path, f"layer {layer.modern_name} weight {name!r}", shape)
            for name, shape in zip(found[layer.modern_name], layer.modern_shapes())
        ]
    return WeightSet(params, MODERN, has_top, str(path), read_synthetic_seed(f))


def _check_layer_set(found, path):
    """Whether the weighted layers `found` are VGG16's with its head (True) or without (False)."""
    conv_names = [layer.modern_name for layer in param_layers(False)]
    head_names = [layer.modern_name for layer in param_layers(True)][len(conv_names):]
    unknown = [n for n in found if n not in conv_names + head_names]
    missing = [n for n in conv_names if n not in found]
    if unknown or missing:
        extra = " (VGG19 has block3_conv4 ... block5_conv4)" if any("conv4" in n for n in unknown) else ""
        raise WeightFileError(
            f"{path}: expected the weighted layers of VGG16 ({conv_names[0]} ... "
            f"{conv_names[-1]} [+ fc1, fc2, predictions]); missing {missing or 'none'}, "
            f"unexpected {unknown or 'none'}{extra}; {FIX_HINT}"
        )
    present_head = [n for n in head_names if n in found]
    if present_head and len(present_head) != len(head_names):
        raise WeightFileError(
            f"{path}: incomplete dense head: found {present_head}, expected {head_names}; "
            f"{FIX_HINT}"
        )
    return bool(present_head)


def _check_layer(root, names, layer, path):
    """Layer `layer` of the file lists `names` (its weights): two, present, of VGG16's shapes."""
    expected = layer.modern_shapes()
    if len(names) != len(expected):
        raise WeightFileError(
            f"{path}: layer {layer.modern_name}: expected {len(expected)} weights "
            f"(kernel, bias), found {len(names)} {names}; {FIX_HINT}"
        )
    for name, shape in zip(names, expected):
        ds = root[layer.modern_name].get(name)
        if not isinstance(ds, h5py.Dataset):
            raise WeightFileError(
                f"{path}: layer {layer.modern_name}: weight {name!r} missing; {FIX_HINT}"
            )
        if tuple(ds.shape) != shape:
            raise WeightFileError(
                f"{path}: layer {layer.modern_name} weight {name!r}: expected shape {shape}, "
                f"found {tuple(ds.shape)}; the file is not VGG16 in the keras.applications "
                f"layout; {FIX_HINT}"
            )


def write_keras(path, params, synthetic_seed=None):
    """Write {legacy name: [kernel, bias]} (keras-layout arrays) as a keras.applications file.

    The structure of the 2016 release exactly (see the module docstring), so that a file we write
    is laid out as the real one is and Keras 3 `model.load_weights(path)` reads it too. The only
    addition is our own provenance at the root (`synthetic_seed` for synthetic weights).
    """
    has_top = "fc6" in params
    names = [layer.modern_name for layer in vgg16_layers(has_top) if layer.modern_name is not None]
    by_modern = {layer.modern_name: layer for layer in param_layers(has_top)}
    with atomic_path(path) as tmp:
        with h5py.File(tmp, "w") as f:
            f.attrs["layer_names"] = _byte_strings(names)
            if synthetic_seed is not None:
                f.attrs[SYNTHETIC_ATTR] = int(synthetic_seed)
            for name in names:
                group = f.create_group(name)
                layer = by_modern.get(name)
                if layer is None:
                    group.attrs["weight_names"] = NO_WEIGHT_NAMES
                    continue
                kernel, bias = params[layer.legacy_name]
                assert [kernel.shape, bias.shape] == layer.modern_shapes(), name
                weight_names = [f"{name}_W_1:0", f"{name}_b_1:0"]
                group.attrs["weight_names"] = _byte_strings(weight_names)
                for w_name, array in zip(weight_names, (kernel, bias)):
                    group.create_dataset(w_name, data=np.asarray(array, dtype=np.float32))
    return path
