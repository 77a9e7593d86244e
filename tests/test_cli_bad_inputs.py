"""Every command line against bad input, one table: each row runs the real command in a subprocess
(`python -m weights ...`, `python -m legacy.visualize`, `python -m modern.visualize`,
`python -m reproduce`, `python -m reproduce.claims`) and checks the exit code, that stderr is ONE
line naming the problem (a fragment of it is in the row), and that there is no traceback.

Rows are checked before TensorFlow starts (each answers in about a second), except the one row
that exits 0: real kernels stored unflipped, where the run goes on and warns.

Placeholders in a row's arguments: {file} the path its maker made, {tmp} the test's folder.
"""

import os
import pathlib
import subprocess
import sys
import time
from dataclasses import dataclass

import badfiles as B
import pytest
from helpers import REPO

from weights.h5files import BARALDI_FILENAME, KERAS_FILENAME

NO_NETWORK = "http://127.0.0.1:9/vgg16.h5"  # port 9 (discard) is closed: the connection is refused


@dataclass
class Row:
    id: str
    argv: list  # module, then arguments
    fragment: str  # part of the expected one line on stderr
    make: object = None  # make(tmp, files) -> path, substituted for {file}
    code: int = 2
    within: float = 60.0  # seconds the command may take
    check: object = None  # check(tmp) after the run: e.g. nothing left behind


def _wrong_md5_origin(tmp, files):
    return pathlib.Path(files["modern"]).as_uri()


def _nothing_left(tmp):
    left = [p.name for p in (tmp / "dl").iterdir()] if (tmp / "dl").exists() else []
    assert left == [], f"the failed download left {left}"


def _weights_dir_with(maker, name):
    """A --weights-dir holding the bad file under the name make reproduce looks for."""

    def make(tmp, files):
        path = pathlib.Path(maker(tmp, files))
        folder = tmp / "wdir"
        folder.mkdir()
        os.replace(path, folder / name)
        return str(folder)

    return make


def _pictures(*layers):
    """A folder for `python -m reproduce.claims`: one subfolder per (name, [picture side or
    None for a file that is no picture])."""

    def make(tmp, files):
        import imageio.v3 as iio
        import numpy as np

        folder = tmp / "pics"
        for name, sides in layers:
            (folder / name).mkdir(parents=True)
            for i, side in enumerate(sides):
                path = folder / name / f"f{i:04d}.png"
                if side is None:
                    path.write_bytes(b"<html>not a picture</html>")
                else:
                    iio.imwrite(path, np.full((side, side, 3), 128, np.uint8))
        return str(folder)

    return make


LV, MV, MD, MS = "legacy.visualize", "modern.visualize", "extras dream", "extras style"
STYLE = [MS, "--content", "coffee", "--style", "astronaut"]
F0 = ["--layer", "conv5_1", "--filter", "0"]

