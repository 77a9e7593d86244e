"""With the real ImageNet weights (only where they are present in weights/): the blog's claim that
class 65 (sea snake) "quickly reaches a loss of 0.999", in both pipelines."""

import os

import pytest
from helpers import REPO

from common.ascent import CLASS_SEA_SNAKE
from weights.h5files import BARALDI_FILENAME, KERAS_FILENAME

WEIGHTS = os.path.join(REPO, "weights")
LEGACY_FILE = os.path.join(WEIGHTS, BARALDI_FILENAME)
MODERN_FILE = os.path.join(WEIGHTS, KERAS_FILENAME)


def _real(path):
    if not os.path.exists(path):
        return False
    from weights.convert import read_any
    from weights.reference import is_real_vgg16

    return is_real_vgg16(read_any(path, include_top=False))


pytestmark = [
    pytest.mark.imagenet,
    pytest.mark.skipif(not (_real(LEGACY_FILE) and _real(MODERN_FILE)),
                       reason="real VGG16 weights not in weights/ (make fetch)"),
]


@pytest.mark.parametrize("pipeline", ["legacy", "modern"])
def test_sea_snake_reaches_099(pipeline):
    import importlib

    build = importlib.import_module(f"{pipeline}.model").build_vgg16
    vis = importlib.import_module(f"{pipeline}.visualize")
    model = build(include_top=True, weights=LEGACY_FILE if pipeline == "legacy" else MODERN_FILE)
    r = vis.visualize_class(model, CLASS_SEA_SNAKE, steps=20)
    assert max(r.losses) >= 0.99, r.losses
