"""reproduce/outputs.py: a picture of a run is written only where its bytes change, and is
finished when its PNG and a sidecar of this schema made under this run key are there; anything
else (missing, another key, an older sidecar without a schema) is made again."""

import json

import numpy as np

from common.sidecar import Sidecar
from reproduce.outputs import Outputs

IMG = np.arange(4 * 6 * 3, dtype=np.uint8).reshape(4, 6, 3)


def _sidecar(key="k1", loss=0.5):
    return Sidecar(kind="class", figure="magpie", pipeline="legacy", run_key=key, seed=0,
                   details={"final_loss": loss})


def _saved(tmp_path, key="k1"):
    outputs = Outputs(str(tmp_path / "out"), key)
    sc, written = outputs.save("legacy", "magpie", IMG, _sidecar(key), synthetic=True)
    assert written
    return outputs, sc


def test_a_saved_picture_is_finished_with_its_sidecar(tmp_path):
    outputs, sc = _saved(tmp_path)
    back = outputs.sidecar("legacy", "magpie")
    assert back == sc and back.details["synthetic"] is True and back.details["png"] == "magpie.png"


def test_without_its_png_or_under_another_key_it_is_not_finished(tmp_path):
    outputs, _ = _saved(tmp_path)
    assert Outputs(outputs.out, "k2").sidecar("legacy", "magpie") is None
    (tmp_path / "out" / "legacy" / "magpie.png").unlink()
    assert outputs.sidecar("legacy", "magpie") is None


def test_an_older_sidecar_without_schema_is_made_again(tmp_path):
    outputs, _ = _saved(tmp_path)
    path = tmp_path / "out" / "legacy" / "magpie.json"
    data = json.loads(path.read_text())
    del data["schema"]
    path.write_text(json.dumps(data))
    assert outputs.sidecar("legacy", "magpie") is None


def test_the_same_picture_again_writes_nothing_and_a_changed_one_is_written(tmp_path):
    outputs, _ = _saved(tmp_path)
    files = [tmp_path / "out" / "legacy" / f"magpie.{ext}" for ext in ("png", "json")]
    times = [f.stat().st_mtime_ns for f in files]
    assert outputs.save("legacy", "magpie", IMG, _sidecar(), synthetic=True)[1] is False
    assert [f.stat().st_mtime_ns for f in files] == times
    files[1].unlink()  # a removed sidecar is written again, the PNG left as it is
    assert outputs.save("legacy", "magpie", IMG, _sidecar(), synthetic=True)[1] is True
    assert files[1].exists() and files[0].stat().st_mtime_ns == times[0]
    _, written = outputs.save("legacy", "magpie", IMG, _sidecar(loss=0.25), synthetic=True)
    assert written and json.loads(files[1].read_text())["final_loss"] == 0.25
