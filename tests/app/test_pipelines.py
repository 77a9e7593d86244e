"""The table of the two pipelines (app/pipelines.py) and the mirror they keep: legacy/ and
modern/ export the same public names, package and module pair alike."""

import importlib

import numpy as np
import pytest

from app.pipelines import NAMES, PIPELINES, get_pipeline
from common.errors import ArgumentError

MIRRORED = ("", ".ascent", ".load", ".model", ".objectives", ".visualize")


def test_the_table_holds_both_in_order():
    assert NAMES == ("legacy", "modern")  # the 2016 original first, then its port
    assert all(PIPELINES[name].name == name and get_pipeline(name) is PIPELINES[name] for name in NAMES)
    with pytest.raises(ArgumentError, match="--pipeline 'theano': expected one of legacy, modern"):
        get_pipeline("theano")


@pytest.mark.parametrize("suffix", MIRRORED, ids=lambda s: s or "package")
def test_legacy_and_modern_export_the_same_names(suffix):
    legacy, modern = (importlib.import_module(f"{name}{suffix}") for name in NAMES)
    assert legacy.__all__ == modern.__all__ and len(legacy.__all__) == len(set(legacy.__all__))
    for module in (legacy, modern):  # every exported name is there (a lazy one resolves)
        assert all(getattr(module, name) is not None for name in module.__all__)


def test_each_package_exports_its_pipeline():
    for name in NAMES:
        assert importlib.import_module(name).PIPELINE is PIPELINES[name]


def test_the_description_matches_its_models(pipeline, conv_model, full_model):
    """input_shape, the layout conversions, the head layer and the weight file, per pipeline (no
    ascent; the models are the session's shared ones)."""
    assert tuple(conv_model.input_shape[1:]) == pipeline.input_shape(128)
    assert tuple(full_model.input_shape[1:]) == pipeline.input_shape(224)
    assert full_model.layers[-1].name == pipeline.head_layer
    hwc = np.arange(4 * 5 * 3, dtype=np.float32).reshape(4, 5, 3)
    x = pipeline.from_nhwc(hwc)
    assert x.shape == pipeline.from_nhwc_shape((4, 5, 3))
    np.testing.assert_array_equal(pipeline.to_nhwc(x), hwc)  # exact: a transpose and back
    assert pipeline.weight_file.endswith(".h5") and pipeline.deprocess_image(x).shape == (4, 5, 3)
