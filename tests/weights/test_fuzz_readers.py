"""Fuzzing the weight-file readers with hypothesis: whatever HDF5 structure and attributes a file
has, reading it either gives a WeightSet or raises the project's own error with one line that
names the file; never a KeyError, IndexError, TypeError ... from deep inside.

Three kinds of files, small (a few KB: datasets of VGG16's real shapes are created without data,
and HDF5 allocates nothing for them): random structures with random attributes, and the two real
layouts' skeletons (conv-only) with a few mutations each, so that the readers get past their
first checks. `make test` runs the same cases every time (derandomized, reproducible);
FUZZ_EXAMPLES=N runs N new random cases per test.
"""

import os
import tempfile

import h5py
import numpy as np
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from common.errors import ProjectError
from common.layers import param_layers, vgg16_layers
from weights.baraldi import read_baraldi
from weights.convert import read_any
from weights.h5files import WeightSet, detect_layout, open_weights
from weights.keras_file import read_keras

# Per test; three tests: 360 cases in make test (~7 s). FUZZ_EXAMPLES=5000 explores new, random
# cases instead of the fixed ones.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", 120))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize="FUZZ_EXAMPLES" not in os.environ,
                database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

NAMES = st.sampled_from(["nb_layers", "layer_names", "weight_names", "nb_params", "synthetic_seed",
                         "model_weights", "layer_0", "layer_1", "block1_conv1", "param_0",
                         "block1_conv1_W_1:0", "fc1", "x", "two\nlines"])
SCALARS = st.one_of(
    st.integers(-(2**63), 2**63 - 1), st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(), st.text(max_size=12), st.binary(max_size=12),
    st.sampled_from([31, 37, 46, 0, -1]),
)
ATTR_VALUES = st.one_of(
    SCALARS,
    st.lists(st.integers(-5, 40), max_size=4).map(lambda v: np.array(v, dtype=np.int64)),
    st.lists(NAMES.map(str.encode), max_size=5).map(lambda v: np.array(v, dtype="S")),
    st.just(np.zeros((0,), np.float32)),
    st.just(h5py.Empty("f")),
)
SHAPES = st.one_of(
    st.sampled_from([s for layer in param_layers(False) for s in layer.legacy_shapes()[:1]]),
    st.sampled_from([s for layer in param_layers(False) for s in layer.modern_shapes()]),
    st.lists(st.integers(0, 4), max_size=4).map(tuple),
)
DTYPES = st.sampled_from(["f4", "f8", "f2", "i4", "u1", "S3"])


def _set_attr(obj, name, value):
    try:
        obj.attrs[name] = value
    except (TypeError, ValueError):  # a value HDF5 cannot store as an attribute: leave it out
        pass


def _dataset(group, name, shape, dtype):
    if name in group:
        del group[name]
    # No data: HDF5 allocates nothing until written, and reads back the fill value (0 or b"").
    group.create_dataset(name, shape=shape, dtype=dtype)


@st.composite
def random_files(draw):
    """Ops that build an arbitrary tree of groups, datasets and attributes."""
    return draw(st.lists(st.tuples(
        st.sampled_from(["attr", "group", "dataset"]), st.lists(NAMES, min_size=1, max_size=3),
        ATTR_VALUES, SHAPES, DTYPES), max_size=12))


def write_random(path, ops):
    with h5py.File(path, "w") as f:
        for kind, names, value, shape, dtype in ops:
            parent = f
            for name in names[:-1]:  # walk or make the intermediate groups
                node = parent.get(name)
                if node is None:
                    node = parent.create_group(name)
                if not isinstance(node, h5py.Group):
                    break
                parent = node
            else:
                leaf = names[-1]
                if kind == "attr":
                    _set_attr(parent, leaf, value)
                elif kind == "group" and leaf not in parent:
                    parent.create_group(leaf)
                elif kind == "dataset":
                    _dataset(parent, leaf, shape, dtype)


def write_baraldi_skeleton(path):
    with h5py.File(path, "w") as f:
        f.attrs["nb_layers"] = len(vgg16_layers(False))
        for layer in vgg16_layers(False):
            g = f.create_group(f"layer_{layer.index}")
            g.attrs["nb_params"] = len(layer.legacy_shapes())
            for p, shape in enumerate(layer.legacy_shapes()):
                g.create_dataset(f"param_{p}", shape=shape, dtype="f4")


