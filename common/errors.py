"""The project's error types and the one place where command-line tools turn them into exit codes.

Every bad input becomes one of these with a one-line message that names the file or argument,
says what was expected and what was found, and how to fix it. Command-line tools print that line
and exit 2, never a traceback.
"""

import argparse
import functools
import sys
import warnings

EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130


class ProjectError(Exception):
    """Base class: a problem the user can fix, reported in one line."""


class WeightFileError(ProjectError):
    """A weight file is missing, unreadable, of the wrong layout or model, or holds bad numbers."""


class ArgumentError(ProjectError):
    """A command-line argument or function argument is out of range or unknown."""


class DownloadError(ProjectError):
    """A download failed (no network, HTTP error, checksum mismatch)."""


class ProjectWarning(UserWarning):
    """Something the user should know and may want to fix (e.g. a kernel convention that does not
    match the file); the run goes on. Command-line tools print it as one line."""


def _one_line_warnings(show):
    """A warnings.showwarning that prints project warnings as `warning: message` (one line, no
    source line), and leaves every other warning to `show`."""

    def showwarning(message, category, filename, lineno, file=None, line=None):
        if issubclass(category, ProjectWarning):
            print(f"warning: {message}", file=file or sys.stderr)
        else:
            show(message, category, filename, lineno, file, line)

    return showwarning


class Parser(argparse.ArgumentParser):
    """argparse, but a bad flag is one line like every other bad input (argparse prints its
    usage over several lines first): ArgumentError, which cli_entry prints, exit 2."""

    def error(self, message):
        raise ArgumentError(f"{self.prog}: {message}; see {self.prog} --help")


def cli_entry(main):
    """Wrap a `main(argv)` so that project errors exit 2 with one line, project warnings print
    one line, and Ctrl-C exits 130."""

    @functools.wraps(main)
    def wrapper(*args, **kwargs):
        previous = warnings.showwarning
        warnings.showwarning = _one_line_warnings(previous)
        try:
            return main(*args, **kwargs)
        except ProjectError as e:
            print(f"error: {e}", file=sys.stderr)
            return EXIT_BAD_INPUT
        except KeyboardInterrupt:
            print("interrupted: completed outputs are kept; rerun to resume", file=sys.stderr)
            return EXIT_INTERRUPTED
        finally:
            warnings.showwarning = previous

    return wrapper
