"""The legacy VGG16 pipeline of the reproduction (see README.md).

Public API: PIPELINE (this pipeline described, optvis/pipeline.py), build_vgg16, load_weights.
Attributes are imported lazily so that importing the package (e.g. for `--help`) does not load
TensorFlow.
"""

import importlib
import os

# TensorFlow's C++ start-up chatter (oneDNN, CUDA, CPU flags) hides our one-line messages; a
# value the user set wins.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

_EXPORTS = {"PIPELINE": "legacy.visualize", "build_vgg16": "legacy.model", "load_weights": "legacy.load"}


def __getattr__(name):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'legacy' has no attribute '{name}'")


__all__ = sorted(_EXPORTS)
