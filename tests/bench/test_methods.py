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


class _FakeOurs:
    """Scores each picture by its first value: ours render pictures of `mine`, lucent's of `theirs`."""

    def __init__(self, mine):
        self.mine = mine

    def render(self, filters, steps, batch):
        return [type("R", (), {"image": [v]})() for v in self.mine]

    def score(self, pictures, filters):
        return [float(p[0]) for p in pictures]


@pytest.mark.parametrize("theirs, agrees", [([0.6, 1.0], True), ([2.0, 3.5], True), ([0.4, 1.0], False),
                                            ([3.0, 3.1], False)])
def test_agreement_compares_the_mean_scores(monkeypatch, theirs, agrees):
    from bench import lucent_peer

    monkeypatch.setattr(methods, "to_network", lambda rgb: rgb)
    rendered = lucent_peer.Rendered([[v] for v in theirs], None)
    monkeypatch.setattr(lucent_peer, "render", lambda net, layer, filters, size, steps: rendered)
    a = methods.agreement(_FakeOurs([1.0, 2.0]), None, [0, 1], 8)
    assert a.ratio == round(sum(theirs) / 3.0, 3) and a.agrees is agrees and a.ours == [1.0, 2.0]


def _row(framework):
    return {"row": f"{framework} fourier, batch 1", "framework": framework, "method": "fourier", "batch": 1,
            "steps": 2, "ms_per_filter_step": 1.0, "median_ms": 1.0, "s_per_filter": 0.1, "median_s": 0.1,
            "peak_mib": 1}


@pytest.mark.parametrize("ratio, parts", [(1.0, ["agreement", "lucent", "ours"]),
                                          (5.0, ["agreement", "ours"])])
def test_compare_times_each_framework_in_its_own_process(monkeypatch, ratio, parts):
    """The agreement part finds the live filters; lucent is timed (in a process of its own) only
    when it agrees; ours always; the timing parts get the live filters."""
    calls = []

    def in_a_process(name, weights, steps, max_batch, live=None):
        calls.append((name, live))
        if name == "agreement":
            return {"live": [3, 5], "notes": [], "agreement": {
                "filters": [3], "steps": 2, "ours": [1.0], "lucent": [ratio], "ratio": ratio, "factor": 2.0,
                "agrees": ratio <= 2.0}}
        return {"rows": [_row(name)]}

    monkeypatch.setattr(methods, "_in_a_process", in_a_process)
    result = methods.compare("w.h5", 2, progress=lambda line: None)
    assert [c[0] for c in calls] == parts and all(live == [3, 5] for name, live in calls[1:])
    assert [r.framework for r in result.rows] == parts[1:] and result.live_filters == [3, 5]
    assert (len(result.notes) == 2) is (ratio > 2.0)  # "not timed", then xplique's


@pytest.mark.parametrize("argv, fragment", [(["--part", "lucent"], "--part lucent: give the live filters"),
                                            (["--part", "ours", "--filters", "1,x"], "--filters '1,x'")])
def test_a_timing_part_needs_live_filters(argv, fragment, capsys):
    assert methods.main(["--weights", "unused.h5", *argv]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and fragment in err and "\n" not in err
