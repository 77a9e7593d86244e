"""bench/methods.py without a network: the best-batch search and its rows, and the command line."""

import time

import pytest

from bench import methods


def test_rows_at_batch_1_and_at_the_best_batch():
    """A fake framework whose filter-step costs less at batch 2: two rows, each's figures per
    filter-step and per filter from the filter-steps the run reports."""
    def run(chunk, steps):
        time.sleep(0.002 * steps * (1 if len(chunk) == 2 else len(chunk)))
        return steps * len(chunk)

    rows = methods.time_framework("fake", "fourier", run, [5, 6, 7], 2, [1, 2, 4], lambda line: None)
    assert [(r.row, r.batch) for r in rows] == [("fake fourier, batch 1", 1), ("fake fourier, best batch", 2)]
    best = rows[1]
    assert best.steps == 2
    assert best.s_per_filter == pytest.approx(best.ms_per_filter_step * 2 / 1000, abs=0.01)
    assert best.ms_per_filter_step <= best.median_ms


def test_a_best_batch_of_1_is_one_row():
    rows = methods.time_framework("fake", "maco", lambda chunk, steps: steps * len(chunk), [3], 1, [1],
                                  lambda line: None)
    assert [r.row for r in rows] == ["fake maco, batch 1, the best batch"]


@pytest.mark.parametrize("argv", [["--steps", "0"], ["--max-batch", "-1"]])
def test_bad_numbers_are_one_line(argv, capsys):
    assert methods.main(["--weights", "unused.h5", *argv]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: --") and "\n" not in err
