"""reproduce/runner.py on a stand-in pipeline: each filter and class is computed once, saved to
the verified cache, and reused by a later run with the same key; a result used straight from
memory is the one a rerun reads back."""

import numpy as np
from reproduce_fakes import SETTINGS, pipeline

from reproduce.runner import Runner


def _runner(tmp_path, key="k1"):
    r = Runner(weights=None, settings=SETTINGS, seed=0, cache=str(tmp_path), key=key)
    r._models = {("modern", False): object(), ("modern", True): object()}  # no model is built
    return r


def test_filters_are_computed_once_then_reused(tmp_path):
    calls = []
    p = pipeline(calls)
    first = _runner(tmp_path)
    results, seconds = first.filters(p, "conv5_1", [0, 1, 2])
    assert [r.index for r in results] == [0, 1, 2] and seconds == 0.75
    assert (first.computed, first.reused) == (3, 0)
    # the settings' batch for this pipeline is passed on (TINY: 4 filters per call)
    assert calls == [("filters", "conv5_1", [0, 1, 2], SETTINGS.batch["modern"])]
    again = _runner(tmp_path)
    results2, _ = again.filters(p, "conv5_1", [1, 2, 3])
    assert calls[-1] == ("filters", "conv5_1", [3], SETTINGS.batch["modern"])  # only the missing
    assert (again.computed, again.reused) == (1, 2)
    for a, b in zip(results[1:], results2[:2]):
        np.testing.assert_array_equal(a.image, b.image)  # exact: the cache stores the array


def test_a_class_from_memory_equals_its_reload(tmp_path):
    calls = []
    p = pipeline(calls)
    made, seconds = _runner(tmp_path).klass(p, 65)
    runner = _runner(tmp_path)
    reloaded, seconds2 = runner.klass(p, 65)
    assert calls == [("class", 65)] and (runner.computed, runner.reused) == (0, 1)
    assert made.losses == reloaded.losses and all(type(v) is float for v in made.losses)
    np.testing.assert_array_equal(made.image, reloaded.image)
    assert made.image.dtype == reloaded.image.dtype and seconds == seconds2


def test_another_run_key_recomputes(tmp_path):
    calls = []
    p = pipeline(calls)
    _runner(tmp_path).klass(p, 65)
    other = _runner(tmp_path / "other", key="k2")
    other.klass(p, 65)
    assert calls == [("class", 65), ("class", 65)] and other.computed == 1
