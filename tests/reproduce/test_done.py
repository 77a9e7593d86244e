"""reproduce/done.py: one skip-if-done rule for every picture of a run. Done means its PNG, a
sidecar of this schema made under this run key and, when asked for, its cached image; anything
else (missing, another key, an older sidecar without a schema, a damaged image) is made again."""

import json
import warnings

import numpy as np

from common.errors import ProjectWarning
from common.sidecar import Sidecar
from reproduce.done import Done

IMG = np.arange(4 * 6 * 3, dtype=np.uint8).reshape(4, 6, 3)


def _saved(tmp_path, keep_image=True, key="k1"):
    done = Done(str(tmp_path / "out"), str(tmp_path / "cache"), key)
    sc = Sidecar(kind="class", figure="magpie", pipeline="legacy", run_key=key, seed=0,
                 details={"final_loss": 0.5})
    done.save("legacy", "magpie", IMG, sc, synthetic=True, keep_image=keep_image)
    return done, sc


def test_a_saved_picture_is_done_with_its_image_and_sidecar(tmp_path):
    done, sc = _saved(tmp_path)
    img, back = done.figure("legacy", "magpie")
    np.testing.assert_array_equal(img, IMG)  # the unmarked image, not the marked PNG's
    assert back == sc and back["synthetic"] is True and back["png"] == "magpie.png"
    assert done.sidecar("legacy", "magpie") == sc


def test_without_its_png_or_under_another_key_it_is_not_done(tmp_path):
    done, _ = _saved(tmp_path)
    assert Done(done.out, done.cache, "k2").sidecar("legacy", "magpie") is None
    (tmp_path / "out" / "legacy" / "magpie.png").unlink()
    assert done.sidecar("legacy", "magpie") is None and done.figure("legacy", "magpie") is None


def test_an_older_sidecar_without_schema_is_made_again(tmp_path):
    done, _ = _saved(tmp_path)
    path = tmp_path / "out" / "legacy" / "magpie.json"
    data = json.loads(path.read_text())
    del data["schema"]
    path.write_text(json.dumps(data))
    assert done.sidecar("legacy", "magpie") is None


def test_a_picture_saved_without_its_image_is_done_only_as_a_picture(tmp_path):
    done, sc = _saved(tmp_path, keep_image=False)
    assert done.sidecar("legacy", "magpie") == sc and done.figure("legacy", "magpie") is None


def test_a_damaged_cached_image_is_set_aside_and_not_done(tmp_path):
    done, _ = _saved(tmp_path)
    array = tmp_path / "cache" / "figures" / "legacy" / "magpie.npy"
    array.write_text("not an array\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert done.figure("legacy", "magpie") is None
    assert [w for w in caught if issubclass(w.category, ProjectWarning)]
    assert (array.parent / "magpie.npy.bad").exists()