def write_keras_skeleton(path):
    layers = [layer for layer in vgg16_layers(False) if layer.modern_name]  # pads have no twin
    with h5py.File(path, "w") as f:
        f.attrs["layer_names"] = np.array([x.modern_name.encode() for x in layers])
        for layer in layers:
            g = f.create_group(layer.modern_name)
            shapes = layer.modern_shapes()
            wnames = [f"{layer.modern_name}_{k}_1:0" for k in "Wb"[: len(shapes)]]
            g.attrs["weight_names"] = np.array([w.encode() for w in wnames], dtype="S")
            for w, shape in zip(wnames, shapes):
                g.create_dataset(w, shape=shape, dtype="f4")


MUTATION = st.tuples(
    st.sampled_from(["del", "attr", "dataset", "group_to_dataset", "nan"]),
    st.integers(0, 10_000),  # which node, modulo the number of nodes
    NAMES, ATTR_VALUES, SHAPES, DTYPES,
)


def mutate(path, mutations):
    """Apply mutations to nodes picked by index among all groups and datasets of the file."""
    with h5py.File(path, "r+") as f:
        for kind, pick, name, value, shape, dtype in mutations:
            nodes = ["/"]
            f.visit(nodes.append)
            node_name = nodes[pick % len(nodes)]
            node = f[node_name]
            if kind == "del" and node_name != "/":
                del f[node_name]
            elif kind == "attr":
                _set_attr(node, name, value)
            elif kind == "dataset" and isinstance(node, h5py.Group):
                _dataset(node, name, shape, dtype)
            elif kind == "group_to_dataset" and node_name != "/":
                del f[node_name]
                f.create_dataset(node_name, data=np.zeros(3, np.float32))
            elif kind == "nan" and isinstance(node, h5py.Dataset) and node.dtype.kind == "f" \
                    and node.size and node.size <= 600_000:
                node[(0,) * node.ndim] = np.nan


INCLUDE_TOP = st.sampled_from([None, True, False])
READERS = st.sampled_from([read_baraldi, read_keras, read_any])


def file_layout(path):
    with open_weights(path) as f:
        return detect_layout(f, path)


def check_readers(path, reader, include_top):
    """The property: file_layout and the reader answer, or raise ProjectError naming the file."""
    for call in (lambda: file_layout(path), lambda: reader(path, include_top=include_top)):
        try:
            result = call()
        except ProjectError as e:
            message = str(e)
            assert "\n" not in message and message.startswith(path), message
        else:
            assert isinstance(result, (str, WeightSet)), result


@FUZZ
@given(ops=random_files(), reader=READERS, include_top=INCLUDE_TOP)
# found by this test: a string-array nb_layers made a message of two lines
@example(ops=[("attr", ["nb_layers"], np.array([b"nb_layers"] * 4), (1,), "f4")],
         reader=read_baraldi, include_top=None)
def test_random_structures(ops, reader, include_top):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "w.h5")
        write_random(path, ops)
        check_readers(path, reader, include_top)


@FUZZ
@given(mutations=st.lists(MUTATION, min_size=1, max_size=3), reader=READERS, include_top=INCLUDE_TOP)
# found by this test: an empty synthetic_seed attribute raised IndexError
@example(mutations=[("attr", 0, "synthetic_seed", np.zeros(0, np.int64), (1,), "f4")],
         reader=read_baraldi, include_top=None)
def test_mutated_baraldi_skeletons(mutations, reader, include_top):
    _mutated(write_baraldi_skeleton, mutations, reader, include_top)


@FUZZ
@given(mutations=st.lists(MUTATION, min_size=1, max_size=3), reader=READERS, include_top=INCLUDE_TOP)
def test_mutated_keras_skeletons(mutations, reader, include_top):
    _mutated(write_keras_skeleton, mutations, reader, include_top)


def _mutated(write_skeleton, mutations, reader, include_top):
    """A valid conv-only skeleton of one layout, mutated, read by one reader."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "w.h5")
        write_skeleton(path)
        mutate(path, mutations)
        check_readers(path, reader, include_top)


def test_skeletons_are_valid_files():
    """Without mutations the skeletons read cleanly: the fuzz starts from real layouts."""
    with tempfile.TemporaryDirectory() as tmp:
        for write, reader in ((write_baraldi_skeleton, read_baraldi), (write_keras_skeleton, read_keras)):
            path = os.path.join(tmp, write.__name__ + ".h5")
            write(path)
            ws = reader(path)
            assert not ws.has_top and len(ws.params) == 13
            assert os.path.getsize(path) < 200_000  # nothing allocated for the datasets
