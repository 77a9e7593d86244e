"""common/progress.py: plain periodic lines when the output is not a terminal (no escape codes),
Keras's bar on one."""

import io

from common.progress import Progress, clock


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_clock_reads_minutes_seconds_and_hours():
    assert [clock(s) for s in (0, 41, 112, 3723, float("inf"))] == ["0:00", "0:41", "1:52", "1:02:03", "?"]


def test_a_log_gets_plain_lines_at_most_every_period_and_always_the_last():
    stream = io.StringIO()
    bar = Progress(200, "conv5_1", stream=stream, every=3600)
    for _ in range(200):
        bar.add(1)
    lines = stream.getvalue().splitlines()
    # the first update (so a log shows the work started) and the last, nothing between in an hour
    assert len(lines) == 2, lines
    assert lines[0].startswith("conv5_1: 1/200 filters, 0:00 elapsed, ETA ")
    assert lines[1].startswith("conv5_1: 200/200 filters, ") and "ETA" not in lines[1]
    assert "\x1b" not in stream.getvalue() and "\r" not in stream.getvalue()


def test_every_update_is_a_line_when_the_period_is_zero_and_the_rate_is_in_filter_steps():
    stream = io.StringIO()
    bar = Progress(4, "atlas", steps=20, stream=stream, every=0)
    bar.add(2)
    bar.add(2)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2 and "filter-steps/s, ETA " in lines[0] and lines[1].endswith("filter-steps/s")


def test_a_terminal_gets_keras_bar_and_quiet_gets_nothing():
    stream = _Terminal()
    bar = Progress(3, "conv5_1", stream=stream)
    bar.add(3)
    assert bar._bar is not None and stream.getvalue() == ""  # Keras writes its bar to stdout itself
    quiet = io.StringIO()
    q = Progress(3, "x", stream=quiet, quiet=True)
    q.add(3)
    assert quiet.getvalue() == "" and q.done == 3


def test_a_lazy_progress_is_silent_until_work_starts_and_then_counts_what_was_skipped():
    stream = io.StringIO()
    bar = Progress(4, "legacy: magpie", stream=stream, every=0, lazy=True)
    bar.skip(3)
    assert stream.getvalue() == "" and bar.done == 3 and not bar.started
    bar.add(1)
    assert len(stream.getvalue().splitlines()) == 1
    assert stream.getvalue().startswith("legacy: magpie: 4/4 filters") and bar.started


def test_a_lazy_progress_on_a_terminal_prints_its_label_above_the_bar_when_it_starts():
    stream = _Terminal()
    bar = Progress(2, "modern: seasnake", stream=stream, lazy=True)
    bar.skip(1)
    assert stream.getvalue() == "" and bar._bar is None
    bar.add(1)
    assert stream.getvalue() == "modern: seasnake\n" and bar._bar is not None
