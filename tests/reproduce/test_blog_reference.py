"""reproduce/blog_reference.py: the blog's figures' numbers. The fast tier checks the table's own
consistency and the tile geometry on a stitched grid of known tiles; the slow tier measures the
figures again when BLOG_FIGURES names a folder holding the six files (not in this repository:
they are the blog's; see the module's docstring for where they are published)."""

import os

import imageio.v3 as iio
import numpy as np
import pytest

from common.images import stitch
from reproduce import blog_reference as B
from reproduce.claims import CLAIMS


def test_every_claim_holds_on_the_blogs_own_overview():
    assert list(B.BLOG_CLAIMS) == [c.__name__ for c in CLAIMS]
    for name, c in B.BLOG_CLAIMS.items():
        assert c.holds is True and c.p < 0.05, name
        assert c.value > c.baseline and c.spread[0] <= c.value <= c.spread[1], name
    # n: 12 conv1_1 tiles; 60 tiles, of which 8 flat colours have no length or spectrum to turn
    assert B.BLOG_CLAIMS["colour_and_direction"].n == 12 and B.BLOG_CLAIMS["more_intricate"].n == 60
    assert B.BLOG_CLAIMS["larger_patterns"].n == B.BLOG_CLAIMS["rotated_copies"].n == 52


def test_figure_statistics_cover_the_six_figures():
    assert set(B.BLOG_FIGURE_STATS) == set(B.FIGURES)
    s = B.BLOG_FIGURE_STATS
    assert s["overview"].tiles == 5 * 12 and s["header"].tiles == 3 * 8
    assert s["dream"].tiles == len(B.DREAM_CELLS)
    # the overview's flat share is its 8 flat conv1_1 tiles (of 60): 0.133
    assert s["overview"].flat_share == pytest.approx(8 / 60, abs=0.001)


def test_overview_geometry_fits_the_published_image():
    rows, cols = B.OVERVIEW_GRID
    assert cols * B.PITCH - (B.PITCH - B.TILE) == 793  # the image's width
    assert max(B.OVERVIEW_TOPS.values()) + (rows - 1) * B.PITCH + B.TILE == 1566  # its height
    tops = sorted(B.OVERVIEW_TOPS.values())
    assert all(b - a > rows * B.PITCH for a, b in zip(tops, tops[1:]))  # a title band between


def test_grid_tiles_cut_a_stitched_grid_back_into_its_tiles():
    rng = np.random.default_rng(0)
    tiles = [rng.integers(0, 256, (B.TILE, B.TILE, 3)).astype(np.uint8) for _ in range(6)]
    grid = stitch(tiles, 2, 3)  # the project's own grids have the blog's 5-px margin
    band = np.zeros((40, grid.shape[1], 3), np.uint8)
    cut = B.grid_tiles(np.concatenate([band, grid]), 40, 2, 3)
    assert all(np.array_equal(a, b) for a, b in zip(cut, tiles))


FOLDER = os.environ.get("BLOG_FIGURES")


@pytest.mark.slow
@pytest.mark.skipif(not FOLDER, reason="BLOG_FIGURES (a folder with the blog's six figures) not given")
def test_the_table_is_what_the_figures_measure():
    """~30 s: every claim three times (seeds) and each figure's statistics."""
    images = {k: iio.imread(os.path.join(FOLDER, f)) for k, f in B.FIGURES.items()}
    claims, stats = B.measure_figures(images)
    for name, c in claims.items():
        ref = B.BLOG_CLAIMS[name]
        assert (c.holds, c.n) == (ref.holds, ref.n), name
        # the table holds 3 decimals and p to 2 significant digits
        assert c.value == pytest.approx(ref.value, abs=6e-4) and c.p == pytest.approx(ref.p, rel=0.05), name
    for key, s in stats.items():
        ref = B.BLOG_FIGURE_STATS[key]
        assert s.tiles == ref.tiles
        for field in ("length", "complexity", "flat_share", "oriented_share"):
            assert getattr(s, field) == pytest.approx(getattr(ref, field), abs=6e-4), (key, field)


def test_likeness_of_a_run_figure_beside_the_blogs():
    from reproduce.plan import FIGURES, TINY

    by_stem = {f.stem: f for f in FIGURES}
    img = np.random.default_rng(0).integers(0, 256, (TINY.size, TINY.size, 3)).astype(np.uint8)
    ours, blog = B.likeness(by_stem["conv5_1_filter_0"], img, TINY)
    assert ours.tiles == 1 and ours.flat_share == 0.0 and blog == B.BLOG_FIGURE_STATS["filter"]
    assert B.likeness(by_stem["stitched_filters_8x8"], img, TINY) is None  # not in the post
