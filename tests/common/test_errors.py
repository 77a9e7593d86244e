"""common/errors.py cli_entry: how a command line ends. Ctrl-C is exit 130 with one line even when
it surfaces as another exception type (TensorFlow's tracing wraps what is raised inside it)."""

import os
import signal

import pytest

from common.errors import EXIT_INTERRUPTED, ArgumentError, cli_entry


def _sigint_then_raise(wrapped):
    """A main() that receives Ctrl-C and lets what it raised surface as `wrapped` (or as
    KeyboardInterrupt when wrapped is None)."""

    @cli_entry
    def main():
        try:
            os.kill(os.getpid(), signal.SIGINT)
            for _ in range(1000):
                pass
        except KeyboardInterrupt as e:
            if wrapped is None:
                raise
            raise wrapped("raised while tracing") from e
        return 0

    return main


@pytest.mark.parametrize("wrapped", [None, RuntimeError, TypeError, ValueError],
                         ids=["plain", "RuntimeError", "TypeError", "ValueError"])
def test_ctrl_c_is_130_with_one_line_whatever_surfaces(wrapped, capsys):
    assert _sigint_then_raise(wrapped)() == EXIT_INTERRUPTED
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("interrupted:")


def test_without_ctrl_c_other_exceptions_are_not_hidden(capsys):
    @cli_entry
    def main():
        raise RuntimeError("a bug")

    with pytest.raises(RuntimeError, match="a bug"):
        main()


def test_project_errors_still_exit_with_their_code(capsys):
    @cli_entry
    def main():
        raise ArgumentError("--layer x: unknown")

    assert main() == 2
    assert capsys.readouterr().err.strip() == "error: --layer x: unknown"


def test_the_previous_sigint_handler_is_restored():
    before = signal.getsignal(signal.SIGINT)

    @cli_entry
    def main():
        assert signal.getsignal(signal.SIGINT) is not before
        return 0

    assert main() == 0
    assert signal.getsignal(signal.SIGINT) is before
