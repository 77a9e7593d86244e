"""reproduce/figures.py and reproduce/extras.py: one builder per kind of figure, found in a
table; an unknown kind is an error, never a class figure. The builders on a stand-in pipeline:
the right filters asked for, the grid's cells chosen by final loss, the Sidecar of each kind."""

import dataclasses

import numpy as np
import pytest
from reproduce_fakes import SETTINGS, Bar, pipeline

from common.sidecar import Sidecar
from reproduce import extras, figures
from reproduce.plan import FIGURES, METHOD_FIGURES, MODERN_EXTRAS, Figure
from reproduce.runner import Runner


def test_every_planned_kind_has_one_builder():
    assert {f.kind for f in FIGURES + METHOD_FIGURES} <= set(figures.KINDS)
    assert {f.kind for f in MODERN_EXTRAS} <= set(extras.KINDS)
    assert not set(figures.KINDS) & set(extras.KINDS)  # a kind is made in one place


@pytest.mark.parametrize("call", [lambda fig: figures.kind(fig).build(None, fig, None, None),
                                  lambda fig: figures.kind(fig).work(SETTINGS),
                                  lambda fig: extras.make_extra(None, fig)])
def test_an_unknown_kind_is_an_error_naming_it(call):
    with pytest.raises(ValueError, match=r"figure 'odd': unknown kind 'klass'"):
        call(Figure("odd", "odd.png", "nowhere", "klass", index=1))


def test_work_counts_the_filters_of_each_kind():
    by_kind = {f.kind: figures.kind(f).work(SETTINGS) for f in FIGURES}
    assert by_kind["grid"] == SETTINGS.grid_filters and by_kind["header"] == SETTINGS.header_filters
    assert by_kind["overview"] == 13 * SETTINGS.overview_filters
    assert by_kind["filter"] == by_kind["class"] == 1
    (methods,) = METHOD_FIGURES
    assert figures.kind(methods).work(SETTINGS) == SETTINGS.methods_filters * len(SETTINGS.methods_layers)


def _runner(tmp_path):
    r = Runner(weights=None, settings=SETTINGS, seed=0, cache=str(tmp_path), key="k")
    r._models = {("modern", False): object(), ("modern", True): object()}
    return r


def test_grid_keeps_the_best_live_filters_and_records_the_rest(tmp_path):
    calls, bar = [], Bar()
    p = pipeline(calls, dead=(3,), nonfinite=(1,))
    s = dataclasses.replace(SETTINGS, grid_filters=4, grid=(1, 2))
    runner = _runner(tmp_path)
    runner.settings = s
    fig = next(f for f in FIGURES if f.kind == "grid")
    img, sc = figures.kind(fig).build(runner, fig, p, bar)
    assert isinstance(sc, Sidecar) and (sc.kind, sc.figure, sc.pipeline) == ("grid", fig.stem, "modern")
    assert calls == [("filters", "conv5_1", [0, 1, 2, 3], s.batch["modern"])] and bar.n == 4
    # live: 0 and 2; best final loss first (2.5 before 0.5)
    assert sc.details["kept"] == [2, 0] and sc.dead == [3] and sc.nonfinite == [1]
    assert sc.details["final_loss"] == pytest.approx(1.5)  # mean of 2.5 and 0.5, exact in binary
    assert sc.losses["1"] == [] and sc.seconds == 1.0 and sc.input_size == s.size
    assert img.dtype == np.uint8 and img.shape[2] == 3
    assert sc.details["blog_file"] == fig.blog_file and sc.details["section"] == fig.section


def test_class_and_filter_sidecars(tmp_path):
    calls, bar = [], Bar()
    p = pipeline(calls)
    runner = _runner(tmp_path)
    seasnake = next(f for f in FIGURES if f.kind == "class")
    img, sc = figures.kind(seasnake).build(runner, seasnake, p, bar)
    assert (sc.kind, sc.details["class_index"], sc.input_size) == ("class", seasnake.index, 224)
    assert sc.details["final_probability"] == sc.details["final_loss"] == sc.losses[-1] and bar.n == 1
    assert img.shape == (224, 224, 3)
    one = next(f for f in FIGURES if f.kind == "filter")
    img, sc = figures.kind(one).build(runner, one, p, bar)
    assert (sc.kind, sc.details["layer"], sc.details["filter"]) == ("filter", one.layer, one.index)
    assert sc.dead == sc.nonfinite == [] and sc.losses == [0.0, 0.5]


