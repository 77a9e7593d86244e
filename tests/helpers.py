"""Helpers for the tests (importable as `helpers`: tests/ is on pytest's pythonpath)."""

import os

import h5py
import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The 2016 VGG16 written out by hand, independent of common.layers: None is a max-pool, a pair
# (out, in) is ZeroPadding2D + Conv2D.
HANDMADE_CONVS = [
    (64, 3), (64, 64), None,
    (128, 64), (128, 128), None,
    (256, 128), (256, 256), (256, 256), None,
    (512, 256), (512, 512), (512, 512), None,
    (512, 512), (512, 512), (512, 512), None,
]
HANDMADE_HEAD = [None, (25088, 4096), None, (4096, 4096), None, (4096, 1000)]  # flatten/dropout = None


def handmade_baraldi_shapes(include_top=True):
    """Per layer index, the list of parameter shapes of Baraldi's file."""
    shapes = []
    for conv in HANDMADE_CONVS:
        if conv is None:
            shapes.append([])
        else:
            out, inp = conv
            shapes += [[], [(out, inp, 3, 3), (out,)]]
    if include_top:
        for dense in HANDMADE_HEAD:
            shapes.append([] if dense is None else [dense, (dense[1],)])
    return shapes


def write_handmade_baraldi(path, seed=1, include_top=True, layers=None, nb_layers=None):
    """Write a Baraldi-layout file with h5py alone (not with the project's writer).

    Weights are He-scaled random numbers (conv1_1 also divided by 128 for raw 0-255 input) so
    that activations stay O(1). `layers` limits which layer groups are written (for broken files);
    `nb_layers` overrides the root attribute.
    """
    rng = np.random.default_rng(seed)
    shapes = handmade_baraldi_shapes(include_top)
    with h5py.File(path, "w") as f:
        f.attrs["nb_layers"] = len(shapes) if nb_layers is None else nb_layers
        for k, layer_shapes in enumerate(shapes):
            if layers is not None and k not in layers:
                continue
            g = f.create_group(f"layer_{k}")
            g.attrs["nb_params"] = len(layer_shapes)
            for p, shape in enumerate(layer_shapes):
                if len(shape) > 1:
                    fan_in = int(np.prod(shape[1:])) if len(shape) == 4 else shape[0]
                    std = np.sqrt(2.0 / fan_in) / (128.0 if k == 1 else 1.0)
                    data = rng.standard_normal(shape, dtype=np.float32) * np.float32(std)
                else:
                    data = rng.standard_normal(shape, dtype=np.float32) * np.float32(0.05)
                g.create_dataset(f"param_{p}", data=data)
    return str(path)
