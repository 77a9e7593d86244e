"""Helpers for the tests (importable as `helpers`: tests/ is on pytest's pythonpath)."""

import os
import re

import h5py
import numpy as np

from common.paths import REPO  # noqa: F401  (re-exported: tests import the root from here)

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


# The keras.applications release (2016-08) as Keras 1 wrote it, by hand, independent of the
# project's writer: (layer name, [(weight name, shape)]) in file order, no input layer.
def handmade_keras_layers(include_top=True):
    layers, b, c = [], 1, 1
    for conv in HANDMADE_CONVS:
        if conv is None:
            layers.append((f"block{b}_pool", []))
            b, c = b + 1, 1
            continue
        out, inp = conv
        name = f"block{b}_conv{c}"
        layers.append((name, [(f"{name}_W_1:0", (3, 3, inp, out)), (f"{name}_b_1:0", (out,))]))
        c += 1
    if include_top:
        layers.append(("flatten", []))
        for name, (inp, out) in (("fc1", (25088, 4096)), ("fc2", (4096, 4096)),
                                 ("predictions", (4096, 1000))):
            layers.append((name, [(f"{name}_W_1:0", (inp, out)), (f"{name}_b_1:0", (out,))]))
    return layers


def write_handmade_keras(path, include_top=True):
    """A file with exactly the structure of the real keras.applications VGG16 files, written with
    h5py alone: root attribute `layer_names` (S12, no input layer),
    `weight_names` as fixed-length byte strings or, for pooling/flatten, an empty float64 (0,)
    array; float32 contiguous datasets. The data is left unwritten (HDF5 reads it as zeros), so
    the file is small however large its shapes."""
    layers = handmade_keras_layers(include_top)
    with h5py.File(path, "w") as f:
        f.attrs["layer_names"] = np.array([name.encode() for name, _ in layers])
        for name, weights in layers:
            g = f.create_group(name)
            g.attrs["weight_names"] = (np.array([w.encode() for w, _ in weights]) if weights
                                       else np.array([]))  # Keras 1: np.array([]) is float64 (0,)
            for w, shape in weights:
                g.create_dataset(w, shape=shape, dtype=np.float32)
    return str(path)


def h5_structure(path, skip_root_attrs=()):
    """Everything of an HDF5 file's layout but its data: {object name: description}, where a
    description lists the attributes (name, dtype, shape) and, for a dataset, its dtype, shape,
    storage layout (chunks, compression, filters). Root attributes in `skip_root_attrs` left out."""
    out = {}

    def attrs(obj, skip):
        return sorted((k, obj.attrs.get_id(k).dtype.str, obj.attrs.get_id(k).shape)
                      for k in obj.attrs if k not in skip)

    def visit(name, obj):
        entry = {"attrs": attrs(obj, ())}
        if isinstance(obj, h5py.Dataset):
            entry.update(dtype=obj.dtype.str, shape=obj.shape, chunks=obj.chunks,
                         compression=obj.compression, layout=obj.id.get_create_plist().get_layout())
        out[name] = entry

    with h5py.File(path, "r") as f:
        out["/"] = {"attrs": attrs(f, skip_root_attrs)}
        f.visititems(visit)
    return out


def assert_loss_climbs(losses, by=1.0, monotonic=False, steps=None, what="loss"):
    """Gradient ascent did its job: the last of `losses` (a sequence of floats, one per step, or
    just (start, final)) is finite and above `by` times the first; with monotonic=True every
    step rose; with `steps`, exactly that many losses were recorded. The one way the tests say
    "the loss climbs" (as lucid's optvis tests have one assert_gradient_ascent)."""
    values = np.asarray(losses, dtype=np.float64)
    assert values.ndim == 1 and len(values) >= 2, f"{what}: need >= 2 values to climb, got {losses!r}"
    if steps is not None:
        assert len(values) == steps, f"{what}: {len(values)} values, expected {steps} (one per step)"
    assert np.isfinite(values).all(), f"{what}: non-finite values {losses!r}"
    assert values[-1] > by * values[0], f"{what}: {values[0]:.6g} -> {values[-1]:.6g}, expected > x{by}"
    if monotonic:
        assert (np.diff(values) > 0).all(), f"{what}: not rising at every step: {losses!r}"


# A production step and the function it was frozen from (common/graph.py) sum in another order
# where oneDNN runs another kernel (blocked weights, channels-last): float32 rounding, a few ulps
# of the largest value per layer (measured <= 1e-6 of the largest normalised gradient at batch 8,
# 0 at batch 1), far below a grey level.
FROZEN_RTOL = 1e-5


def assert_frozen_like_traced(step, inputs, batches=(1, 4)):
    """`step` (a FrozenStep) returns what its traced tf.function does, output by output, for the
    tensors inputs(batch) at each batch; its graph holds no variable."""
    from common.graph import FrozenStep

    assert isinstance(step, FrozenStep)
    assert not {n.op for n in step.graph_def.node} & {"VarHandleOp", "ReadVariableOp"}
    for batch in batches:
        args = inputs(batch)
        want = [t.numpy() for t in step.traced(*args)]
        got = [t.numpy() for t in step(*args)]
        assert len(got) == len(want)
        for w, g in zip(want, got):
            np.testing.assert_allclose(g, w, rtol=0, atol=FROZEN_RTOL * np.abs(w).max())


# TensorFlow's C++ start-up lines (absl's banner, its I/W/E prefixes: severity, MMDD, time) and a
# terminal's escape codes or carriage returns: none may reach a command's piped output.
TF_STARTUP_LINE = re.compile(r"^(?:[IWE]\d{4} \d\d:\d\d:|WARNING: All log messages before absl)", re.M)
PLAIN_PROGRESS_LINE = re.compile(r"^\S[^\n]*: \d+/\d+ (?:filters|classes), \d+:\d\d elapsed", re.M)


def command_env():
    """The environment of a command run by a test as a user would run it from a shell: the
    project importable, and TensorFlow's log level NOT set (the Makefile and conftest set it)."""
    env = {k: v for k, v in os.environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"}
    return {**env, "PYTHONPATH": REPO}


def assert_quiet_output(proc, progress=False):
    """A command run with its output piped printed no TensorFlow start-up line and no terminal
    codes; with `progress`, its progress came as plain lines (common/progress.py)."""
    out = proc.stdout + proc.stderr
    assert not TF_STARTUP_LINE.search(out), out[-3000:]
    assert "\x1b[" not in out and "\r" not in out, out[-3000:]
    if progress:
        assert PLAIN_PROGRESS_LINE.search(proc.stdout), proc.stdout[-3000:]
