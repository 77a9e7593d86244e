"""Opening weight files safely and telling the two layouts apart.

Everything that can go wrong before a single weight is read (missing file, an HTML page saved as
.h5 by a failed download, a truncated file, an HDF5 file of some other kind) becomes a
WeightFileError with one line that names the file and the fix.
"""

import contextlib
import dataclasses
import os

import h5py
import numpy as np

from common.errors import ArgumentError, WeightFileError
from common.layers import param_layers

LEGACY = "legacy"  # Baraldi: root attribute nb_layers, groups layer_{k} with param_{p}
MODERN = "modern"  # keras.applications: root attribute layer_names, groups with weight_names
# The file names of the two layouts (what the 2016 files and keras.applications call them).
BARALDI_FILENAME = "vgg16_weights.h5"
BARALDI_NOTOP_FILENAME = "vgg16_weights_notop.h5"
KERAS_FILENAME = "vgg16_weights_tf_dim_ordering_tf_kernels.h5"
KERAS_NOTOP_FILENAME = "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5"
SYNTHETIC_ATTR = "synthetic_seed"  # root attribute that marks our synthetic files
# Root attributes that files WE write may carry beyond the 2016 structure (our provenance);
# everything else in a file we write is laid out exactly as the real files are.
# weights/trained.py stamps the converted trained stack with the provenance_* ones.
PROVENANCE_ATTRS = (SYNTHETIC_ATTR, "provenance_source", "provenance_package", "provenance_file",
                    "provenance_sha256", "provenance_note")


@dataclasses.dataclass(frozen=True)
class Layout:
    """How one of the two layouts is named, told apart and saved."""

    words: str  # what it is called in messages
    marker: str  # the root attribute that tells it (detect_layout)
    groups: str  # how its groups and datasets are named
    file: str  # the full VGG16's file name in it

    @property
    def name(self):
        return f"{self.words} ({self.marker} / {self.groups})"


LAYOUTS = {LEGACY: Layout("Baraldi's 2016 layout", "nb_layers", "layer_k / param_p", BARALDI_FILENAME),
           MODERN: Layout("the keras.applications layout", "layer_names", "weight_names", KERAS_FILENAME)}
FIX_HINT = "make one with `python -m weights synth` or download one with `python -m weights fetch`"


def _sniff(path):
    """Describe what a non-HDF5 file looks like, for the error message."""
    with open(path, "rb") as f:
        head = f.read(512)
    if not head:
        return "an empty file"
    text = head.lstrip().lower()
    if text.startswith((b"<!doctype html", b"<html", b"<?xml", b"<")):
        return "an HTML/XML page (a failed download saves the error page under the file's name)"
    return f"not an HDF5 file (starts with {head[:8]!r})"


@contextlib.contextmanager
def open_weights(path):
    """Open an HDF5 weight file for reading, or raise WeightFileError with the reason."""
    path = os.fspath(path)
    if not os.path.exists(path):
        raise WeightFileError(f"{path}: no such file; {FIX_HINT}")
    if os.path.isdir(path):
        raise WeightFileError(f"{path}: is a folder, expected an .h5 weight file; {FIX_HINT}")
    if not h5py.is_hdf5(path):
        raise WeightFileError(f"{path}: expected an HDF5 weight file, found {_sniff(path)}; {FIX_HINT}")
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        raise WeightFileError(
            f"{path}: HDF5 file cannot be opened ({_first_line(e)}); it is probably truncated "
            f"by an interrupted download or copy; {FIX_HINT}"
        ) from None
    try:
        yield f
    except (OSError, KeyError, RuntimeError, TypeError, ValueError) as e:
        # h5py raises these for damaged or odd files while reading datasets and attributes.
        raise WeightFileError(
            f"{path}: unreadable HDF5 content ({_first_line(e)}); the file is damaged or not a "
            f"VGG16 weight file; {FIX_HINT}"
        ) from None
    finally:
        f.close()