def test_figure_pictures_cut_a_figure_back_into_its_pictures():
    from common.images import missing_cell, stitch
    from common.layers import conv_layer_names
    from reproduce.blog_reference import OVERVIEW_TOPS

    rng = np.random.default_rng(0)
    side = 16
    pics = [rng.integers(1, 256, (side, side, 3)).astype(np.uint8) for _ in range(13 * 3)]
    settings = dataclasses.replace(SETTINGS, size=side)
    by_kind = {f.kind: f for f in FIGURES}
    # the header's grid with its last cell marked missing (as make_grid draws it)
    grid = stitch(pics[:5] + [missing_cell(side, side)], 2, 3)
    cut = figures.figure_pictures(by_kind["header"], grid, settings)
    assert len(cut) == 5 and all(np.array_equal(a, b) for a, b in zip(cut, pics))
    # the overview: one row per conv layer; the blog's layers are rows 0, 2, 4, 7, 10
    rows = [stitch(pics[3 * k:3 * k + 3], 1, 3) for k in range(13)]
    cut = figures.figure_pictures(by_kind["overview"], stitch(rows, 13, 1), settings, list(OVERVIEW_TOPS))
    assert [conv_layer_names().index(k) for k in OVERVIEW_TOPS] == [0, 2, 4, 7, 10]
    expected = [p for k in (0, 2, 4, 7, 10) for p in pics[3 * k:3 * k + 3]]
    assert len(cut) == 15 and all(np.array_equal(a, b) for a, b in zip(cut, expected))
    assert figures.figure_pictures(by_kind["dream"], grid, settings) is None
    assert len(figures.figure_pictures(by_kind["class"], pics[0], settings)) == 1


def test_methods_figure_sets_fourier_beside_the_overviews_best_live_filters(tmp_path):
    from common.images import GRID_MARGIN

    calls, bar = [], Bar()
    p = pipeline(calls, dead=(1,))
    runner = _runner(tmp_path)
    runner.settings = s = dataclasses.replace(SETTINGS, overview_filters=3, methods_filters=1)
    (fig,) = METHOD_FIGURES
    img, sc = figures.kind(fig).build(runner, fig, p, bar)
    first, last = s.methods_layers[0], s.methods_layers[-1]
    # the 2016 overview's filters are read (or made) first; fourier runs only the best live one:
    # filter 2 (final loss 2.5; 1 is dead)
    assert calls[:2] == [("filters", first, [0, 1, 2], s.batch["modern"]),
                         ("filters", first, [2], s.batch["modern"], "fourier")]
    assert calls[-1] == ("filters", last, [2], s.batch["modern"], "fourier")
    d = sc.details
    assert sc.kind == "methods" and d["layers"][first]["filters"] == [2] and sc.dead == []
    assert d["methods"] == ["2016", "fourier"] and d["method_steps"]["fourier"] == s.methods_steps
    assert set(d["stats"]["fourier"]) == {"lag1", "border", "dead"} and bar.n == len(s.methods_layers)
    rows = len(s.methods_layers)
    assert img.shape == (rows * s.size + (rows - 1) * GRID_MARGIN, 2 * s.size + figures.METHODS_GAP, 3)
    assert img[:, s.size:s.size + figures.METHODS_GAP].max() == 0  # the gap between the halves


def test_methods_figure_marks_the_cells_of_a_layer_with_too_few_live_filters(tmp_path):
    from common.images import GRID_MARGIN, missing_cell

    calls, bar = [], Bar()
    runner = _runner(tmp_path)
    runner.settings = s = dataclasses.replace(SETTINGS, overview_filters=2, methods_filters=2)
    (fig,) = METHOD_FIGURES
    img, sc = figures.kind(fig).build(runner, fig, pipeline(calls, dead=(1,)), bar)
    # one live filter (0) per layer: it runs by fourier, and the second cell of each half is missing
    assert [c for c in calls if c[-1] == "fourier"] == [("filters", k, [0], s.batch["modern"], "fourier")
                                                          for k in s.methods_layers]
    assert sc.details["layers"][s.methods_layers[0]]["filters"] == [0] and bar.n == 2 * len(s.methods_layers)
    second = s.size + GRID_MARGIN  # x of each half's second cell
    for x in (second, 2 * s.size + GRID_MARGIN + figures.METHODS_GAP + second):
        assert np.array_equal(img[:s.size, x:x + s.size], missing_cell(s.size, s.size))
