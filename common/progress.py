"""Progress of long work, for a person at a terminal and for a log file alike.

On a terminal: Keras's own progress bar (rewritten in place, with its rate and ETA). Anywhere
else (output piped to a file or another program, CI): plain lines such as

    conv5_1: 37/200 filters, 0:41 elapsed, ETA 1:52

at most one every `every` seconds and always the last, so that a log reads as text instead of a
line of terminal escape codes per update (Keras 3 writes its bar with colour codes and carriage
returns whatever the stream is). Given the steps per item, a line also says the rate in
filter-steps per second, the unit `make bench` and the atlas report.
"""

import sys
import time

# Keras (and with it TensorFlow) is imported only for the bar on a terminal: a log needs no
# TensorFlow for its lines, and the commands import this module at start.

EVERY_S = 10.0  # seconds between two plain lines: a 15-minute run writes ~90, a short one 1-2


def clock(seconds):
    """0:41, 1:52, 1:02:03: minutes and seconds, hours where there are any; "?" if unknown."""
    if seconds != seconds or seconds == float("inf"):
        return "?"
    m, s = divmod(int(round(seconds)), 60)
    h, m = divmod(m, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class Progress:
    """progress.add(n) after n more of `total` items are done (the callback the engines take).

    label: what is being done ("conv5_1", "legacy: stitched_filters_8x8"); unit: one item's
    name ("filter", "class"); steps: ascent steps per item, for the filter-steps/s rate (None: no rate);
    stream: where the lines go (default stdout, where Keras's bar goes); quiet: nothing at all;
    lazy: nothing until the first item is worked on (add), so that work found done (skip) passes
    in silence, and on a terminal the label is printed above the bar when it starts.
    """

    def __init__(self, total, label, unit="filter", steps=None, stream=None, every=EVERY_S,
                 quiet=False, lazy=False):
        self.total, self.label, self.unit, self.steps = total, label, unit, steps
        self.stream, self.every, self.quiet, self.lazy = stream or sys.stdout, every, quiet, lazy
        self.done, self.t0, self.last = 0, time.perf_counter(), None
        self._bar = None
        self.started = not lazy  # whether anything has been (or will be) shown
        if not lazy:
            self._start()

    def _start(self):
        self.started = True
        if not self.quiet and self.stream.isatty():
            import keras

            if self.lazy:  # the bar carries no label of its own
                self.stream.write(f"{self.label}\n")
            self._bar = keras.utils.Progbar(self.total, unit_name=self.unit)
            if self.done:
                self._bar.update(self.done)

    def skip(self, n=1):
        """n more items found done (reused, or with nothing to do): counted, and shown as add()
        shows them unless the progress is lazy and nothing has been worked on yet."""
        if self.started:
            self.add(n)
        else:
            self.done += n

    def add(self, n=1):
        if not self.started:
            self._start()
        self.done += n
        if self.quiet:
            return
        if self._bar is not None:
            self._bar.add(n)
            return
        now = time.perf_counter()
        due = self.last is None or now - self.last >= self.every
        if due or self.done >= self.total:
            self.last = now
            self.stream.write(self.line(now - self.t0) + "\n")
            self.stream.flush()

    def line(self, elapsed):
        """The plain line after `elapsed` seconds (see the module's docstring)."""
        rate = self.done / elapsed if elapsed > 0 else 0.0
        eta = (self.total - self.done) / rate if rate else float("inf")
        plural = self.unit + ("es" if self.unit.endswith("s") else "s")
        text = f"{self.label}: {self.done}/{self.total} {plural}, {clock(elapsed)} elapsed"
        if self.steps:
            text += f", {rate * self.steps:.3g} filter-steps/s"
        return text + (f", ETA {clock(eta)}" if self.done < self.total else "")
