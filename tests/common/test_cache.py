"""The verified cache (common/cache.py) on small hand-made entries: a whole entry loads; a
damaged one (truncated, text, pickled, wrong shape, dtype, index or run key) gives one warning
naming the file and why, is set aside as `.bad`, and reads as absent, so that it is recomputed."""

import errno
import os
import pickle
import warnings

import numpy as np
import pytest

from common import cache as K
from common.ascent import AscentResult
from common.errors import ProjectWarning

KEY, SHAPE, STEPS = "abc123", (8, 8, 3), 3


def _result(index=5):
    img = np.arange(np.prod(SHAPE), dtype=np.float32).reshape(SHAPE)
    return AscentResult(index, img, [1.0, 2.0, 3.0], False, False, 0.25)


def _load(path, index=5, key=KEY, shape=SHAPE):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = K.load_result(path, index, key, shape, STEPS)
    return got, [w for w in caught if issubclass(w.category, ProjectWarning)]


def test_a_whole_entry_round_trips(tmp_path):
    path = tmp_path / "5.npz"
    K.save_result(path, _result(), 0.25, KEY)
    (r, seconds), caught = _load(path)
    assert caught == [] and seconds == 0.25
    assert r.index == 5 and r.losses == [1.0, 2.0, 3.0] and not r.dead and not r.nonfinite
    np.testing.assert_array_equal(r.image, _result().image)  # exact: float32 stored as is
    assert K.load_result(tmp_path / "absent.npz", 5, KEY, SHAPE, STEPS) is None


def test_the_legacy_float64_image_round_trips_exactly(tmp_path):
    """The 2016 loop keeps its image float64 on the host: stored and reused as is, not rounded to
    float32 (a reused entry must give the same figure bytes as a fresh one)."""
    r = _result()
    r.image = r.image.astype(np.float64) + 1e-12
    K.save_result(tmp_path / "5.npz", r, 0.25, KEY)
    (back, _), caught = _load(tmp_path / "5.npz")
    assert caught == [] and back.image.dtype == np.float64
    np.testing.assert_array_equal(back.image, r.image)


def _truncate(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _text(path):
    path.write_text("this is not an npz\n")


def _pickled(path):  # what allow_pickle=True would have run: a pickle, never loaded
    path.write_bytes(pickle.dumps({"image": 1}))


def _wrong_shape(path):
    r = _result()
    r.image = np.zeros((4, 4, 3), np.float32)
    K.save_result(path, r, 0.1, KEY)


def _wrong_dtype(path):  # a float type no pipeline computes in
    r = _result()
    r.image = r.image.astype(np.float16)
    K.save_result(path, r, 0.1, KEY)


def _object_array(path):
    with open(path, "wb") as f:
        np.savez(f, image=np.array([None], dtype=object))


def _missing_key(path):
    with open(path, "wb") as f:
        np.savez(f, image=_result().image)


@pytest.mark.parametrize("damage, why", [
    (_truncate, ""), (_text, ""), (_pickled, ""), (_object_array, ""), (_missing_key, "keys"),
    (_wrong_shape, "expected float32 or float64 (8, 8, 3)"), (_wrong_dtype, "float16"),
])
def test_a_damaged_entry_is_set_aside_with_one_warning(tmp_path, damage, why):
    path = tmp_path / "5.npz"
    K.save_result(path, _result(), 0.25, KEY)
    damage(path)
    got, caught = _load(path)
    assert got is None and not path.exists() and (tmp_path / "5.npz.bad").exists()
    assert len(caught) == 1
    text = str(caught[0].message)
    assert text.startswith(f"{path}: damaged cache entry (") and why in text
    assert "\n" not in text and "set aside as 5.npz.bad" in text


@pytest.mark.parametrize("index, key, why", [(6, KEY, "index 5, expected 6"),
                                             (5, "other", "run key 'abc123'")])
def test_an_entry_of_another_filter_or_run_is_not_used(tmp_path, index, key, why):
    path = tmp_path / "5.npz"
    K.save_result(path, _result(), 0.25, KEY)
    got, caught = _load(path, index=index, key=key)
    assert got is None and len(caught) == 1 and why in str(caught[0].message)


def test_cached_filters_computes_only_what_is_missing_or_damaged(tmp_path):
    folder = tmp_path / "conv5_1"
    asked = []

    def compute(missing, save):
        asked.append(list(missing))
        for i in missing:
            save(_result(i))

    got, computed = K.cached_filters(folder, (8, 8, 3), [0, 1, 2], STEPS, KEY, compute)
    assert computed == 3 and asked == [[0, 1, 2]] and [r.index for r, _ in got] == [0, 1, 2]
    _text(folder / "1.npz")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        again, computed = K.cached_filters(folder, (8, 8, 3), [0, 1, 2], STEPS, KEY, compute)
    assert computed == 1 and asked[-1] == [1] and len(caught) == 1
    for (a, _), (b, _) in zip(got, again):
        np.testing.assert_array_equal(a.image, b.image)


def test_a_damaged_json_is_set_aside_and_made_again(tmp_path):
    js = tmp_path / "fig.json"
    js.write_text('{"run_key": ')
    with pytest.warns(ProjectWarning, match="not JSON"):
        assert K.load_json(js) is None
    assert (tmp_path / "fig.json.bad").exists() and K.load_json(js) is None
    made = []
    assert K.cached_json(js, lambda: made.append(1) or {"a": 1}) == {"a": 1}
    assert K.cached_json(js, lambda: made.append(1) or {"a": 2}) == {"a": 1} and made == [1]


def test_an_entry_removed_after_saving_is_an_environment_error(tmp_path):
    folder = tmp_path / "conv5_1"

    def compute(missing, save):
        for i in missing:
            save(_result(i))
            os.remove(folder / f"{i}.npz")  # as if the folder were removed mid-run

    with pytest.raises(FileNotFoundError) as e:
        K.cached_filters(folder, (8, 8, 3), [0], STEPS, KEY, compute)
    assert e.value.errno == errno.ENOENT and e.value.filename == str(folder / "0.npz")
