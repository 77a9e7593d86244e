"""reproduce/rows.py: a figure's table rows are chosen by its Sidecar's kind, never guessed from
which keys the sidecar happens to hold."""

import dataclasses

import numpy as np

from common.sidecar import Sidecar
from reproduce.plan import FIGURES, Figure
from reproduce.result import FigureEntry
from reproduce.rows import extra_rows, figure_notes, figure_rows


def _pair(kind, **details):
    """A FigureEntry of `kind` whose two Sidecars (legacy, modern) have these details."""
    legacy, modern = (Sidecar(kind=kind, figure="x", pipeline=p, seconds=1.0, losses=[1.0, 2.0], dead=[],
                              nonfinite=[], details=dict(details)) for p in ("legacy", "modern"))
    return FigureEntry(Figure("x", "x.png", "nowhere", kind), legacy, modern, 0.0, 0, 8)


def _sidecars(entry):
    return entry.legacy, entry.modern


def test_rows_follow_the_kind():
    grid = [label for label, _, _ in figure_rows(_pair("grid", kept=[0], grid=[1, 2], final_loss=2.0))]
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


def test_rows_count_filters_and_leave_their_indices_to_the_sidecar():
    pair = _pair("grid", kept=[4, 7, 1], grid=[2, 2], final_loss=2.0)
    for p in _sidecars(pair):
        p.dead = [0, 2, 3, 5]
    rows = {label: legacy for label, legacy, _ in figure_rows(pair)}
    assert rows["filters in the grid"] == "3 of 4 cells (1 marked missing)"
    assert rows["dead filters"] == "4" and rows["stopped on NaN/Inf"] == "0"
    full = _pair("grid", kept=[0, 1], grid=[1, 2], final_loss=2.0)
    assert figure_rows(full)[1][1] == "2 of 2 cells"
    overview = _pair("overview", final_loss=9.0)
    for p in _sidecars(overview):
        p.dead = {"conv5_1": [0, 3], "conv5_3": [9]}
    assert figure_rows(overview)[0][1:] == ("3 (conv5_1 2, conv5_3 1)",) * 2


def test_extra_rows_follow_the_kind():
    g = Sidecar(kind="gradient", figure="gradient_map", seconds=2.0,
                details={"layer": "conv5_1", "filter": 0, "filter_objective": 1.5, "class_index": 65,
                         "class_probability": 0.25, "octaves": "not a dream"})
    assert extra_rows(g) == [("conv5_1 filter 0", "mean activation 1.5"),
                             ("class 65", "probability 0.25"), ("seconds", "2.0")]


def test_a_dead_single_filter_is_said_in_words_and_a_live_one_is_not():
    pair = _pair("filter", layer="conv5_1", filter=0, final_loss=0.0)
    assert figure_notes(pair) == []  # live in both
    for p in _sidecars(pair):
        p.dead, p.weights_source = [0], "hed-bsds500"
    (note,) = figure_notes(pair)
    assert note.startswith("**conv5_1 filter 0 is dead with these weights (`hed-bsds500`, both pipelines)")
    assert "skipped such filters" in note
    pair.modern.dead = []
    assert "legacy):**" in figure_notes(pair)[0]
    grid = _pair("grid", kept=[1], final_loss=2.0)
    grid.legacy.dead = [0]
    assert figure_notes(grid) == []  # a grid leaves dead filters out and lists them in its table


def test_claim_cells_say_whose_claim_which_weights_and_how_many():
    from reproduce.claims import ClaimRow
    from reproduce.rows import CLAIM_COLUMNS, claim_cells
    from reproduce.verdicts import SCRIPT, ClaimResult

    r = ClaimResult(claim="Some filters stay at 0", measure="dead filters", value=3.0, baseline=0.0,
                    holds=True, n=48, counts={"conv5_1": 48}, source=SCRIPT, weights="hed-bsds500")
    cells = claim_cells(ClaimRow(r, None))
    assert len(cells) == len(CLAIM_COLUMNS)
    assert "not the post's" in cells[0] and cells[2:6] == ("3", "n/a", "0", "yes")
    assert cells[6] == "`hed-bsds500`, n = 48 (conv5_1 48)"
    none = claim_cells(ClaimRow(ClaimResult(claim="c", measure="m", value=None, baseline=None, holds=None,
                                            n=0, p=0.5), None))
    assert none[1] == "m (p = 0.5)" and none[6] == "n = 0"
    assert none[2:6] == ("n/a", "n/a", "n/a", "not measurable here")
    seeds = ClaimResult(claim="c", measure="m", value=0.5, baseline=0.1, holds=True, n=9, spread=(0.25, 0.75),
                        seeds=3)
    untrained = ClaimResult(claim="c", measure="m", value=0.1, baseline=0.1, holds=False, n=9,
                            spread=(0.0, 0.2), seeds=3)
    cells = claim_cells(ClaimRow(seeds, untrained))
    assert cells[2] == "0.5 (0.25 to 0.75 over 3 seeds)" and cells[6] == "n = 9 per seed"
    assert cells[3] == "0.1 (0 to 0.2 over 3 seeds); holds: no"
    assert cells[7] == "n/a"  # not a claim on pictures: nothing of the blog's to set beside it
    blog = claim_cells(ClaimRow(seeds, None, "rotated_copies"))[7]
    assert blog == "0.481 against 0.077, n = 52; holds: yes"  # the blog's overview, measured alike


