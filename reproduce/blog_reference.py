"""The blog post's own figures, measured: the numbers only (the figures are the blog's, never
copied here), and how each was measured, so anyone can measure them again.

The figures are those of the post as published (the blog's source is public; the fork
`jrosebr1/keras-blog` on GitHub holds them under `img/`):

- `vgg16_filters_overview.jpg` (793 x 1566, JPEG), "Visualize all the filters!": five layers,
  each a black title band ("conv1_1: a few of the 64 filters") over two rows of six 128x128
  tiles, 5 px of black between tiles. The tiles' top rows, measured on the image's dark rows
  and columns (mean grey < 30 in a band): conv1_1 45 and 178, conv2_1 361 and 494, conv3_1 678 and
  811, conv4_1 992 and 1125, conv5_1 1305 and 1438; columns 0, 133, 266, 399, 532, 665 (a 133-px
  pitch). OVERVIEW_TOPS and overview_tiles() cut them: 12 tiles per layer, row by row.
- `conv5_2_stitched_filters_8x3.png` (1059 x 396): 3 rows of 8 conv5_2 tiles, 128 px at a 133-px
  pitch from (0, 0), and 2 black rows below (grid_tiles()).
- `conv5_1_filter_0.png` (256 x 256): one picture. `seasnake.jpg` (241 x 241) and `magpie.jpg`
  (236 x 271): the class pictures. `filter_dream.jpg` (1295 x 650): 2 rows of 4 dreams on one
  photo, cells of about 318 px at uneven pitches; DREAM_CELLS are the cells' top-left corners
  (from the dark rows and columns, mean grey < 15), each cut DREAM_SIDE px square.

Steps: read each image (imageio, RGB uint8), cut the tiles as above, and call measure_figures()
(which is what tests/reproduce/test_blog_reference.py does with BLOG_FIGURES=<folder of the six
files>): the claims of reproduce/claims.py on the overview's tiles, one layer per band, with
seeds 0, 1 and 2 (surrogates and shufflings); and each figure's picture statistics
(reproduce/measures.py), the median over its tiles with seed 0. Measured 2026-12-07; the table
below is that output, rounded to 3 decimals.
"""

from dataclasses import dataclass

import numpy as np

from common.layers import TOP_INPUT_SIZE
from reproduce.claims import CLAIMS, claims_table
from reproduce.figures import figure_pictures
from reproduce.measures import FLAT_SHARE, characteristic_length, complexity, flat_colour_share, oriented
from reproduce.plan import OVERVIEW_GRID, OVERVIEW_LAYERS

TILE = 128
PITCH = 133  # 128 px tile + 5 px of black
OVERVIEW_TOPS = dict(zip(OVERVIEW_LAYERS, (45, 361, 678, 992, 1305)))  # each layer's first row
HEADER_GRID = (3, 8)
DREAM_CELLS = [(r, c) for r in (3, 328) for c in (3, 325, 649, 976)]
DREAM_SIDE = 314
SEEDS = (0, 1, 2)
FIGURES = {"overview": "vgg16_filters_overview.jpg", "header": "conv5_2_stitched_filters_8x3.png",
           "filter": "conv5_1_filter_0.png", "seasnake": "seasnake.jpg", "magpie": "magpie.jpg",
           "dream": "filter_dream.jpg"}


@dataclass(frozen=True)
class BlogClaim:
    """A claim of reproduce/claims.py (keyed by its function's name in CLAIMS) measured on the
    overview's tiles."""

    value: float | None  # seed 0
    baseline: float | None  # seed 0
    holds: bool | None  # the verdict with every seed of SEEDS (None: not measurable with any)
    n: int
    p: float | None  # seed 0
    spread: tuple  # (lowest, highest) value over SEEDS


@dataclass(frozen=True)
class FigureStats:
    """Picture statistics of one blog figure, the median over its tiles (seed 0)."""

    figure: str  # key of FIGURES
    tiles: int
    length: float  # characteristic length, px per cycle (NaN: all flat)
    complexity: float  # 1 - compressed size / its phase-randomised surrogates'
    flat_share: float  # share of tiles that are a flat colour
    oriented_share: float  # share of tiles with a direction (beats its isotropic surrogates)


def grid_tiles(img, top, rows, cols, pitch=PITCH, side=TILE):
    """[uint8 (side, side, 3)] row by row, the first tile's top-left corner at (top, 0)."""
    return [np.asarray(img)[top + r * pitch: top + r * pitch + side, c * pitch: c * pitch + side, :3]
            for r in range(rows) for c in range(cols)]


def overview_tiles(img):
    """{layer: 12 tiles} of vgg16_filters_overview.jpg."""
    return {layer: grid_tiles(img, top, *OVERVIEW_GRID) for layer, top in OVERVIEW_TOPS.items()}


def figure_tiles(images):
    """{figure key: [tiles]} from {figure key: the image (H, W, 3)}."""
    img = {k: np.asarray(v)[:, :, :3] for k, v in images.items()}
    return {"overview": [t for ts in overview_tiles(img["overview"]).values() for t in ts],
            "header": grid_tiles(img["header"], 0, *HEADER_GRID),
            "filter": [img["filter"]], "seasnake": [img["seasnake"]], "magpie": [img["magpie"]],
            "dream": [img["dream"][r:r + DREAM_SIDE, c:c + DREAM_SIDE] for r, c in DREAM_CELLS]}


