"""reproduce/rows.py: a figure's table rows are chosen by its Sidecar's kind, never guessed from
which keys the sidecar happens to hold."""

from common.sidecar import Sidecar
from reproduce.rows import extra_rows, figure_notes, figure_rows


def _pair(kind, **details):
    return {p: Sidecar(kind=kind, figure="x", pipeline=p, seconds=1.0, losses=[1.0, 2.0], dead=[],
                       nonfinite=[], details=dict(details)) for p in ("legacy", "modern")}


def test_rows_follow_the_kind():
    grid = [label for label, _, _ in figure_rows(_pair("grid", kept=[0], final_loss=2.0))]
    assert grid == ["final loss (mean over the grid)", "filters in the grid", "dead filters",
                    "stopped on NaN/Inf", "seconds"]
    klass = [label for label, _, _ in figure_rows(_pair("class", final_loss=0.5))]
    assert klass == ["final loss (probability)", "dead filters", "stopped on NaN/Inf", "seconds",
                     "loss per step"]
    # a filter dream has a nonfinite field like every sidecar, and a "kept" detail here on
    # purpose: its rows are still the dream's (no grid row, no NaN/Inf row)
    dream = [label for label, _, _ in figure_rows(_pair("dream", final_loss=1.0, kept=[1]))]
    assert dream == ["final loss", "dead filters", "seconds"]
    overview = [label for label, _, _ in figure_rows(_pair("overview", final_loss=9.0))]
    assert overview == ["dead filters", "stopped on NaN/Inf", "seconds"]


def test_extra_rows_follow_the_kind():
    g = Sidecar(kind="gradient", figure="gradient_map", seconds=2.0,
                details={"layer": "conv5_1", "filter": 0, "filter_objective": 1.5, "class_index": 65,
                         "class_probability": 0.25, "octaves": "not a dream"})
    assert extra_rows(g) == [("conv5_1 filter 0", "mean activation 1.5"),
                             ("class 65", "probability 0.25"), ("seconds", "2.0")]


def test_a_dead_single_filter_is_said_in_words_and_a_live_one_is_not():
    pair = _pair("filter", layer="conv5_1", filter=0, final_loss=0.0)
    assert figure_notes(pair) == []  # live in both
    for p in pair.values():
        p.dead, p.weights_source = [0], "hed-bsds500"
    (note,) = figure_notes(pair)
    assert note.startswith("**conv5_1 filter 0 is dead with these weights (`hed-bsds500`, both pipelines)")
    assert "skipped such filters" in note
    pair["modern"].dead = []
    assert "legacy):**" in figure_notes(pair)[0]
    grid = _pair("grid", kept=[1], final_loss=2.0)
    grid["legacy"].dead = [0]
    assert figure_notes(grid) == []  # a grid leaves dead filters out and lists them in its table