def one_line(value, limit=80):
    """repr of a value read from a file, on one line and at most `limit` characters (a numpy
    array's repr spans lines; a file may hold anything)."""
    text = " ".join(repr(value).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _first_line(e):
    return str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__


def detect_layout(f, path):
    """LEGACY or MODERN for an open file; WeightFileError when it is neither."""
    attrs = f.attrs
    if "nb_layers" in attrs:
        return LEGACY
    if "layer_names" in attrs or ("model_weights" in f and "layer_names" in f["model_weights"].attrs):
        return MODERN
    raise WeightFileError(
        f"{path}: HDF5 file in no recognised layout: expected a root attribute 'nb_layers' "
        f"(Baraldi's 2016 file) or 'layer_names' (keras.applications); found attributes "
        f"{sorted(attrs.keys())} and groups {sorted(f.keys())[:8]}; {FIX_HINT}"
    )


def require_layout(f, path, layout):
    """The open file `f` is in `layout`, or a WeightFileError that says how to convert it."""
    found = detect_layout(f, path)
    if found != layout:
        have, want = LAYOUTS[found], LAYOUTS[layout]
        raise WeightFileError(
            f"{path}: holds {have.words} ({have.marker}), not {want.words} that the {layout} reader "
            f"takes; convert it: `python -m weights convert --to {layout} {path} {want.file}`"
        )


def read_attr_strings(obj, name):
    """A list-of-strings attribute (h5py gives bytes, str or numpy arrays of them)."""
    value = obj.attrs.get(name, [])
    if isinstance(value, (bytes, str)):
        value = [value]
    return [v.decode("utf8") if isinstance(v, bytes) else str(v) for v in np.asarray(value).ravel()]


def read_int_attr(obj, name, path, where):
    """An integer attribute, or WeightFileError saying where it is missing."""
    if name not in obj.attrs:
        raise WeightFileError(f"{path}: {where} has no attribute '{name}'; {FIX_HINT}")
    value = np.asarray(obj.attrs[name])
    if value.size != 1 or not np.issubdtype(value.dtype, np.integer):
        raise WeightFileError(
            f"{path}: {where} attribute '{name}' should be an integer, found {one_line(value)}; "
            f"{FIX_HINT}"
        )
    return int(value.ravel()[0])


def read_array(dataset, path, where, expected_shape):
    """Read one dataset as float32 after checking its shape and that every value is finite."""
    if not isinstance(dataset, h5py.Dataset):
        raise WeightFileError(f"{path}: {where} should be a dataset, found a {type(dataset).__name__}")
    if tuple(dataset.shape) != tuple(expected_shape):
        raise WeightFileError(
            f"{path}: {where}: expected shape {tuple(expected_shape)}, found {tuple(dataset.shape)}; "
            f"the file is not VGG16 in this layout; {FIX_HINT}"
        )
    if not np.issubdtype(dataset.dtype, np.floating):
        raise WeightFileError(
            f"{path}: {where}: expected floating-point weights, found dtype {dataset.dtype}; {FIX_HINT}"
        )
    array = np.asarray(dataset[()], dtype=np.float32)
    finite = np.isfinite(array)
    if not finite.all():
        bad = int(array.size - np.count_nonzero(finite))
        raise WeightFileError(
            f"{path}: {where}: {bad} NaN/Inf value(s) among {array.size}; the file is corrupt; "
            f"{FIX_HINT}"
        )
    return array


@dataclasses.dataclass
class WeightSet:
    """The VGG16 parameters read from one file, still in that file's layout.

    params: {legacy layer name: [kernel, bias]} for every conv (and dense, with the head) layer,
    keyed by the 2016 names (conv1_1 ... fc8) in both layouts.
    """

    params: dict
    layout: str  # LEGACY or MODERN
    has_top: bool  # whether the file holds the dense head (it may not have been read)
    path: str = ""
    synthetic_seed: int | None = None  # set on files made by `python -m weights synth`

    @property
    def synthetic(self):
        return self.synthetic_seed is not None

    def summary(self, **extra):
        """What outputs record about their weights (no arrays)."""
        return {
            "weights": self.path,
            "layout": self.layout,
            "has_top": self.has_top,
            "synthetic": self.synthetic,
            "synthetic_seed": self.synthetic_seed,
            **extra,
        }


def check_weight_set(ws, layout, include_top):
    """`ws` itself, after checking that it is in `layout` and holds every layer a model with or
    without the head needs (a WeightSet read for the conv-only model cannot fill the head)."""
    missing = [layer.legacy_name for layer in param_layers(include_top)
               if layer.legacy_name not in ws.params]
    if ws.layout != layout or missing:
        raise ArgumentError(
            f"{ws.path}: weights read in the {ws.layout} layout without {missing or 'none'}; "
            f"this model needs the {layout} layout with "
            f"{'the dense head' if include_top else 'the 13 conv layers'}"
        )
    return ws


def read_synthetic_seed(f):
    """The seed recorded by `weights synth`, or None for any other file."""
    if SYNTHETIC_ATTR not in f.attrs:
        return None
    return read_int_attr(f, SYNTHETIC_ATTR, f.filename, "the root")
