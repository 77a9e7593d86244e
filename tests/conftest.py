"""Shared fixtures.

Tiers: small hand-made HDF5 files (fast); the synthetic VGG16 written once per session
(behavioural); `@pytest.mark.slow` (skipped by `make test`); `@pytest.mark.imagenet` (needs the
real weights in weights/).
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

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


@pytest.fixture(scope="session")
def legacy_conv(synth_files):
    import legacy

    return legacy.build_vgg16(include_top=False, weights=synth_files["legacy"])


@pytest.fixture(scope="session")
def modern_conv(synth_files):
    import modern

    return modern.build_vgg16(include_top=False, weights=synth_files["modern"])


@pytest.fixture(scope="session")
def legacy_full(synth_files):
    import legacy

    return legacy.build_vgg16(include_top=True, weights=synth_files["legacy"])


@pytest.fixture(scope="session")
def modern_full(synth_files):
    import modern

    return modern.build_vgg16(include_top=True, weights=synth_files["modern"])


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
