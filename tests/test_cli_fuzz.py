"""Fuzzed command lines for every entry point (hypothesis, derandomised): random subcommands,
flags (known and unknown), values (numbers huge and odd, unicode text, layer names, ranges,
grids, paths that exist, do not, or cannot be written). The property: exit 0 or a documented
code (2 bad input, 3 environment), every stderr line an `error:` or `warning:` line, at most one
`error:`, and no traceback.

How the cases stay cheap: they run in-process, on each command's real `main(argv)`, and the
first step that would start real work (reading a weight file, writing the synthetic weights,
a download, a conversion, the reproduce run, the benchmark, measuring the claims on a folder)
is replaced by a sentinel that ends the case as "passed validation" (exit 0); validation
happens before any of these steps by design (visualize and dream check every argument before
TensorFlow starts). Then a sample of the cases that ended in an error or in --help is run
again through a real subprocess, which must give the same exit code and the same one line.

Each case runs in a fresh folder eight levels deep in a temporary one, so that relative paths
(even ../..) stay inside it; generated text never starts with '/' and holds no NUL (no real
command line can) and no lone surrogate (not encodable as an argument).
"""

import collections
import contextlib
import io
import os
import subprocess
import sys
import tempfile

import numpy as np
from helpers import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from common.images import png_bytes

CASES = 300  # in-process; >= 200 asked for
SAMPLE = 12  # of them, again through a subprocess
CODES = {0, 2, 3}  # README "When something goes wrong"
DEPTH = 8  # levels of the case's working folder inside its temporary folder


class _WorkStarts(Exception):
    """Raised where the command would start real work: the arguments passed validation."""


def _stop(*args, **kwargs):
    raise _WorkStarts


def _parsers():
    """Each entry point's argument parser, to draw flags and subcommands from; None for bench,
    which builds its parser inside main (its flags are BENCH_FLAGS)."""
    import cli.visualize
    import extras.dream_cli
    import extras.style_cli
    import reproduce.claims
    import reproduce.run
    import weights.cli

    return {
        "weights": weights.cli._parser(), "reproduce": reproduce.run._parser(),
        "reproduce.claims": reproduce.claims._parser(),
        "legacy.visualize": cli.visualize.parser("legacy"),
        "modern.visualize": cli.visualize.parser("modern"),
        "extras dream": extras.dream_cli.parser(), "extras style": extras.style_cli.parser(),
        "bench": None,
    }


BENCH_FLAGS = ["--weights-dir", "--out", "--max-batch", "--no-grid", "--steps"]


def _mains():
    import bench.run
    import extras.dream_cli
    import extras.style_cli
    import legacy.visualize
    import modern.visualize
    import reproduce.claims
    import reproduce.run
    import weights.cli

    return {"weights": weights.cli.main, "reproduce": reproduce.run.main,
            "reproduce.claims": reproduce.claims.main,
            "legacy.visualize": legacy.visualize.main, "modern.visualize": modern.visualize.main,
            "extras dream": extras.dream_cli.dream_main, "extras style": extras.style_cli.style_main,
            "bench": bench.run.main}


def _flags_and_subcommands(parser):
    flags, subs = [], {}
    for action in parser._actions:
        if action.option_strings:
            flags += [f for f in action.option_strings if f.startswith("--") and f != "--help"]
        elif action.choices and isinstance(action.choices, dict):  # subparsers
            subs = dict(action.choices)
    return flags, subs


PARSERS = _parsers()
PICTURE = png_bytes(np.full((8, 8, 3), 128, np.uint8))