ROWS = [
    # --- weight files, through `weights info` (reads either layout) ---------------------------
    Row("info missing", ["weights", "info", "{file}"], "no such file", B.make_missing),
    Row("info empty", ["weights", "info", "{file}"], "an empty file", B.make_empty),
    Row("info html page", ["weights", "info", "{file}"], "HTML", B.make_html),
    Row("info not hdf5", ["weights", "info", "{file}"], "expected an HDF5 weight file", B.make_garbage),
    Row("info folder", ["weights", "info", "{file}"], "is a folder", B.make_folder),
    Row("info truncated", ["weights", "info", "{file}"], "truncated", B.make_truncated),
    Row("info no layout", ["weights", "info", "{file}"], "no recognised layout", B.make_no_layout),
    Row("info vgg19 baraldi", ["weights", "info", "{file}"], "VGG19", B.make_vgg19_baraldi),
    Row("info vgg19 keras", ["weights", "info", "{file}"], "VGG19", B.make_vgg19_keras),
    Row("info wrong shape baraldi", ["weights", "info", "{file}"],
        "expected shape (64, 3, 3, 3), found (64, 3, 5, 5)", B.make_wrong_shape_baraldi),
    Row("info wrong shape keras", ["weights", "info", "{file}"],
        "expected shape (3, 3, 64, 128), found (3, 3, 32, 128)", B.make_wrong_shape_keras),
    Row("info wrong nb_params", ["weights", "info", "{file}"], "nb_params=0", B.make_wrong_nb_params),
    Row("info missing group", ["weights", "info", "{file}"], "group missing", B.make_missing_group),
    Row("info nan", ["weights", "info", "{file}"], "NaN/Inf", B.make_nan_baraldi),
    Row("info inf", ["weights", "info", "{file}"], "NaN/Inf", B.make_inf_keras),
    # --- weight files, through the visualize commands (checked before TensorFlow) -------------
    Row("legacy missing weights", [LV, "--weights", "{file}", *F0], "no such file", B.make_missing),
    Row("modern truncated weights", [MV, "--weights", "{file}", *F0], "truncated", B.make_truncated),
    Row("legacy nan weights", [LV, "--weights", "{file}", *F0], "NaN/Inf", B.make_nan_baraldi),
    Row("modern wrong shape", [MV, "--weights", "{file}", *F0], "found (3, 3, 32, 128)",
        B.make_wrong_shape_keras),
    Row("modern vgg19", [MV, "--weights", "{file}", *F0], "VGG19", B.make_vgg19_keras),
    Row("legacy given the keras layout", [LV, "--weights", "{file}", *F0],
        "python -m weights convert --to legacy", B.make_keras_file),
    Row("modern given Baraldi's layout", [MV, "--weights", "{file}", *F0],
        "python -m weights convert --to modern", B.make_baraldi_file),
    Row("legacy notop for a class", [LV, "--weights", "{file}", "--class", "65"],
        "holds only the 13 conv layers", B.make_baraldi_file),
    Row("modern notop for a class", [MV, "--weights", "{file}", "--class", "65"],
        "the class objective needs the full file", B.make_keras_file),
    Row("legacy unflipped real kernels", [LV, "--weights", "{file}", "--layer", "conv1_1",
                                          "--filter", "0", "--size", "32", "--steps", "1"],
        'kernels="tensorflow"', B.make_unflipped_real, code=0, within=120),
    # --- visualize arguments ------------------------------------------------------------------
    Row("nothing to visualise", [LV], "say what to visualise"),
    Row("filter not a number", [LV, "--layer", "conv5_1", "--filter", "abc"],
        "argument --filter: invalid int value: 'abc'; see python -m legacy.visualize --help"),
    Row("unknown flag", [MV, "--layers", "conv5_1"], "unrecognized arguments: --layers"),
    Row("batch size zero", [MV, "--layer", "conv5_1", "--filters", "0-7", "--grid", "2x2",
                            "--batch-size", "0"], "--batch-size 0"),
    Row("batch size beyond the memory", [LV, "--layer", "conv5_1", "--filters", "0-7", "--grid",
                                         "2x2", "--batch-size", "100000"],
        "MiB per image, common/cost.py), more than the"),
    Row("unknown layer", [LV, "--layer", "conv6_1", "--filter", "0"],
        "valid names (legacy/modern): conv1_1/block1_conv1"),
    Row("unknown layer modern", [MV, "--layer", "block6_conv1", "--filter", "0"], "valid names"),
    Row("dense layer as a filter", [MV, "--layer", "fc6", "--filter", "0"], "use --class K"),
    Row("filter out of range", [MV, "--layer", "conv5_1", "--filter", "600"],
        "has 512 filters), expected 0..511"),
    Row("filter out of range conv1_1", [LV, "--layer", "conv1_1", "--filter", "64"], "expected 0..63"),
    Row("negative filter", [LV, "--layer", "conv1_1", "--filter", "-1"], "expected 0..63"),
    Row("filter range out of range", [LV, "--layer", "block5_conv2", "--filters", "500-520"],
        "--filters 500-520: out of range"),
    Row("filter range backwards", [MV, "--layer", "conv5_1", "--filters", "5-2"], "A <= B"),
    Row("class too large", [MV, "--class", "1000"], "expected 0..999"),
    Row("class negative", [LV, "--class", "-1"], "expected 0..999"),
    Row("class with another size", [LV, "--class", "65", "--size", "128"],
        "takes only 224x224"),
    Row("size too small", [MV, *F0, "--size", "16"], "at least 32 pixels"),
    Row("steps zero", [LV, *F0, "--steps", "0"], "--steps 0"),
    Row("steps negative", [MV, *F0, "--steps", "-3"], "--steps -3"),
    Row("step size zero", [MV, *F0, "--step", "0"], "positive step size"),
    Row("seed negative", [LV, *F0, "--seed", "-1"], "--seed -1"),
    Row("grid larger than filters", [MV, "--layer", "conv5_1", "--filters", "0-3", "--grid", "3x3"],
        "9 cells but only 4 filters"),
    Row("grid malformed", [LV, "--layer", "conv5_1", "--filters", "0-3", "--grid", "0x3"], "RxC"),
    Row("out under /proc", [MV, *F0, "--out", "/proc/nope"], "--out /proc/nope"),
    Row("method unknown", [MV, *F0, "--method", "lucid"], "argument --method: invalid choice: 'lucid'"),
    Row("method with a photo", [LV, *F0, "--method", "fourier", "--image", "cat"],
        "a start photo goes with --method 2016 only"),
    Row("out under a file", [LV, *F0, "--out", "{file}/sub"], "Not a directory", B.make_empty),
    # --- weights convert / synth / fetch ------------------------------------------------------
    Row("weights without a command", ["weights"], "required: COMMAND"),
    Row("convert to an unknown layout", ["weights", "convert", "--to", "sideways", "a.h5", "b.h5"],
        "invalid choice: 'sideways'"),
    Row("convert missing source", ["weights", "convert", "--to", "modern", "{file}", "{tmp}/o.h5"],
        "no such file", B.make_missing),
    Row("convert html source", ["weights", "convert", "--to", "legacy", "{file}", "{tmp}/o.h5"],
        "HTML", B.make_html),
    Row("convert into a folder", ["weights", "convert", "--to", "modern", "{file}", "{tmp}"],
        "is a folder", B.make_baraldi_file),
    Row("convert into /proc", ["weights", "convert", "--to", "modern", "{file}", "/proc/x/o.h5"],
        "cannot write there", B.make_baraldi_file),
    Row("synth negative seed", ["weights", "synth", "--seed", "-1", "--out", "{tmp}/w"], "--seed -1"),
    Row("synth into /proc", ["weights", "synth", "--out", "/proc/x"], "--out /proc/x"),
    Row("fetch no network", ["weights", "fetch", "--notop", "--out", "{tmp}/dl", "--url", NO_NETWORK],
        "weights synth", within=10, check=_nothing_left),
    Row("fetch checksum mismatch", ["weights", "fetch", "--notop", "--out", "{tmp}/dl", "--url",
                                    "{file}", "--md5", "0" * 32],
        "checksum mismatch", _wrong_md5_origin, check=_nothing_left),
    Row("fetch a bad own baraldi", ["weights", "fetch", "--out", "{tmp}/dl", "--baraldi", "{file}"],
        "VGG19", B.make_vgg19_baraldi),
    Row("fetch into /proc", ["weights", "fetch", "--out", "/proc/x"], "--out /proc/x"),
    # --- reproduce ----------------------------------------------------------------------------
    Row("reproduce unknown weights choice", ["reproduce", "--weights", "maybe"],
        "invalid choice: 'maybe'"),
    Row("reproduce out under /proc", ["reproduce", "--out", "/proc/nope", "--weights-dir", "{tmp}"],
        "--out /proc/nope"),
    Row("reproduce negative seed", ["reproduce", "--seed", "-2", "--out", "{tmp}/o",
                                    "--weights-dir", "{tmp}"], "--seed -2"),
    Row("reproduce html weights", ["reproduce", "--out", "{tmp}/o", "--weights-dir", "{file}"],
        "HTML", _weights_dir_with(B.make_html, BARALDI_FILENAME)),
    Row("reproduce truncated weights", ["reproduce", "--out", "{tmp}/o", "--weights-dir", "{file}"],
        "truncated", _weights_dir_with(B.make_truncated, KERAS_FILENAME)),
    Row("reproduce vgg19 weights", ["reproduce", "--out", "{tmp}/o", "--weights-dir", "{file}"],
        "VGG19", _weights_dir_with(B.make_vgg19_baraldi, BARALDI_FILENAME)),
    Row("reproduce real notop under the full name", ["reproduce", "--out", "{tmp}/o",
                                                     "--weights-dir", "{file}"],
        "the class objective needs the full file",
        _weights_dir_with(B.make_unflipped_real, BARALDI_FILENAME)),
    Row("reproduce unwritable weights dir", ["reproduce", "--out", "{tmp}/o", "--weights-dir",
                                             "/proc/nope"], "--weights-dir"),
    Row("reproduce atlas not a folder", ["reproduce", "--out", "{tmp}/o", "--weights-dir", "{tmp}",
                                         "--atlas", "{tmp}/no-atlas"], "no-atlas: not a folder"),
    # --- reproduce.claims (a folder of pictures) -------------------------------------------------
    Row("claims empty folder", ["reproduce.claims", "{tmp}"], "no pictures"),
    Row("claims missing folder", ["reproduce.claims", "{tmp}/missing"], "not a folder"),
    Row("claims unknown layer", ["reproduce.claims", "{file}"], "conv9_1: no such VGG16 layer; valid names",
        _pictures(("conv9_1", [32]))),
    Row("claims pool layer", ["reproduce.claims", "{file}"], "pool1 is not a conv layer",
        _pictures(("pool1", [32]))),
    Row("claims mixed sizes", ["reproduce.claims", "{file}"], "give pictures of one size",
        _pictures(("conv1_1", [32]), ("block2_conv1", [48]))),
    Row("claims unreadable picture", ["reproduce.claims", "{file}"], "f0000.png: not a readable picture",
        _pictures(("conv1_1", [None]))),
    Row("claims json under /proc", ["reproduce.claims", "{tmp}", "--json", "/proc/nope/c.json"], "--json"),
    Row("claims no seeds", ["reproduce.claims", "{tmp}", "--seeds", "0"], "--seeds 0: expected 1 or more"),
    Row("claims negative seed", ["reproduce.claims", "{tmp}", "--seed", "-1"], "--seed -1"),
    # --- extras dream (photos, deep dream, gradient maps) ---------------------------------------
    Row("dream missing weights", [MD, "deep", "--weights", "{file}"], "no such file", B.make_missing),
    Row("dream baraldi layout", [MD, "deep", "--weights", "{file}"],
        "python -m weights convert --to modern", B.make_baraldi_file),
    Row("dream notop for a class gradient", [MD, "gradient", "--class", "65", "--weights", "{file}"],
        "the class objective needs the full file", B.make_keras_file),
    Row("dream unknown layer", [MD, "deep", "--layer", "conv9_1"], "valid names"),
    Row("dream dense layer", [MD, "deep", "--layer", "fc6"], "needs a conv layer"),
    Row("dream filter out of range", [MD, "filter", "--layer", "conv5_1", "--filter", "600"],
        "expected 0..511"),
    Row("dream class out of range", [MD, "gradient", "--class", "1000"], "expected 0..999"),
    Row("dream octaves zero", [MD, "deep", "--octaves", "0"], "--octaves 0"),
    Row("dream steps zero", [MD, "deep", "--steps", "0"], "--steps 0"),
    Row("dream decay above one", [MD, "deep", "--decay", "2"], "--decay 2.0"),
    Row("dream size too small", [MD, "deep", "--size", "8"], "--size 8"),
    Row("dream negative seed", [MD, "deep", "--seed", "-1"], "--seed -1"),
    Row("dream missing photo", [MD, "deep", "--image", "{tmp}/missing.jpg", "--out", "{tmp}/o"],
        "--image"),
    Row("dream out under /proc", [MD, "deep", "--out", "/proc/nope"], "--out /proc/nope"),
    Row("dream filter unknown layer", [MD, "filter", "--layer", "pool9", "--filter", "0"],
        "valid names"),
    Row("zoom zero frames", [MD, "zoom", "--frames", "0"], "--frames 0"),
    Row("zoom scale one", [MD, "zoom", "--zoom", "1"], "--zoom 1.0"),
    Row("zoom baraldi layout", [MD, "zoom", "--weights", "{file}"],
        "python -m weights convert --to modern", B.make_baraldi_file),
    # --- extras style (Gatys et al.'s style transfer) -------------------------------------------
    Row("style no style photo", [MS, "--content", "coffee"], "--style"),
    Row("style missing content", [MS, "--content", "{tmp}/missing.jpg", "--style", "cat"],
        "--content"),
    Row("style unreadable style", [MS, "--content", "cat", "--style", "{file}"],
        "not a readable image", B.make_truncated),
    Row("style size too small", [*STYLE, "--size", "16"], "--size 16"),
    Row("style steps zero", [*STYLE, "--steps", "0"], "--steps 0"),
    Row("style negative weight", [*STYLE, "--tv-weight", "-1"], "--tv-weight -1"),
    Row("style both weights zero", [*STYLE, "--content-weight", "0", "--style-weight", "0"],
        "nothing to optimise"),
    Row("style unknown optimizer", [*STYLE, "--optimizer", "sgd"], "invalid choice"),
    Row("style missing weights", [*STYLE, "--weights", "{file}"], "no such file", B.make_missing),
    Row("style out under /proc", [*STYLE, "--out", "/proc/nope"], "--out /proc/nope"),
    # --- bench ----------------------------------------------------------------------------------
    Row("bench max batch zero", ["bench", "--max-batch", "0"], "--max-batch 0"),
    Row("bench steps zero", ["bench", "--steps", "0"], "--steps 0"),
    Row("bench row bad filters", ["bench.steps", "--pipeline", "modern", "--weights", "x",
                                  "--filters", "a"], "--filters 'a': expected whole numbers"),
    Row("bench unknown flag", ["bench", "--fast"], "unrecognized arguments: --fast"),
    Row("bench out under /proc", ["bench", "--out", "/proc/nope"], "--out /proc/nope"),
    Row("bench methods steps zero", ["bench.methods", "--weights", "x", "--steps", "0"], "--steps 0"),
    Row("bench methods no weight file", ["bench.methods", "--weights", "{tmp}/none.h5"],
        "none.h5: no such file"),
    Row("atlas pool layer", ["atlas", "--layers", "pool1", "--out", "{tmp}/a"],
        "--layers 'pool1': not a conv"),
    Row("atlas filters reversed", ["atlas", "--filters", "9-3", "--out", "{tmp}/a"], "--filters '9-3'"),
    Row("atlas size too small", ["atlas", "--size", "16", "--out", "{tmp}/a"],
        "--size 16: expected 32..1024"),
    Row("atlas unknown flag", ["atlas", "--fast"], "unrecognized arguments: --fast"),
    Row("atlas bench chunk zero", ["atlas.bench", "--chunk", "0"], "--chunk 0: expected a positive"),
    # (the atlas's --method and reproduce.methods' other rows: in-process, tests/atlas/test_cli.py
    # and tests/reproduce/test_methods.py)
    Row("methods measure 2016 against itself", ["reproduce.methods", "--method", "2016"],
        "choose the method to set against 2016"),
]


