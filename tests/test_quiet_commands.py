"""Every command's quickest form, run as a user would with its output piped to a file: no
TensorFlow start-up line (common/startup.py) and progress as plain lines (common/progress.py).
`make reproduce`'s tiny run is checked the same way in tests/reproduce/test_run.py, and every run
of both visualize commands (their grids with progress) in tests/cli/test_visualize.py."""

import subprocess
import sys

import pytest
from helpers import REPO, assert_quiet_output, command_env

# (name, argv after `python -m`, with {legacy}/{modern}/{out} filled in; progress lines expected)
COMMANDS = [
    ("extras dream", ["extras", "dream", "deep", "--weights", "{modern}", "--layer", "conv1_1",
                      "--octaves", "1", "--steps", "1", "--size", "32", "--out", "{out}"], False),
    ("extras style", ["extras", "style", "--weights", "{modern}", "--content", "cat", "--style", "coffee",
                      "--size", "32", "--steps", "1",
                      "--out", "{out}"], False),
    ("bench.steps", ["bench.steps", "--pipeline", "modern", "--weights", "{modern}", "--filters", "0",
                     "--steps", "1", "--repeats", "1"], False),
    ("weights info", ["weights", "info", "{legacy}"], False),
]


@pytest.mark.parametrize("argv,progress", [c[1:] for c in COMMANDS], ids=[c[0] for c in COMMANDS])
def test_piped_output_is_plain_text(argv, progress, synth_notop_files, tmp_path):
    argv = [a.format(out=tmp_path, **synth_notop_files) for a in argv]
    proc = subprocess.run([sys.executable, "-m", *argv], cwd=REPO, capture_output=True, text=True,
                          timeout=600, env=command_env())
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert_quiet_output(proc, progress)
