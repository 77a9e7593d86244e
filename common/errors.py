"""The project's error types and the one place where command-line tools turn them into exit codes.

Every bad input becomes one of these with a one-line message that names the file or argument,
says what was expected and what was found, and how to fix it. Command-line tools print that line
and exit 2, never a traceback. A bad environment (no space left, a read-only file system,
permission denied, a folder removed mid-run, an output folder another run holds) is printed the
same way and exits 3, so that a script can tell "fix the command" from "fix the machine, rerun".
"""

import argparse
import errno
import functools
import os
import signal
import sys
import warnings

from common.startup import hush_tensorflow_startup

EXIT_BAD_INPUT = 2
EXIT_ENVIRONMENT = 3
EXIT_INTERRUPTED = 130


class ProjectError(Exception):
    """Base class: a problem the user can fix, reported in one line."""

    exit_code = EXIT_BAD_INPUT


class EnvironmentProblem(ProjectError):
    """The machine, not the command, is in the way (e.g. another run holds the output folder)."""

    exit_code = EXIT_ENVIRONMENT


class WeightFileError(ProjectError):
    """A weight file is missing, unreadable, of the wrong layout or model, or holds bad numbers."""


class ArgumentError(ProjectError):
    """A command-line argument or function argument is out of range or unknown."""


class DownloadError(ProjectError):
    """A download failed (no network, HTTP error, checksum mismatch)."""


# What to do about an OSError, by errno; the path and the system's own words come first.
_ADVICE = {
    errno.ENOSPC: "free some space or choose another folder with --out, then rerun",
    errno.EDQUOT: "free some space or choose another folder with --out, then rerun",
    errno.EROFS: "choose a writable folder with --out, then rerun",
    errno.EACCES: "fix the permissions or choose another folder with --out, then rerun",
    errno.EPERM: "fix the permissions or choose another folder with --out, then rerun",
    errno.ENOENT: "was it removed while the run was going? rerun",
    errno.EIO: "the disk reported an input/output error; check it, then rerun",
}


def environment_message(e):
    """One line for an OSError: the path, the system's words, what to do; finished work is kept
    (every output is written under a temporary name, then renamed) and a rerun reuses it."""
    path = e.filename if e.filename is not None else "(a file being written)"
    advice = _ADVICE.get(e.errno, "fix that, then rerun")
    # The system's words for the errno: h5py's own strerror runs over several lines.
    reason = os.strerror(e.errno) if e.errno else " ".join(str(e.strerror or e).split())
    return f"{path}: {reason}; {advice} (finished work is kept and a rerun resumes)"


class ProjectWarning(UserWarning):
    """Something the user should know and may want to fix (e.g. a kernel convention that does not
    match the file); the run goes on. Command-line tools print it as one line."""


def one_line(text):
    """`text` with every character that is not printable (a newline, a tab, \\x1e, an escape
    sequence...) written as its Python escape: a message that quotes the user's input stays
    one line, whatever was typed."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                   for c in str(text))


def _one_line_warnings(show):
    """A warnings.showwarning that prints project warnings as `warning: message` (one line, no
    source line), and leaves every other warning to `show`."""

    def showwarning(message, category, filename, lineno, file=None, line=None):
        if issubclass(category, ProjectWarning):
            print(f"warning: {one_line(message)}", file=file or sys.stderr)
        else:
            show(message, category, filename, lineno, file, line)

    return showwarning


class Parser(argparse.ArgumentParser):
    """argparse, but a bad flag is one line like every other bad input (argparse prints its
    usage over several lines first): ArgumentError, which cli_entry prints, exit 2."""

    def error(self, message):
        raise ArgumentError(f"{self.prog}: {message}; see {self.prog} --help")


def cli_entry(main):
    """Wrap a `main(argv)` so that project errors exit 2 (bad input) or 3 (bad environment,
    including any OSError) with one line, project warnings print one line, Ctrl-C exits 130, and
    TensorFlow's start-up lines stay off the output (common/startup.py)."""

    @functools.wraps(main)
    def wrapper(*args, **kwargs):
        hush_tensorflow_startup()
        previous = warnings.showwarning
        warnings.showwarning = _one_line_warnings(previous)
        interrupted = []

        def on_sigint(signum, frame):
            # Python raises KeyboardInterrupt wherever the main thread is; inside TensorFlow's
            # tracing (autograph) it comes out wrapped in another exception type. Remember
            # that Ctrl-C came, so that whatever surfaces is reported as the interruption.
            interrupted.append(signum)
            signal.default_int_handler(signum, frame)

        previous_sigint = _set_sigint(on_sigint)
        try:
            return main(*args, **kwargs)
        except BaseException as e:  # noqa: B036 (re-raised below unless Ctrl-C caused it)
            if not interrupted or isinstance(e, SystemExit):
                raise
            print("interrupted: completed outputs are kept; rerun to resume", file=sys.stderr)
            return EXIT_INTERRUPTED
        finally:
            warnings.showwarning = previous
            _set_sigint(previous_sigint)

    return _report_errors(wrapper)


def _set_sigint(handler):
    """Install a SIGINT handler where Python allows it (the main thread); the previous one, or
    None when it could not be set (then Ctrl-C keeps Python's default KeyboardInterrupt)."""
    if handler is None:
        return None
    try:
        return signal.signal(signal.SIGINT, handler)
    except ValueError:  # not the main thread
        return None


def _report_errors(wrapper):
    """The error half of cli_entry: project errors, OSError and a plain KeyboardInterrupt."""

    @functools.wraps(wrapper)
    def report(*args, **kwargs):
        try:
            return wrapper(*args, **kwargs)
        except ProjectError as e:
            print(f"error: {one_line(e)}", file=sys.stderr)
            return e.exit_code
        except OSError as e:  # the disk or the folder, not the command: see environment_message
            print(f"error: {one_line(environment_message(e))}", file=sys.stderr)
            return EXIT_ENVIRONMENT
        except KeyboardInterrupt:
            print("interrupted: completed outputs are kept; rerun to resume", file=sys.stderr)
            return EXIT_INTERRUPTED

    return report
