"""Every command answers `--help` and its argument errors without importing TensorFlow (or the
other libraries that take a second or more to import: Keras, Ray, PyTorch, scipy). The modules a
command imports at start keep those inside the functions that use them (each says so near its
top); an import moved to a module's top that reaches one of them fails here.

One fresh process runs, one after another as `python -m` runs them, the `--help` of every command
line and subcommand and every argument error of tests/test_cli_bad_inputs.py that needs no file
made first; after each, none of those libraries may be loaded. (The subprocess rows of that file
check the messages and the exit codes; this one what a command loaded to give them: a few seconds
for all of them, where a process each would take a minute.)"""

import json
import os
import subprocess
import sys

from helpers import REPO
from test_cli_bad_inputs import LV, MD, MS, MV, ROWS, _help_rows

HEAVY = ("tensorflow", "keras", "ray", "torch", "scipy")

RUN_ALL = """
import contextlib, io, json, runpy, sys, warnings
warnings.simplefilter("ignore", RuntimeWarning)  # runpy: a module run again as __main__
heavy = json.loads(sys.argv[2])
for argv, code in json.loads(sys.argv[1]):
    sys.argv = [argv[0], *argv[1:]]
    got = None
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            runpy.run_module(argv[0], run_name="__main__", alter_sys=True)
        except SystemExit as e:
            got = e.code
    loaded = [m for m in heavy if m in sys.modules]
    if got != code or loaded:
        print(json.dumps({"argv": argv, "exit": got, "expected": code, "loaded": loaded}))
        sys.exit(1)
"""


def _command_lines(tmp):
    """[(argv after `python -m`, the exit code expected)]: every --help, then the argument errors."""
    lines = []
    for row in _help_rows() + [r for r in ROWS if r.code == 2 and r.make is None]:
        args = [a.format(tmp=tmp) for a in row.argv]
        args = args[0].split() + args[1:]  # "extras dream": a command and its subcommand
        if row.argv[0] in (LV, MV, MD, MS) and "--out" not in args:
            args += ["--out", os.path.join(tmp, "out")]
        lines.append((args, row.code))
    return lines


def test_help_and_argument_errors_import_no_tensorflow(tmp_path):
    lines = _command_lines(str(tmp_path))
    assert len(lines) > 90  # every command line's --help and most of the argument errors
    proc = subprocess.run([sys.executable, "-c", RUN_ALL, json.dumps(lines), json.dumps(HEAVY)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": REPO})
    assert proc.returncode == 0, proc.stdout + proc.stderr[-2000:]
