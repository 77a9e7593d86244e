"""One source of weights (`Weights`: a file per pipeline, each read once and handed on as data)
and what a run was provided per kind of figure (`Provision`); the policy that chooses them is
weights/provision.py.
"""

import dataclasses

from weights import trained
from weights.baraldi import read_baraldi
from weights.h5files import LEGACY, MODERN
from weights.keras_file import read_keras
from weights.reference import is_real_vgg16

IMAGENET = "imagenet"
TRAINED = trained.SOURCE  # "hed-bsds500"
SYNTHETIC = "synthetic"
CONV, CLASS = "conv", "class"  # the kinds of figure: without / with the dense head
KINDS = (CONV, CLASS)


@dataclasses.dataclass(frozen=True)
class Weights:
    """One source of weights: a file per pipeline, both holding the same network."""

    source: str  # IMAGENET | TRAINED | SYNTHETIC: the weights_source of outputs made from it
    legacy: str  # Baraldi-layout path
    modern: str  # keras-layout path
    seed: int | None = None  # the synthetic seed, for SYNTHETIC
    has_top: bool = True
    # {layout: WeightSet} already read and checked: what provisioning read is handed on, and
    # weight_set reads a file at most once (not part of equality: the same files are the same)
    read: dict = dataclasses.field(default_factory=dict, compare=False, repr=False)

    @property
    def synthetic(self):
        return self.source == SYNTHETIC

    def path(self, pipeline):
        return {LEGACY: self.legacy, MODERN: self.modern}[pipeline]

    def weight_set(self, pipeline):
        """The WeightSet of `pipeline`'s file (a pipeline's name is its layout: "legacy" or
        "modern"), whole as the file has it (a full set also serves the conv-only model), read
        and checked once for this Weights: every later call returns the same object."""
        if pipeline not in self.read:
            reader = {LEGACY: read_baraldi, MODERN: read_keras}[pipeline]
            self.read[pipeline] = reader(self.path(pipeline))
        return self.read[pipeline]

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
    if ws.synthetic:
        return SYNTHETIC
    if is_real_vgg16(ws):
        return IMAGENET
    return trained.read_provenance(ws.path).get("source", "unknown") if ws.path else "unknown"