def test_likeness_rows_and_the_blogs_original():
    from reproduce.blog_reference import BLOG_FIGURE_STATS
    from reproduce.rows import blog_original, likeness_rows, likeness_text

    blog = BLOG_FIGURE_STATS["filter"]
    modern = Sidecar(kind="filter", figure="x", weights_source="hed-bsds500", steps=20)
    entry = FigureEntry(FIGURES[0], modern, modern, 0.0, 0, 8, (dataclasses.replace(blog, length=4.0), blog))
    rows = likeness_rows(entry)
    assert rows[0] == ("pictures measured", "1", "1") and rows[1][1:] == ("4.00", "7.78")
    assert "`hed-bsds500`" in likeness_text(entry)
    assert "(https://blog.keras.io/img/conv5_1_filter_0.png)" in blog_original(FIGURES[0])
    by_stem = {f.stem: f for f in FIGURES}
    assert "img/filter_dream.jpg" in blog_original(by_stem["filter_dream"])
    assert blog_original(by_stem["stitched_filters_8x8"]) is None  # the script's, not the post's


def test_each_figure_is_shown_at_the_posts_size():
    from reproduce.blog_reference import shown_width
    from reproduce.plan import FULL

    by_stem = {f.stem: f for f in FIGURES}
    one = np.zeros((128, 128, 3), np.uint8)
    assert shown_width(by_stem["conv5_1_filter_0"], one, FULL) == 256  # the post doubles it
    assert shown_width(by_stem["seasnake"], np.zeros((224, 224, 3)), FULL) == 241
    grid = np.zeros((1059, 1059, 3), np.uint8)
    assert shown_width(by_stem["stitched_filters_8x8"], grid, FULL) == 1059  # as made
    assert shown_width(by_stem["vgg16_filters_overview"], grid, FULL) == 1059  # 128-px tiles, as made


def test_claims_intro_names_the_seeds_the_atlas_and_the_untrained_network():
    from types import SimpleNamespace

    from reproduce.claims import ReportClaims
    from reproduce.rows import claims_intro

    claims = ReportClaims(source="hed-bsds500", words="trained", untrained_words="the untrained VGG16",
                          seeds=(0, 1, 2), pictures={"conv1_1": 12, "conv4_1": 512},
                          atlas_layers=["conv4_1"], rows=[])
    run = SimpleNamespace(name="full", steps=20)
    text = claims_intro(SimpleNamespace(claims=claims, settings=run))
    assert "524 live pictures with the first seed (conv1_1 12, conv4_1 512)" in text
    assert "conv1_1: the first filters of each at start-noise seeds 0, 1, 2" in text
    assert "conv4_1: every live filter the atlas rendered" in text
    assert "the same measure on the untrained VGG16" in text
    alone = dataclasses.replace(claims, atlas_layers=[], untrained_words=None)
    text = claims_intro(SimpleNamespace(claims=alone, settings=run))
    assert "atlas" not in text and "there is no second null" in text


def test_methods_rows_and_note_follow_the_numbers():
    stats = {"2016": {"lag1": 0.3, "border": 0.4, "dead": 2},
             "fourier": {"lag1": 0.8, "border": 0.25, "dead": 1}}
    pair = _pair("methods", methods=["2016", "fourier"], method_steps={"2016": 20, "fourier": 64},
                 stats=stats, layers={"conv1_1": {"filters": [3, 4]}, "conv5_2": {"filters": [0]}})
    for p in _sidecars(pair):
        p.input_size = 128
    rows = figure_rows(pair)
    assert rows[0] == ("lag-1 autocorrelation, 2016 -> fourier", "0.3 -> 0.8", "0.3 -> 0.8")
    assert [r[0] for r in rows[1:]] == ["border share of energy, 2016 -> fourier", "dead, 2016 -> fourier",
                                        "seconds"]
    (note,) = figure_notes(pair)
    assert "the same 3 filters" in note and "(64 steps)" in note and "takes 20 normalised" in note
    assert "smoother (0.8 against 0.3" in note and "smaller (0.25 against 0.4" in note
    assert "0.23 is an even spread at 128 px" in note and "1 of the 3 stay dead (2016: 2)" in note
    stats["fourier"]["lag1"] = 0.1  # a rougher picture is called rougher
    assert "rougher (0.1 against 0.3" in figure_notes(pair)[0]
