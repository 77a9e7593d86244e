"""The blog's observations about its filter pictures, turned into measured statements.

The post says of VGG16's filter pictures: the first layers encode colour and direction; the
patterns grow larger and more complex with depth; many filters are the same, rotated by 90
degrees; some filters stay at 0 from grey noise; it takes a few seconds per filter on CPU. Each
claim here is a number measured on the run's own pictures (the 2016-deprocessed uint8 (H, W, 3)
pictures of the overview and the conv5 grids, read from the run's cache: no extra ascent),
beside a baseline: the same measure on the same pictures with their pixels shuffled (which
keeps every pixel value and destroys every spatial pattern), a shuffled null (the pictures'
layers permuted, for the depth correlation; the spectra turned at random, for the 90-degree
pairs), or the blog's own number. Pictures of one flat colour have no pattern: the length and
orientation measures leave them out (their grey is rounding and border lines). numpy only; the
measures of one picture are in reproduce/measures.py.
"""

import numpy as np

from reproduce.measures import (
    DOMINANT_SHARE,
    FLAT_SHARE,
    ORIENTATION_BINS,
    characteristic_length,
    dominant_share,
    flat_colour_share,
    lag1_autocorrelation,
    orientation_histogram,
    patterned,
    shuffled,
)

MATCH_R = 0.8  # two orientation spectra match at Pearson correlation >= 0.8
HOLDS_MARGIN = 0.2  # a share holds when it beats its baseline by 20 points
FEW_SECONDS = 10.0  # "a few seconds per filter", read generously
NULL_DRAWS = 50
DEPTH_DRAWS = 200  # permutations of the pictures' layers for the depth null (cheap: medians only)
DEPTH_RHO = 0.5  # "grow with depth": a Spearman correlation of at least 0.5 ...
DEPTH_P = 0.05  # ... that its permutation null reaches in under 5 % of the draws


# --- measures on sets of pictures ---------------------------------------------------------------

def colour_or_direction(pictures):
    """Share of pictures that are a flat colour or have one dominant orientation."""
    if not pictures:
        return float("nan")
    hits = [flat_colour_share(p) >= FLAT_SHARE or dominant_share(orientation_histogram(p)) >= DOMINANT_SHARE
            for p in pictures]
    return float(np.mean(hits))


def _pearson_matrix(a, b):
    a = a - a.mean(axis=1, keepdims=True)
    b = b - b.mean(axis=1, keepdims=True)
    na, nb = np.linalg.norm(a, axis=1), np.linalg.norm(b, axis=1)
    return (a @ b.T) / np.maximum(np.outer(na, nb), 1e-300)


def _number(x):
    """A measured number for the table; "n/a" where there was nothing to measure (NaN)."""
    return f"{x:.2f}" if np.isfinite(x) else "n/a"