def _command_lines():
    """Every `python -m X` of the project: packages with a __main__.py, and modules with a
    __main__ block that their package's __main__ does not run (bench/run.py is `python -m
    bench`; bench/steps.py, the bench's one-row process, is `python -m bench.steps`)."""
    found = set()
    for path in sorted(pathlib.Path(REPO).glob("*/*.py")):
        if path.parts[-2] in ("tests", ".venv") or '__name__ == "__main__"' not in path.read_text():
            continue
        package = path.parent.name
        if path.name == "__main__.py":
            found.add(package)
        elif not (path.parent / "__main__.py").exists() or (
                f"{package}.{path.stem}" not in (path.parent / "__main__.py").read_text()):
            found.add(f"{package}.{path.stem}")
    return found


def run_row(row, tmp, files):
    path = row.make(tmp, files) if row.make else ""
    args = [a.format(file=path, tmp=tmp) for a in row.argv]
    args = args[0].split() + args[1:]  # "extras dream": a command and its subcommand
    if args[0] in (LV, MV, "extras") and "--out" not in args:
        args += ["--out", str(tmp / "out")]  # never into the repository's out/
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "PYTHONPATH": REPO})
    return proc, time.perf_counter() - start


def _help_rows():
    """`--help` of every command line found in the repository (so a new entry point is covered
    without anyone remembering) and of every subcommand the table above uses: exit 0, usage."""
    found = sorted(_command_lines())
    found += sorted({r.argv[0] for r in ROWS if " " in r.argv[0]})  # extras dream, extras style
    found += sorted({f"{r.argv[0]} {r.argv[1]}" for r in ROWS  # a subcommand: no flag, no path
                     if len(r.argv) > 1 and not r.argv[1].startswith(("-", "{"))})
    return [Row(f"{c} --help", [*c.split(), "--help"], f"usage: python -m {c} ", code=0)
            for c in found]