def figure_stats(key, tiles, seed=0):
    rng = np.random.default_rng(seed)
    lengths = [characteristic_length(t) for t in tiles]
    return FigureStats(
        figure=key, tiles=len(tiles),
        length=float(np.nanmedian(lengths)) if np.isfinite(lengths).any() else float("nan"),
        complexity=float(np.median([complexity(t, rng) for t in tiles])),
        flat_share=float(np.mean([flat_colour_share(t) >= FLAT_SHARE for t in tiles])),
        oriented_share=float(np.mean([oriented(t, rng) for t in tiles])))


def blog_claims(overview):
    """{claim function name: BlogClaim} of reproduce/claims.py's CLAIMS on the overview image."""
    rows = claims_table(overview_tiles(overview), seeds=SEEDS)
    return {claim.__name__: BlogClaim(value=r.value, baseline=r.baseline, holds=r.holds, n=r.n, p=r.p,
                                      spread=r.spread) for claim, r in zip(CLAIMS, rows)}


# the run's figures (reproduce/plan.py's stems) that the post shows, and their key in FIGURES
BLOG_KEYS = {"conv5_1_filter_0": "filter", "conv5_2_stitched_filters_8x3": "header",
             "vgg16_filters_overview": "overview", "seasnake": "seasnake", "magpie": "magpie"}
BLOG_IMAGES = "https://blog.keras.io/img/"  # where the post's figures are published
SHOWN = {**BLOG_KEYS, "filter_dream": "dream"}  # every run figure the post shows
# the side in px of one picture of each figure as the post shows it (above): the single filter at
# twice the 128 px it was made at, the class pictures at about 240, a dream's cells at about 318
BLOG_SIDES = {"overview": 128, "header": 128, "filter": 256, "seasnake": 241, "magpie": 236, "dream": 318}


def blog_url(fig):
    """The address of the post's own picture of a run figure, or None when the post does not show it."""
    key = SHOWN.get(fig.stem)
    return None if key is None else BLOG_IMAGES + FIGURES[key]


def shown_width(fig, img, settings):
    """The width in px at which the report shows a run figure (its image `img`): its pictures at
    the size the post shows them, or as made for a figure the post does not show."""
    key, width = SHOWN.get(fig.stem), np.asarray(img).shape[1]
    made = TOP_INPUT_SIZE if fig.kind == "class" else settings.size
    return width if key is None else round(width * BLOG_SIDES[key] / made)


def likeness(fig, img, settings):
    """(ours, the blog's) FigureStats of a run's figure (its unmarked image), or None for a figure
    the post does not show or that is not made of pictures from noise. The overview: the rows of
    the layers the blog's shows."""
    key = BLOG_KEYS.get(fig.stem)
    tiles = None if key is None else figure_pictures(fig, img, settings, list(OVERVIEW_TOPS))
    return None if not tiles else (figure_stats(key, tiles), BLOG_FIGURE_STATS[key])


def measure_figures(images):
    """({claim name: BlogClaim}, {figure key: FigureStats}) of the six figures ({key: image})."""
    tiles = figure_tiles(images)
    return blog_claims(images["overview"]), {k: figure_stats(k, v) for k, v in tiles.items()}


# measure_figures() on the six figures, rounded to 3 decimals (p to 2 significant digits). The
# post's claims all hold on its own overview, with every seed; the conv4_1 claim on its 12 tiles
# (5 of them find their best partner at the 90-degree turn, none at 45 degrees) just so.
# claim: BlogClaim(value, baseline, holds, n, p, spread over SEEDS)
BLOG_CLAIMS = {
    "colour_and_direction": BlogClaim(0.333, 0.05, True, 12, 0.0022, (0.333, 0.333)),
    "larger_patterns": BlogClaim(0.783, 0.202, True, 52, 0.005, (0.783, 0.783)),
    "more_intricate": BlogClaim(0.702, 0.223, True, 60, 0.005, (0.689, 0.704)),
    "rotated_copies": BlogClaim(0.481, 0.077, True, 52, 5.2e-05, (0.481, 0.481)),
    "rotated_in_conv4_1": BlogClaim(0.417, 0.0, True, 12, 0.031, (0.417, 0.417)),
}
# figure: FigureStats(figure, tiles, length, complexity, flat_share, oriented_share)
BLOG_FIGURE_STATS = {f.figure: f for f in (
    FigureStats("overview", 60, 4.999, 0.036, 0.133, 0.817),
    FigureStats("header", 24, 6.725, 0.046, 0.0, 0.958),
    FigureStats("filter", 1, 7.777, 0.052, 0.0, 1.0),
    FigureStats("seasnake", 1, 6.171, 0.234, 0.0, 0.0),
    FigureStats("magpie", 1, 9.965, 0.462, 0.0, 1.0),
    FigureStats("dream", 8, 110.806, 0.241, 0.0, 1.0),
)}
