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

TILE = 128
PITCH = 133  # 128 px tile + 5 px of black
OVERVIEW_TOPS = {"conv1_1": 45, "conv2_1": 361, "conv3_1": 678, "conv4_1": 992, "conv5_1": 1305}
OVERVIEW_GRID = (2, 6)  # rows, columns per layer
HEADER_GRID = (3, 8)
DREAM_CELLS = [(r, c) for r in (3, 328) for c in (3, 325, 649, 976)]
DREAM_SIDE = 314
SEEDS = (0, 1, 2)
FIGURES = {"overview": "vgg16_filters_overview.jpg", "header": "conv5_2_stitched_filters_8x3.png",
           "filter": "conv5_1_filter_0.png", "seasnake": "seasnake.jpg", "magpie": "magpie.jpg",
           "dream": "filter_dream.jpg"}


@dataclass(frozen=True)
class BlogClaim:
    """A claim of reproduce/claims.py measured on the overview's tiles."""

    claim: str
    value: float | None  # seed 0
    baseline: float | None  # seed 0
    holds: bool | None  # the verdict with every seed of SEEDS (None: not measurable with any)
    n: int
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
    from reproduce.measures import FLAT_SHARE, characteristic_length, complexity, flat_colour_share, oriented

    rng = np.random.default_rng(seed)
    lengths = [characteristic_length(t) for t in tiles]
    return FigureStats(
        figure=key, tiles=len(tiles),
        length=float(np.nanmedian(lengths)) if np.isfinite(lengths).any() else float("nan"),
        complexity=float(np.median([complexity(t, rng) for t in tiles])),
        flat_share=float(np.mean([flat_colour_share(t) >= FLAT_SHARE for t in tiles])),
        oriented_share=float(np.mean([oriented(t, rng) for t in tiles])))


def blog_claims(overview):
    """[BlogClaim] of the claims of reproduce/claims.py on the overview image."""
    from reproduce.claims import claims_table

    tables = [claims_table(overview_tiles(overview), seed=s) for s in SEEDS]
    out = []
    for rows in zip(*tables):
        values = [r.value for r in rows if r.value is not None]
        verdicts = {r.holds for r in rows}
        out.append(BlogClaim(claim=rows[0].claim, value=rows[0].value, baseline=rows[0].baseline,
                             holds=verdicts.pop() if len(verdicts) == 1 else False, n=rows[0].n,
                             spread=(min(values), max(values)) if values else (None, None)))
    return out


def measure_figures(images):
    """([BlogClaim], {figure key: FigureStats}) of the six figures, {figure key: image}."""
    tiles = figure_tiles(images)
    return blog_claims(images["overview"]), {k: figure_stats(k, v) for k, v in tiles.items()}
