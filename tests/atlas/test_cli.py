"""`python -m atlas`'s command line: --help works, and every bad argument is one `error:` line
naming it, exit 2, before TensorFlow or Ray start."""

import subprocess
import sys

import pytest

from atlas.bench import main as bench_main
from atlas.cli import main


@pytest.mark.parametrize("argv, words", [
    (["--layers", "pool1"], "--layers 'pool1': not a conv layer"),
    (["--layers", "conv9_9"], "--layer 'conv9_9': no such VGG16 layer"),
    (["--filters", "9-3"], "--filters '9-3': expected A-B"),
    (["--filters", "0-64", "--layers", "conv1_1"], "filter 64 is out of range"),
    (["--pipelines", "legacy,keras"], "--pipelines 'keras': expected one of legacy, modern"),
    (["--size", "16"], "--size 16: expected 32..1024"),
    (["--steps", "0"], "--steps 0: expected a positive whole number"),
    (["--seed", "-1"], "--seed -1: expected a whole number >= 0"),
    (["--chunk", "0"], "--chunk 0: expected a positive whole number"),
    (["--no-ray", "--workers", "2"], "--no-ray runs in this process"),
    (["--size", "1024", "--chunk", "4096"], "--chunk 4096: a batch of 4096 images at 1024x1024"),
    (["--bogus"], "unrecognized arguments: --bogus"),
    (["--method", "lucid"], "--method 'lucid': expected one of 2016, fourier, maco"),
])
def test_bad_arguments_are_one_line_exit_2(argv, words, capsys, tmp_path):
    assert main(argv + ["--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and words in err, err
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_bench_bad_workers(capsys):
    assert bench_main(["--workers", "x"]) == 2
    assert "--workers 'x': expected worker counts" in capsys.readouterr().err


@pytest.mark.parametrize("module", ["atlas", "atlas.bench"])
def test_help(module):
    done = subprocess.run([sys.executable, "-m", module, "--help"], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0 and "usage: python -m " + module in done.stdout


def test_each_method_has_its_own_folder_and_steps():
    from atlas.cli import DEFAULT_OUT, check_args, parser

    for method, out, steps in (("2016", DEFAULT_OUT, 20), ("fourier", DEFAULT_OUT + "-fourier", 128)):
        args = parser().parse_args(["--method", method, "--layers", "conv1_1", "--no-ray"])
        check_args(args)
        assert (args.out, args.steps) == (out, steps)
