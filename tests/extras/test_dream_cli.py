"""`python -m extras dream` (extras/dream_cli.py): help without TensorFlow, one-line errors
naming the argument, every command writing a PNG with a JSON sidecar, and the same seed giving
the same bytes."""

import json
import os
import subprocess
import sys

import imageio.v3 as iio
import pytest
from helpers import REPO

from extras.dream_cli import dream_main
from weights.h5files import BARALDI_FILENAME, BARALDI_NOTOP_FILENAME, KERAS_FILENAME, KERAS_NOTOP_FILENAME

SIDECAR = {"pipeline", "command", "weights", "weights_md5", "weights_source", "synthetic", "synthetic_seed",
           "seed", "image", "input_size", "versions", "seconds"}


def test_help_is_fast_and_needs_no_tensorflow():
    code = ("import sys, runpy; sys.argv = ['extras', 'dream', '--help']\n"
            "try: runpy.run_module('extras', run_name='__main__')\n"
            "except SystemExit: pass\n"
            "assert 'tensorflow' not in sys.modules")
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                          timeout=60, env={**os.environ, "PYTHONPATH": REPO})
    assert proc.returncode == 0, proc.stderr
    assert "filter,deep,zoom,gradient" in proc.stdout


@pytest.mark.parametrize("argv,message", [
    (["deep", "--image", "nope.png"], "--image 'nope.png': no such file"),
    (["deep", "--octaves", "5", "--size", "64"], "--octaves 5: the smallest octave"),
    (["deep", "--decay", "0"], "--decay 0.0"),
    (["deep", "--layer", "fc6"], "--layer fc6: deep dream needs a conv layer"),
    (["filter", "--layer", "conv9_1", "--filter", "0"], "--layer 'conv9_1'"),
    (["filter", "--layer", "conv5_1", "--filter", "0", "--steps", "0"], "--steps 0"),
    (["gradient", "--class", "1000"], "--class 1000: out of range"),
    (["gradient", "--layer", "conv5_1"], "--layer NAME --filter I"),
    (["deep", "--size", "8"], "--size 8"),
])
def test_bad_arguments_give_one_line(argv, message, synth_notop_files, capsys, tmp_path):
    code = dream_main([*argv, "--weights", synth_notop_files["modern"], "--out", str(tmp_path)])
    err = capsys.readouterr().err.strip()
    assert code == 2 and message in err and len(err.splitlines()) == 1, err


def run(tmp_path, weights, *argv):
    assert dream_main([*argv, "--weights", weights, "--out", str(tmp_path)]) == 0


def test_every_command_writes_a_figure_and_sidecar(synth_notop_files, tmp_path):
    w = synth_notop_files["modern"]
    run(tmp_path, w, "filter", "--layer", "conv5_1", "--filter", "0", "--filter", "3", "--size", "64",
        "--steps", "2")
    run(tmp_path, w, "filter", "--layer", "conv5_1", "--filter", "0", "--filter", "3", "--combine",
        "--size", "64", "--steps", "2", "--image", "coffee")
    run(tmp_path, w, "gradient", "--layer", "conv4_1", "--filter", "5", "--size", "64")
    expected = {"filter_dream_conv5_1_cat": (64 + 14, 3 * 64 + 2 * 5),  # photo, 2 filters; mark
                "filter_dream_conv5_1_0+3_coffee": (64 + 14, 64),
                "gradient_conv4_1_5_cat": (64 + 14, 2 * 64 + 5)}
    for stem, shape in expected.items():
        meta = json.loads((tmp_path / f"{stem}.json").read_text())
        assert SIDECAR <= set(meta) and meta["synthetic"] is True, stem
        assert meta["weights_source"] == "synthetic", stem
        assert iio.imread(tmp_path / f"{stem}.png").shape[:2] == shape, stem
    assert json.loads((tmp_path / "filter_dream_conv5_1_0+3_coffee.json").read_text())["combined"]


def test_deep_dream_same_seed_same_bytes(synth_notop_files, tmp_path):
    argv = ["deep", "--layer", "conv3_3", "--layer", "conv4_1:0.5", "--size", "64", "--octaves",
            "2", "--steps", "2", "--seed", "3", "--norm", "laplacian", "--levels", "2", "--blur",
            "0.5", "--clip", "10", "--decay", "0.99"]
    for sub in ("a", "b"):
        run(tmp_path / sub, synth_notop_files["modern"], *argv)
    stem = "deep_dream_conv3_3+conv4_1_cat"
    a, b = [(tmp_path / sub / f"{stem}.png").read_bytes() for sub in ("a", "b")]
    assert a == b
    ma, mb = [json.loads((tmp_path / sub / f"{stem}.json").read_text()) for sub in ("a", "b")]
    ma.pop("seconds"), mb.pop("seconds")
    assert ma == mb and ma["seed"] == 3 and len(ma["octaves"]) == 2
    assert ma["regularizers"]["norm"] == "laplacian" and ma["layers"] == [["conv3_3", 1.0], ["conv4_1", 0.5]]