@pytest.mark.parametrize("row", _help_rows(), ids=lambda r: r.id)
def test_help(row, tmp_path):
    proc, seconds = run_row(row, tmp_path, {})
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr[-2000:]
    assert proc.stdout.startswith(row.fragment), proc.stdout[:200]
    assert seconds < row.within


@pytest.mark.parametrize("row", ROWS, ids=[r.id for r in ROWS])
def test_bad_input(row, tmp_path, synth_notop_files):
    proc, seconds = run_row(row, tmp_path, synth_notop_files)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == row.code, proc.stderr[-2000:]
    if row.code == 2:
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1, proc.stderr
        assert lines[0].startswith("error: ") and row.fragment in lines[0], lines[0]
    else:  # the run goes on; the warning is one line among TensorFlow's start-up chatter
        warnings = [x for x in proc.stderr.splitlines() if x.startswith("warning: ")]
        assert len(warnings) == 1 and row.fragment in warnings[0], proc.stderr
    assert seconds < row.within, f"took {seconds:.1f} s, expected < {row.within} s"
    if row.check:
        row.check(tmp_path)


def test_table_covers_every_command_line():
    modules = {r.argv[0].split()[0] for r in ROWS}
    assert modules == _command_lines() == {"weights", LV, MV, "extras", "reproduce", "reproduce.claims",
                                           "reproduce.methods", "bench", "bench.steps", "bench.methods",
                                           "atlas", "atlas.bench"}
    assert {r.argv[0] for r in ROWS if r.argv[0].startswith("extras")} == {MD, MS}
    # the command lines, extras' two, and weights' and dream's subcommands
    assert len(_help_rows()) == 12 + 2 + 4 + 4
    assert {r.argv[1] for r in ROWS if r.argv[0] == "weights" and len(r.argv) > 1} == {
        "info", "convert", "synth", "fetch"}
    assert {r.argv[1] for r in ROWS if r.argv[0] == MD} == {"filter", "deep", "zoom", "gradient"}
assert len(ROWS) >= 60