def rotation_match_share(hists, turn_bins=ORIENTATION_BINS // 2):
    """Share of spectra (rows of `hists`) with another one that matches it (Pearson >= MATCH_R)
    once turned by `turn_bins` bins (90 degrees by default)."""
    hists = np.asarray(hists, np.float64)
    if len(hists) < 2:
        return float("nan")
    r = _pearson_matrix(np.roll(hists, turn_bins, axis=1), hists)
    np.fill_diagonal(r, -np.inf)
    return float(np.mean(r.max(axis=1) >= MATCH_R))


def rotation_null(hists, rng, draws=NULL_DRAWS):
    """The same share after each spectrum is turned by its own random whole number of bins: the
    shapes stay, their alignment is shuffled. (mean, 95th percentile) over `draws`."""
    hists = np.asarray(hists, np.float64)
    shares = []
    for _ in range(draws):
        turned = np.stack([np.roll(h, int(rng.integers(len(h)))) for h in hists])
        shares.append(rotation_match_share(turned))
    return float(np.mean(shares)), float(np.percentile(shares, 95))


def depth_null(depths, lengths, rng, draws=DEPTH_DRAWS):
    """The depth correlation when the pictures' layers are shuffled among them: the Spearman
    correlation of layer order with the per-layer median length, for `draws` permutations of
    `depths` (one layer index per picture, matching `lengths`). An array of `draws` values."""
    depths, lengths = np.asarray(depths), np.asarray(lengths, np.float64)
    return np.array([depth_correlation(rng.permutation(depths), lengths) for _ in range(draws)])


def p_value(value, null):
    """Share of the null at or above `value`, counting the value itself (never 0)."""
    return float((1 + np.sum(np.asarray(null) >= value)) / (1 + len(null)))


def layer_medians(depths, lengths):
    """{layer index: median length of its pictures}, in layer order."""
    depths, lengths = np.asarray(depths), np.asarray(lengths, np.float64)
    return {int(d): float(np.median(lengths[depths == d])) for d in np.unique(depths)}


def depth_correlation(depths, lengths):
    """Spearman correlation of layer order with the per-layer median length."""
    medians = layer_medians(depths, lengths)
    return spearman(list(medians), list(medians.values()))


def _ranks(v):
    """Ranks from 0, ties sharing their mean rank."""
    v = np.asarray(v, np.float64)
    ranks = np.empty(len(v))
    ranks[np.argsort(v, kind="stable")] = np.arange(len(v))
    for value in np.unique(v):
        ranks[v == value] = ranks[v == value].mean()
    return ranks


def spearman(x, y):
    """Spearman rank correlation (ties take their mean rank); 0 when either is constant."""
    rx, ry = _ranks(x), _ranks(y)
    return float(np.corrcoef(rx, ry)[0, 1]) if np.std(rx) > 0 and np.std(ry) > 0 else 0.0


# --- the table ----------------------------------------------------------------------------------

def claims_table(pictures, dead, seconds, seed=0):
    """One row per claim: {"claim", "measure", "value", "baseline", "holds"}.

    pictures: {layer: [uint8 (H, W, 3) pictures of its live filters]}, conv1_1 ... conv5_3 in
    order; dead: {layer: (dead count, filters tried)}; seconds: {pipeline: seconds per filter}.
    """
    rng = np.random.default_rng(seed)
    layers = list(pictures)
    rows = []

    early = [p for layer in layers if layer.startswith("conv1_") for p in pictures[layer]]
    value = colour_or_direction(early)
    base = colour_or_direction([shuffled(p, rng) for p in early])
    rows.append(dict(
        claim="The first layers encode colour and direction",
        measure=f"share of the {len(early)} conv1_x pictures that are one flat colour (>= "
                f"{FLAT_SHARE:.0%} of the variance between channel means) or one orientation "
                f"(>= {DOMINANT_SHARE:.0%} of the spectral power in 30 degrees); baseline: the "
                "same pictures, pixels shuffled (a flat picture stays flat)",
        value=f"{value:.2f}", baseline=f"{base:.2f}", holds=bool(value >= base + HOLDS_MARGIN)))

    patterns = {layer: [p for p in pictures[layer] if patterned(p)] for layer in layers}
    depths = [d for d, layer in enumerate(layers) for _ in patterns[layer]]
    lengths = [characteristic_length(p) for layer in layers for p in patterns[layer]]
    medians = layer_medians(depths, lengths) if lengths else {}
    rho = depth_correlation(depths, lengths) if len(medians) >= 2 else float("nan")
    null = depth_null(depths, lengths, rng) if len(medians) >= 2 else np.full(1, np.nan)
    p = p_value(rho, null)
    rows.append(dict(
        claim="Patterns grow larger with depth",
        measure=f"Spearman correlation of layer order with the characteristic length (pixels per "
                f"cycle at the centroid of the radially averaged power spectrum, median per layer "
                f"over its {len(lengths)} patterned pictures (flat colours left out): "
                + ", ".join(f"{layers[d]} {v:.1f}" for d, v in medians.items())
                + f"); baseline: the pictures' layers shuffled ({DEPTH_DRAWS} draws), mean "
                f"(share at or above the value: p = {p:.3f}; holds at >= {DEPTH_RHO} and "
                f"p < {DEPTH_P})",
        value=_number(rho), baseline=_number(np.mean(null)),
        holds=bool(rho >= DEPTH_RHO and p < DEPTH_P) if np.isfinite(rho) else None))

    structure = [lag1_autocorrelation(p) for layer in layers for p in pictures[layer]]
    structure0 = [lag1_autocorrelation(shuffled(p, rng)) for layer in layers for p in pictures[layer]]
    rows.append(dict(
        claim="The pictures show patterns, not noise",
        measure="median lag-1 autocorrelation of every picture (neighbouring pixels); baseline: "
                "shuffled pixels",
        value=f"{np.median(structure):.2f}", baseline=f"{np.median(structure0):.2f}",
        holds=bool(np.median(structure) >= np.median(structure0) + 0.1)))

    hists = {layer: [orientation_histogram(p) for p in patterns[layer]] for layer in layers}
    oriented = {layer: [h for h in hs if dominant_share(h) >= DOMINANT_SHARE] for layer, hs in hists.items()}
    counted = [(rotation_match_share(hs), len(hs)) for hs in oriented.values() if len(hs) >= 2]
    nulls = [rotation_null(hs, rng) + (len(hs),) for hs in oriented.values() if len(hs) >= 2]
    n = sum(c for _, c in counted)
    share = sum(s * c for s, c in counted) / n if n else float("nan")
    null_mean = sum(m * c for m, _, c in nulls) / n if n else float("nan")
    null_95 = sum(q * c for _, q, c in nulls) / n if n else float("nan")
    rows.append(dict(
        claim="Many filters are the same, rotated by 90 degrees",
        measure=f"share of the {n} oriented pictures (not flat colours) with a partner in the same layer "
                f"whose orientation spectrum matches theirs turned by 90 degrees (Pearson >= {MATCH_R}); "
                f"baseline: each spectrum turned at random ({NULL_DRAWS} draws), mean "
                f"(95th percentile {_number(null_95)})",
        value=_number(share), baseline=_number(null_mean),
        holds=bool(n >= 4 and share > null_95) if n else None))

    tried = sum(t for _, t in dead.values())
    dead_n = sum(d for d, _ in dead.values())
    rows.append(dict(
        claim="Some filters stay at 0 from grey noise",
        measure="dead filters (every activation 0 from the start image, as the 2016 script "
                "leaves them) per layer: " + ", ".join(f"{k} {d}/{t}" for k, (d, t) in dead.items() if d)
                + "; baseline: none dead",
        value=f"{dead_n}/{tried}", baseline="0", holds=bool(dead_n > 0)))

    per = ", ".join(f"{k} {v:.2f} s" for k, v in seconds.items())
    rows.append(dict(
        claim="A few seconds per filter on CPU",
        measure=f"seconds per filter of the overview's filters, from the run's cache ({per}); "
                f"baseline: the blog's 'a few seconds', read as <= {FEW_SECONDS:.0f} s",
        value=f"{max(seconds.values()):.2f} s" if seconds else "n/a",
        baseline=f"{FEW_SECONDS:.0f} s", holds=bool(seconds) and max(seconds.values()) <= FEW_SECONDS))
    return rows