SAFE_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                    max_size=20).map(lambda t: t.lstrip("/"))
VALUES = st.one_of(
    st.sampled_from([
        "0", "1", "2", "-1", "7", "65", "200", "511", "512", "999", "1000", "224", "32", "31",
        "nan", "inf", "-inf", "1e309", "0.5", "-0", "1e-9", "", " ", "-", "--",
        "conv5_1", "block5_conv1", "conv1_1", "fc6", "predictions", "pool5", "conv9_9",
        "conv4_3:0.5", "conv5_1:x", "0-3", "3-0", "0-0", "0-511", "0-99999999999999999999",
        "a-b", "2x2", "8x8", "0x3", "99999999x99999999", "1x1", "cat", "coffee", "astronaut",
        "theano", "tensorflow", "auto", "synthetic", "imagenet", "modern", "legacy", "tiny",
        "quick", "full", "rms", "laplacian", "max", "out", "file.txt", "file.txt/sub", "folder",
        "missing.h5", "/proc/nope", "/proc/x/o.h5", "/dev/null/x", "ñandú/ß", "日本語.h5",
        "pictures", "pictures/conv1_1", "pictures/c.json",
        "../x", "http://127.0.0.1:9/x.h5", "0" * 32,
    ]),
    st.integers(-10 ** 40, 10 ** 40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    SAFE_TEXT,
)


@st.composite
def command_lines(draw):
    name = draw(st.sampled_from(sorted(PARSERS)))
    parser, argv = PARSERS[name], []
    flags, subs = _flags_and_subcommands(parser) if parser else (BENCH_FLAGS, {})
    if subs and draw(st.integers(0, 9)) > 0:  # mostly a real subcommand, sometimes none
        sub = draw(st.sampled_from(sorted(subs)))
        argv.append(sub)
        flags = _flags_and_subcommands(subs[sub])[0]
    flags = flags or ["--out", "--seed", "--weights"]  # a command without its subcommand
    if name == "reproduce.claims" and draw(st.integers(0, 3)) > 0:  # its folder, mostly one that exists
        argv.append(draw(st.sampled_from(["pictures", "pictures", "folder", "file.txt", "missing"])))
    for _ in range(draw(st.integers(0, 7))):
        kind = draw(st.integers(0, 9))
        if kind <= 5:  # a known flag and a value
            argv += [draw(st.sampled_from(flags)), draw(VALUES)]
        elif kind <= 7:  # a known flag alone (a switch, or missing its value)
            argv.append(draw(st.sampled_from(flags)))
        elif kind == 8:  # an unknown flag, or a stray value
            argv.append(draw(st.sampled_from(["--fast", "--layers", "-x", "--", "-"]) | VALUES))
        else:
            argv.append(draw(st.sampled_from(["--help", "-h"])))
    return name, argv


@contextlib.contextmanager
def _case_folder():
    """A fresh working folder DEPTH levels inside a temporary one, with a text file, a folder and
    a folder of pictures (one conv1_1 picture, for reproduce.claims) for the generated paths to find."""
    with tempfile.TemporaryDirectory() as root:
        cwd = os.path.join(root, *["d"] * DEPTH)
        os.makedirs(os.path.join(cwd, "folder"))
        os.makedirs(os.path.join(cwd, "pictures", "conv1_1"))
        with open(os.path.join(cwd, "pictures", "conv1_1", "f0000.png"), "wb") as f:
            f.write(PICTURE)
        with open(os.path.join(cwd, "file.txt"), "w") as f:
            f.write("not a weight file\n")
        before = os.getcwd()
        os.chdir(cwd)
        try:
            yield cwd
        finally:
            os.chdir(before)


def _check(code, stderr, what):
    assert code in CODES, f"{what}: exit {code}\n{stderr}"
    assert "Traceback" not in stderr, f"{what}:\n{stderr}"
    lines = stderr.strip().splitlines()
    assert all(x.startswith(("error: ", "warning: ")) for x in lines), f"{what}:\n{stderr}"
    errors = [x for x in lines if x.startswith("error: ")]
    assert len(errors) == (1 if code else 0), f"{what}: exit {code}\n{stderr}"
    return errors[0] if errors else None


def _stop_before_work(monkeypatch):
    import bench.run
    import cli.weights
    import reproduce.claims
    import reproduce.run
    import weights.convert
    import weights.fetch
    import weights.synth

    # policy_weights provisions the default weights (it may convert the trained stack into the
    # repository's weights/): real work, stopped like reading a given file. Every command line
    # reaches both through cli.weights.weights_for or visualize's own calls.
    for module, name in [(cli.weights, "read_weights"), (cli.weights, "policy_weights"),
                         (reproduce.run, "reproduce"), (bench.run, "bench"),
                         (reproduce.claims, "claims_table"),
                         (weights.synth, "write_synthetic"), (weights.convert, "convert_file"),
                         (weights.fetch, "fetch")]:
        monkeypatch.setattr(module, name, _stop)


def test_fuzzed_command_lines(monkeypatch):
    _stop_before_work(monkeypatch)
    mains = _mains()
    seen = collections.Counter()
    sample = {}  # entry point -> cases that ended in an error or --help, for the subprocess run

    @settings(max_examples=CASES, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(command_lines())
    def case(cmd):
        name, argv = cmd
        err, out = io.StringIO(), io.StringIO()
        with _case_folder() as cwd, contextlib.redirect_stderr(err), \
                contextlib.redirect_stdout(out):
            try:
                code = mains[name](list(argv))
                outcome = "ran" if code == 0 else f"exit {code}"
            except _WorkStarts:
                code, outcome = 0, "passed validation"
            except SystemExit as e:  # --help
                code, outcome = e.code, "help"
        what = f"python -m {name} {argv!r}"
        line = _check(code, err.getvalue(), what)
        seen[(name, outcome)] += 1
        if outcome != "passed validation":
            sample.setdefault(name, []).append((argv, code, line and line.replace(cwd, "<cwd>")))

    case()
    total = sum(seen.values())
    print(f"\n{total} fuzzed command lines, 0 tracebacks:")
    for (name, outcome), n in sorted(seen.items()):
        print(f"  {name:18} {outcome:18} {n}")
    assert total >= 200
    assert {name for name, _ in seen} == set(PARSERS)
    assert {o for _, o in seen} >= {"exit 2", "help", "passed validation"}
    _run_sample(sample)


def _run_sample(sample):
    """The first cases of each entry point again, as real processes: same code, same line."""
    chosen = []
    while len(chosen) < SAMPLE and any(sample.values()):
        for name in sorted(sample):
            if sample[name] and len(chosen) < SAMPLE:
                chosen.append((name, *sample[name].pop(0)))
    for name, argv, code, line in chosen:
        with _case_folder() as cwd:
            proc = subprocess.run([sys.executable, "-m", *name.split(), *argv], cwd=cwd, capture_output=True,
                                  text=True, timeout=120, env={**os.environ, "PYTHONPATH": REPO})
            what = f"python -m {name} {argv!r} (subprocess)"
            got = _check(proc.returncode, proc.stderr, what)
            assert (proc.returncode, got and got.replace(cwd, "<cwd>")) == (code, line), what