def test_class_gradient_uses_the_full_model(synth_files, tmp_path):
    run(tmp_path, synth_files["modern"], "gradient", "--class", "281", "--image", "cat")
    meta = json.loads((tmp_path / "gradient_class_281_cat.json").read_text())
    assert meta["input_size"] == 224 and 0 < meta["objective"] < 1  # a softmax probability
    assert meta["gradient_rms"] > 0


# command -> (argv, weights_source, weight file relative to the weights folder) when --weights is
# not given: the policy for the command's kind of figure (dreams need only the conv stack)
HED = f"hed-bsds500/{KERAS_NOTOP_FILENAME}"
DEFAULT_ROWS = {
    "filter": (["filter", "--layer", "conv5_1", "--filter", "0", "--size", "64", "--steps", "2"],
               "hed-bsds500", HED),
    "deep": (["deep", "--layer", "conv3_3", "--size", "64", "--octaves", "1", "--steps", "1"],
             "hed-bsds500", HED),
    "gradient --class": (["gradient", "--class", "65"], "synthetic",
                         f"synthetic-seed0/{KERAS_FILENAME}"),
}


@pytest.mark.parametrize("row", list(DEFAULT_ROWS))
def test_default_weights_follow_the_policy(row, tmp_path, monkeypatch, trained_files, synth_files,
                                           capsys):
    """A regression: the default --weights was the fixed real file name (which `make dream`
    filled with a synthetic file). Offline (conftest), without ImageNet files, the dreams use the
    trained conv stack and a class gradient the synthetic network; the sidecar says which. The
    converted files are linked in, so that nothing is written into the folder."""
    from cli import weights as cli
    from modern.visualize import PIPELINE as MODERN

    folder = tmp_path / "weights"
    for rel, src in ((HED, trained_files["modern"]),
                     (f"hed-bsds500/{BARALDI_NOTOP_FILENAME}", trained_files["legacy"]),
                     (f"synthetic-seed0/{KERAS_FILENAME}", synth_files["modern"]),
                     (f"synthetic-seed0/{BARALDI_FILENAME}", synth_files["legacy"])):
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).symlink_to(src)
    monkeypatch.setattr(cli, "WEIGHTS_DIR", str(folder))
    argv, source, rel = DEFAULT_ROWS[row]
    if row == "gradient --class":  # the full model (reading and checking 553 MB, 5 s) is not
        # rerun here: the command's default is this call (test_class_gradient_uses_the_full_model
        # runs the command on a given file)
        assert cli.policy_weights(MODERN, True) == str(folder / rel)
        return
    out = tmp_path / "out"
    assert dream_main([*argv, "--out", str(out)]) == 0
    assert capsys.readouterr().out.startswith("weights: ")
    (sidecar,) = out.glob("*.json")
    meta = json.loads(sidecar.read_text())
    assert meta["weights_source"] == source and meta["weights"] == str(folder / rel)
    assert meta["synthetic"] is (source == "synthetic")


def test_make_dream_writes_no_weight_file():
    """`make dream` wrote the synthetic network under the real file names when they were absent;
    the dream command now takes its weights from the policy. `make -n` prints the recipe only."""
    proc = subprocess.run(["make", "-n", "-o", ".venv/.installed", "dream"], cwd=REPO,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "extras dream deep" in proc.stdout
    assert "-m weights" not in proc.stdout  # neither `weights synth` nor any other weights command


def test_zoom_writes_frames_gif_and_sidecar(synth_notop_files, tmp_path):
    run(tmp_path, synth_notop_files["modern"], "zoom", "--frames", "3", "--size", "48",
        "--steps", "1", "--jitter", "2")
    stem = "zoom_conv4_3_cat"
    assert sorted(p.name for p in (tmp_path / stem).iterdir()) == [
        "frame_0000.png", "frame_0001.png", "frame_0002.png"]
    gif = iio.imread(tmp_path / f"{stem}.gif")
    assert gif.shape[0] == 3  # one GIF frame per PNG frame
    meta = json.loads((tmp_path / f"{stem}.json").read_text())
    assert SIDECAR <= set(meta) and meta["frames"] == 3 and len(meta["frame_seconds"]) == 3
    assert meta["weights_source"] == "synthetic" and meta["synthetic"] is True
    # the command's PNG is the last frame (both with the synthetic mark)
    assert (tmp_path / f"{stem}.png").read_bytes() == (tmp_path / stem / "frame_0002.png").read_bytes()
