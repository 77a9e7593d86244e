"""The blog post's observations about its filter pictures, each turned into one measured claim.

The post says of VGG16's filters ("Visualize all the filters!"): "the first layers basically just
encode direction and color"; the textures "gradually get combined into increasingly complex
patterns"; "the filters become more intricate as they start incorporating information from an
increasingly larger spatial extent"; "a lot of these filters are identical, but rotated by some
non-random factor (typically 90 degrees)", which "holds true even for relatively high-level
filters, such as those in conv4_1"; and the ascent "takes a few seconds on CPU". The companion
script adds that some filters stay at 0 from grey noise.

Each claim is one small function in CLAIMS, giving a ClaimResult: the number, its null, whether
it clears the null (None when there is too little to measure), how many pictures it comes from.
The pictures: uint8 (H, W, 3) per layer (the run's, a folder's, or the atlas's). The nulls keep
what the claim does not speak of (reproduce/measures.py): isotropic surrogates for direction,
phase-randomised surrogates for complexity (Theiler et al. 1992), the pictures' layers shuffled for
a trend with depth, and the off-grid turn for the 90-degree turn. The claims on the network
itself (its conv1_1 kernels, its effective receptive field, its filters dead at the start image)
are in reproduce/kernels.py, reproduce/receptive.py and reproduce/dead.py; the result type and the
statistics in reproduce/verdicts.py. Validated on hand-made pictures (tests/reproduce/test_claims.py)
and on the blog's own figures (reproduce/blog_reference.py).

    python -m reproduce.claims DIR [--json FILE]   # DIR/conv1_1/*.png ... (either layer spelling)
"""

import json
import os
import sys
from dataclasses import dataclass, replace

import imageio.v3 as iio
import numpy as np

from common import cache as K
from common.errors import ArgumentError, Parser, cli_entry
from common.files import check_writable_folder, write_bytes
from common.images import check_seed, deprocess_hwc, initial_image
from common.layers import conv_layer_names, find_layer
from common.progress import Progress
from common.provenance import weights_md5
from reproduce.dead import dead_filters_claim
from reproduce.kernels import kernel_claims
from reproduce.measures import (
    FLAT_SHARE,
    ORIENTED_DRAWS,
    TURN_BINS,
    anisotropic_spectrum,
    best_partner,
    characteristic_length,
    complexity,
    flat_colour_share,
    oriented,
    patterned,
)
from reproduce.plan import OVERVIEW_GRID, OVERVIEW_LAYERS
from reproduce.receptive import receptive_field_claim
from reproduce.verdicts import (
    DEPTH_DRAWS,
    SIGNIFICANCE,
    ClaimResult,
    binomial_tail,
    depth_trend,
    over_seeds,
)
from weights.provision import synthetic_weights
from weights.source import Provision

NETWORK_CLAIMS = "network_claims.json"  # the network's own claims, in a run's cache folder
MIN_DECIDED = 5  # a sign test on fewer than 5 decided filters cannot reach p < 0.05 (1/32)
LENGTH_RISE = 1.0  # px per cycle: a quarter of white noise's ~4 (the untrained network's grow 0.15)
COMPLEXITY_RISE = 0.03  # white-noise pictures measure within +-0.03 of 0 (surrogate sizes vary)
FEW_SECONDS = 10.0  # "a few seconds per filter", read generously
REPORT_SEEDS = 3  # the report measures each picture claim with seeds seed, seed + 1, seed + 2


# --- the pictures -----------------------------------------------------------------------------------

def in_order(pictures):
    """[(depth, legacy layer name, pictures)] in VGG16's order; a name in either spelling."""
    order = conv_layer_names()
    named = [(find_layer(k).legacy_name, v) for k, v in pictures.items()]
    return sorted(((order.index(k), k, v) for k, v in named), key=lambda t: t[0])


def _per_layer(medians):
    return ", ".join(f"{k} {v:.3g}" for k, v in medians.items())


def _trend(pictures, measure, keep, rng):
    """(rho, null 95th percentile, p, {layer: median}, {layer: count}) of `measure` over the
    pictures that `keep` accepts; rho None with fewer than two layers or four pictures."""
    depths, values, medians, counts = [], [], {}, {}
    for depth, layer, pics in in_order(pictures):
        vals = [measure(p) for p in pics if keep(p)]
        counts[layer] = len(vals)
        if vals:
            medians[layer] = float(np.median(vals))
            depths += [depth] * len(vals)
            values += vals
    if len(medians) < 2 or len(values) < 4:
        return None, None, None, medians, counts
    return (*depth_trend(depths, values, rng), medians, counts)


def _trend_result(claim, what, trend, rise=0.0):
    """A trend with depth holds when rho > 0 at p < SIGNIFICANCE and the last layer's median
    exceeds the first's by at least `rise` (a material change, not only a consistent one)."""
    rho, null95, p, medians, counts = trend
    grew = bool(medians) and list(medians.values())[-1] - list(medians.values())[0] >= rise
    holds = None if rho is None else bool(rho > 0 and p < SIGNIFICANCE and grew)
    return ClaimResult(
        claim=claim, value=rho, baseline=null95, holds=holds, n=sum(counts.values()), counts=counts, p=p,
        measure=f"Spearman correlation of each picture's layer depth with its {what} (median per "
                f"layer: {_per_layer(medians)}); baseline: the 95th percentile of the same with the "
                f"pictures' layers shuffled ({DEPTH_DRAWS} draws); holds when above it at "
                f"p < {SIGNIFICANCE}" + (f" and the last layer's median is at least {rise} above the "
                                         "first's" if rise else ""))


# --- one function per claim -------------------------------------------------------------------------

def colour_and_direction(pictures, rng):
    """conv1_x: some pictures a flat colour, some a grey orientation (both kinds needed)."""
    early = {layer: pics for _, layer, pics in in_order(pictures) if layer.startswith("conv1_")}
    pics = [p for v in early.values() for p in v]
    colour = sum(flat_colour_share(p) >= FLAT_SHARE for p in pics)
    direction = sum(oriented(p, rng) for p in pics)
    rate = 1 / (ORIENTED_DRAWS + 1)
    n = len(pics)
    p = max(binomial_tail(colour, n, rate), binomial_tail(direction, n, rate)) if n else None
    return ClaimResult(
        claim="The first layers basically just encode direction and color", n=n,
        counts={k: len(v) for k, v in early.items()}, p=p,
        value=min(colour, direction) / n if n else None, baseline=rate if n else None,
        holds=bool(p < SIGNIFICANCE) if n else None,
        measure=f"of {n} conv1_x pictures, {colour} are a flat colour (>= {FLAT_SHARE:.0%} of the "
                f"variance between the channel means) and {direction} a direction (their dominant "
                f"30-degree share of spectral power beats each of {ORIENTED_DRAWS} isotropic "
                "surrogates, which keep the radial spectrum); value: the smaller share; baseline: "
                f"the surrogate test's false-positive rate {rate:.2f} (noise is never a flat colour); "
                f"holds when both counts beat it (binomial p < {SIGNIFICANCE})")


def larger_patterns(pictures, rng):
    """Pattern length grows with depth (the pictures' side of "an increasingly larger spatial
    extent"; the network's side is the effective receptive field, reproduce/receptive.py)."""
    trend = _trend(pictures, characteristic_length, patterned, rng)
    return _trend_result("The filters incorporate information from an increasingly larger spatial "
                         "extent (pictures: pattern size)",
                         "characteristic length (pixels per cycle at the centroid of the radially "
                         "averaged power spectrum; flat colours left out)", trend, LENGTH_RISE)


def more_intricate(pictures, rng):
    """Complexity beyond the spectrum grows with depth."""
    trend = _trend(pictures, lambda p: complexity(p, rng), lambda p: True, rng)
    return _trend_result("Textures get combined into increasingly complex patterns; the filters "
                         "become more intricate",
                         "complexity (1 - compressed size / that of its phase-randomised "
                         "surrogates: ~0 for flat colours, noise and gratings)", trend, COMPLEXITY_RISE)


def turn_scores(pics):
    """(no turn, 90 degrees, 45 degrees): each picture's best partner in its set, (n,) each."""
    spectra = [anisotropic_spectrum(p) for p in pics]
    return tuple(best_partner(spectra, b) for b in (0, TURN_BINS // 2, TURN_BINS // 4))


def _turn_wins(pics):
    """(filters whose best partner is found at the 90-degree turn, at the 45-degree turn): the
    turn (none, 90 or 45 degrees) at which the partner matches best. Without turned copies the
    90- and the 45-degree turn are alike and win as often (the pixel grid's own 90-degree
    symmetry favours no turn as much as the 90-degree one: measured on the untrained network's
    pictures, 17 against 21)."""
    s0, s90, s45 = turn_scores(pics)
    return int(np.sum(s90 > np.maximum(s0, s45))), int(np.sum(s45 > np.maximum(s0, s90)))


def _rotated(pictures, layers, claim):
    counts, wins = {}, {}
    for _, layer, pics in in_order(pictures):
        pics = [p for p in pics if patterned(p)]
        if layer in layers and len(pics) >= 3:
            counts[layer], wins[layer] = len(pics), _turn_wins(pics)
    n = sum(counts.values())
    on, off = sum(w[0] for w in wins.values()), sum(w[1] for w in wins.values())
    p = binomial_tail(on, on + off, 0.5) if on + off >= MIN_DECIDED else None
    return ClaimResult(
        claim=claim, n=n, counts=counts, p=p, value=on / n if n else None, baseline=off / n if n else None,
        holds=None if p is None else bool(p < SIGNIFICANCE),
        measure=f"share of the {n} patterned pictures whose best partner in their layer (Pearson "
                "correlation of the polar log spectra less each ring's mean, which ignores position) "
                "is found turned by 90 degrees, better than turned by 45 degrees or not turned; "
                "baseline: the share found at the off-grid 45-degree turn the same way (per layer, "
                f"90 vs 45: {', '.join(f'{k} {a}/{b}' for k, (a, b) in wins.items())}); "
                f"holds when the 90-degree wins beat the 45-degree ones (sign test p < "
                f"{SIGNIFICANCE}; not measurable with fewer than {MIN_DECIDED} wins in all)")


def rotated_copies(pictures, rng):
    return _rotated(pictures, conv_layer_names(), "A lot of these filters are identical, but "
                    "rotated by some non-random factor (typically 90 degrees)")


def rotated_in_conv4_1(pictures, rng):
    return _rotated(pictures, ["conv4_1"], "The rotation observation holds true even for "
                    "relatively high-level filters, such as those in conv4_1")


CLAIMS = (colour_and_direction, larger_patterns, more_intricate, rotated_copies, rotated_in_conv4_1)


def few_seconds(seconds):
    """seconds: {pipeline: seconds per filter}."""
    worst = max(seconds.values())
    return ClaimResult(
        claim="This operation takes a few seconds on CPU", value=worst, baseline=FEW_SECONDS,
        holds=worst <= FEW_SECONDS, n=len(seconds),
        measure="seconds per filter of the overview's filters, from the run's cache ("
                + ", ".join(f"{k} {v:.2f} s" for k, v in seconds.items())
                + f"); baseline: 'a few seconds', read as <= {FEW_SECONDS:.0f} s")


def claims_table(pictures, seconds=None, seeds=(0,)):
    """[ClaimResult], one per claim: those of CLAIMS on `pictures` ({layer: [uint8 (H, W, 3)]},
    either spelling), each with every seed of `seeds` (surrogates and shufflings), then seconds
    per filter where given."""
    rows = [over_seeds([claim(pictures, np.random.default_rng(s)) for s in seeds]) for claim in CLAIMS]
    return rows + ([few_seconds(seconds)] if seconds else [])


# --- the run's pictures -----------------------------------------------------------------------------

@dataclass(frozen=True)
class ClaimRow:
    """One claim in the report: on the run's weights, and the same on the untrained network (None
    where it is not measured there: seconds per filter, or when the run's weights are untrained)."""

    trained: ClaimResult
    untrained: ClaimResult | None
    name: str = ""  # its function's name in CLAIMS, for a claim on pictures (the blog's own
    # overview was measured the same way: reproduce/blog_reference.BLOG_CLAIMS)


@dataclass(frozen=True)
class ReportClaims:
    """The report's claims and what they were measured on."""

    source: str  # weights_source of the run's conv weights
    words: str  # those weights in plain words
    untrained_words: str | None  # the untrained network in plain words; None: the run's own weights
    seeds: tuple  # the start-noise seeds of the run's pictures (each measured with its own null seed)
    pictures: dict  # {layer: live pictures measured per seed}, with the first seed
    atlas_layers: list  # layers read whole from the atlas (the same pictures at every seed)
    rows: list  # [ClaimRow]


def claim_layers():
    """The layers of the post's overview (conv1_1, conv2_1, conv3_1, conv4_1, conv5_1), which
    its claims describe."""
    return list(OVERVIEW_LAYERS)


def claim_filters(settings):
    """Filters per layer and seed: the post's overview shows 12 per layer; a run whose overview
    tries fewer (QUICK, the tests' tiny run) measures those."""
    return min(OVERVIEW_GRID[0] * OVERVIEW_GRID[1], settings.overview_filters)


def untrained_weights(weights, weights_dir, seed):
    """The Provision of the untrained network (the synthetic VGG16 of `seed`), the claims' second
    null; None when the run's conv weights are that network already. The class figures' synthetic
    set is used where the run has it (one read of each file)."""
    if weights.conv.synthetic:
        return None
    s = weights.classes if weights.classes is not None and weights.classes.synthetic else \
        synthetic_weights(weights_dir, seed)
    return Provision(s, s, "the untrained network, a null for the claims")


def _atlas_layer(folder, weights_md5):
    """([uint8 (H, W, 3)] of one atlas layer folder's live filters made with those weights, how
    many filters it has rendered with them, live or not)."""
    pictures, rendered = [], 0
    for name in sorted(f for f in os.listdir(folder) if f.endswith(".json") and not f.endswith(".time.json")):
        with open(os.path.join(folder, name)) as f:
            record = json.load(f)
        png = os.path.join(folder, name[:-len(".json")] + ".png")
        if record.get("weights_md5") != weights_md5 or not os.path.exists(png):
            continue
        rendered += 1
        if not (record["dead"] or record["nonfinite"]):
            pictures.append(np.asarray(iio.imread(png))[:, :, :3])
    return pictures, rendered


def atlas_pictures(folder, weights_md5, layers=None):
    """{layer: [uint8 (H, W, 3)]} of the atlas's live filters made with the weights of md5
    `weights_md5` (out/atlas/<pipeline>/<layer>/fNNNN.png and its .json record: atlas/render.py),
    of those of `layers` (default every conv layer) it has rendered whole; a missing folder gives
    {}. A layer still being rendered is left to the run's pictures (python -m reproduce.claims
    measures a partial folder)."""
    found = {}
    for layer in layers or conv_layer_names():
        if os.path.isdir(os.path.join(folder, layer)):
            pictures, rendered = _atlas_layer(os.path.join(folder, layer), weights_md5)
            if rendered == find_layer(layer).units and pictures:
                found[layer] = pictures
    return found


def _run_pictures(runner, layers, count, bar=None):
    """{layer: [uint8 (H, W, 3)]}: what the ascent added to each start image (final image minus
    the runner's seeded grey noise, 2016-deprocessed) of the live filters 0..count-1 of each of
    `layers`, modern pipeline; from the cache, the missing ones computed and told to `bar`. Without
    a bar the run's figures made them already, and reading them is not counted as reused work."""
    size, pictures = runner.settings.size, {}
    for layer in layers:
        indices = list(range(count))
        results, _ = runner.made(runner.modern, layer, indices) if bar is None else \
            runner.filters(runner.modern, layer, indices, bar)
        pictures[layer] = [deprocess_hwc(r.image - initial_image(size, runner.seed, r.index))
                           for r in results if not (r.dead or r.nonfinite)]
    return pictures


def _picture_claims(by_seed):
    """[ClaimResult] of CLAIMS, each over the seeds of `by_seed` ({seed: pictures}): the pictures
    of each start-noise seed measured with that seed's surrogates and shufflings."""
    return [over_seeds([claim(pics, np.random.default_rng(s)) for s, pics in by_seed.items()])
            for claim in CLAIMS]


def claims_data(runner, seed, atlas=None, untrained=None, progress=False):
    """The report's claims (ReportClaims): those of CLAIMS on the modern pipeline's pictures of
    the post's overview layers, the first claim_filters() filters of each at REPORT_SEEDS
    start-noise seeds (`seed` is the run's, whose pictures the overview made; the others are
    computed once and cached under their own run keys), then seconds per filter and the
    network's own claims; each beside the same on the untrained network (`untrained`, a
    Provision: untrained_weights()).

    Each picture is what the ascent added to its start image: the start noise is the same for
    every filter and says nothing of it, and after few steps (QUICK: 5) it still dominates the
    picture itself. Where the atlas (the folder `atlas`, e.g. out/atlas/modern) holds more live
    filters of a layer made with the same weights and has rendered all of it, that layer is the
    atlas's pictures instead, at every seed (final pictures, as the blog shows them; the atlas
    renders one seed). Seconds
    per filter come from the overview's filters of both pipelines."""
    seeds, count, layers = tuple(seed + k for k in range(REPORT_SEEDS)), claim_filters(runner.settings), \
        claim_layers()
    whole = _whole_atlas_layers(runner, atlas, layers, count)
    own = [k for k in layers if k not in whole]  # the layers measured on the run's pictures
    null = runner.at(seed, untrained) if untrained else None  # its seeds share its models
    nulls = {t: null if t == seed else null.at(t) for t in seeds} if null else {}
    bar = _bar(count * (len(own) * (len(seeds) - 1) + len(layers) * len(nulls)), progress)
    trained = {t: {**_run_pictures(runner if t == seed else runner.at(t), own, count,
                                   None if t == seed else bar), **whole} for t in seeds}
    rows = _picture_claims(trained) + [few_seconds(_seconds_per_filter(runner))]
    rows += network_claims(runner, seed)
    untrained_rows = [None] * len(rows)
    if null:
        untrained_rows = _picture_claims({t: _run_pictures(r, layers, count, bar) for t, r in nulls.items()})
        untrained_rows += [None] + network_claims(null, seed)
    weights = runner.weights.conv.source
    return ReportClaims(
        source=weights, words=runner.weights.conv.words(),
        untrained_words=untrained.conv.words() if untrained else None, seeds=seeds,
        pictures={k: len(trained[seed][k]) for k in layers}, atlas_layers=list(whole),
        rows=[ClaimRow(replace(t, weights=weights), u and replace(u, weights=untrained.conv.source), name)
              for t, u, name in zip(rows, untrained_rows, [c.__name__ for c in CLAIMS] + [""] * len(rows))])


def _whole_atlas_layers(runner, atlas, layers, count):
    """{layer: pictures} of the layers the atlas folder `atlas` has rendered whole with the run's
    conv weights, where that gives more than the run's `count` filters."""
    found = atlas_pictures(atlas, weights_md5(runner.weights.conv.path("modern")), layers) if atlas else {}
    return {k: v for k, v in found.items() if len(v) > count}


def _bar(work, progress):
    """The progress of the claims' own ascents (more seeds, the untrained network), shown once
    one of them is computed (a rerun that finds them all cached says nothing)."""
    return Progress(work, "modern: the claims' pictures (more seeds, the untrained network)",
                    quiet=not progress, lazy=True)


def _seconds_per_filter(runner):
    """{pipeline: mean seconds per filter of the overview's filters} (from the run's cache)."""
    s, layers = runner.settings, conv_layer_names()
    return {p.name: sum(runner.made(p, layer, list(range(s.overview_filters)))[1] for layer in layers)
            / (s.overview_filters * len(layers)) for p in runner.pipelines.values()}


def network_claims(runner, seed):
    """The claims measured on the network of `runner` (modern pipeline) itself: its conv1_1
    kernels, its effective receptive fields, its filters dead at the start image (TensorFlow).
    Kept in the runner's cache (NETWORK_CLAIMS, under its run key: the same weights and seed give
    the same numbers), as the effective receptive fields' gradients take ~15 s a network (AMD EPYC,
    2 cores) that a rerun with nothing to do would spend again."""
    def measure():
        model = runner.model(runner.modern, False)
        kernels = model.get_layer("block1_conv1").get_weights()[0]  # (3, 3, 3 BGR, 64)
        rows = kernel_claims(kernels) + [receptive_field_claim(model), dead_filters_claim(model, seed)]
        return {"rows": [r.to_json() for r in rows]}

    found = K.cached_json(os.path.join(runner.cache, NETWORK_CLAIMS), measure)
    return [ClaimResult.from_json(r) for r in found["rows"]]


# --- a folder of pictures (the command line) --------------------------------------------------------

EXTENSIONS = (".png", ".jpg", ".jpeg")


def _read(path):
    try:
        img = np.asarray(iio.imread(path))
    except Exception as e:  # imageio raises many types for a file it cannot read
        raise ArgumentError(f"{path}: not a readable picture ({type(e).__name__}); give PNG or JPEG "
                            "files") from None
    if img.ndim == 2:
        img = np.repeat(img[:, :, None], 3, axis=2)
    return img[:, :, :3].astype(np.uint8)


def _layer_folder(folder, name):
    try:
        layer = find_layer(name, include_top=False)
    except ArgumentError as e:
        raise ArgumentError(f"{os.path.join(folder, name)}: {str(e).split(': ', 1)[1]}") from None
    if layer.kind != "conv":
        raise ArgumentError(f"{os.path.join(folder, name)}: {name} is not a conv layer; name each "
                            "subfolder after one (conv1_1 ... conv5_3 or block1_conv1 ...)")
    return layer.legacy_name


def _listing(folder):
    try:
        return sorted(os.listdir(folder))
    except OSError as e:
        raise ArgumentError(f"{folder}: cannot read the folder ({os.strerror(e.errno)}); give a folder "
                            "of pictures you can read") from None


def _not_live(picture):
    """Whether the JSON record beside a picture (the atlas writes fNNNN.json beside fNNNN.png)
    says its filter was dead or stopped on NaN/Inf: its picture is then the start noise, not the
    filter's. Another tool's folder has no such record, and a record that does not read says nothing."""
    try:
        with open(os.path.splitext(picture)[0] + ".json") as f:
            record = json.load(f)
    except (OSError, ValueError):
        return False
    return isinstance(record, dict) and bool(record.get("dead") or record.get("nonfinite"))


def _pictures_of(folder, name):
    """([(path, uint8 (H, W, 3))] of the PNG and JPEG files in folder/name, how many were left
    out as not live)."""
    path = os.path.join(folder, name)
    files = [os.path.join(path, f) for f in _listing(path) if f.lower().endswith(EXTENSIONS)] \
        if os.path.isdir(path) else []
    live = [f for f in files if not _not_live(f)]
    return [(f, _read(f)) for f in live], len(files) - len(live)


@dataclass(frozen=True)
class FolderPictures:
    by_layer: dict  # {legacy layer name: [uint8 (H, W, 3)]}
    left_out: int  # pictures whose record says dead or stopped on NaN/Inf


def read_folder(folder):
    """FolderPictures from DIR/<layer>/*.png|jpg (either spelling; an atlas folder's
    out/atlas/<pipeline> is one, partial or whole). ArgumentError for an empty or unreadable
    folder, an unknown layer or pictures of mixed sizes."""
    if not os.path.isdir(folder):
        raise ArgumentError(f"{folder}: not a folder; give a folder with one subfolder of pictures per "
                            "layer (DIR/conv1_1/*.png)")
    pictures, first, left_out = {}, None, 0
    for name in _listing(folder):
        found, skipped = _pictures_of(folder, name)
        left_out += skipped
        if not found:
            continue
        layer = _layer_folder(folder, name)
        for path, img in found:
            first = first or (path, img.shape)
            if img.shape != first[1]:
                raise ArgumentError(f"{path}: {img.shape[1]}x{img.shape[0]} pixels, but {first[0]} is "
                                    f"{first[1][1]}x{first[1][0]}; give pictures of one size")
            pictures.setdefault(layer, []).append(img)
    if not pictures:
        raise ArgumentError(f"{folder}: no pictures; expected subfolders named after conv layers "
                            "(conv1_1 or block1_conv1) holding PNG or JPEG files")
    return FolderPictures(pictures, left_out)


def _print_table(rows):
    for r in rows:
        verdict = "not measurable" if r.holds is None else ("holds" if r.holds else "does not hold")
        value = "n/a" if r.value is None else f"{r.value:.3g}"
        base = "n/a" if r.baseline is None else f"{r.baseline:.3g}"
        print(f"{r.claim}\n  {verdict}: {value} vs {base} (n {r.n})\n  {r.measure}\n")


def _parser():
    p = Parser(prog="python -m reproduce.claims",
               description="Measure the blog post's claims about filter pictures on a folder of them: "
                           "DIR/<layer>/*.png (conv1_1 or block1_conv1 ...), e.g. out/atlas/modern.")
    p.add_argument("folder", metavar="DIR", help="one subfolder of pictures per conv layer")
    p.add_argument("--json", metavar="FILE", help="also write the claims as JSON: one object per claim "
                                                  "with claim, measure, value, baseline, holds")
    p.add_argument("--seed", type=int, default=0, help="first seed of the surrogates and shufflings (0)")
    p.add_argument("--seeds", type=int, default=1, help="measure with this many seeds from --seed and "
                                                        "give the spread; a claim holds only with all (1)")
    return p


@cli_entry
def main(argv=None):
    args = _parser().parse_args(argv)

    check_seed(args.seed)
    if args.seeds < 1:
        raise ArgumentError(f"--seeds {args.seeds}: expected 1 or more seeds to measure with")
    if args.json:

        check_writable_folder(os.path.dirname(os.path.abspath(args.json)), "--json")
    found = read_folder(args.folder)
    print(f"{sum(len(v) for v in found.by_layer.values())} pictures: "
          + ", ".join(f"{k} {len(v)}" for k, v in ((k, v) for _, k, v in in_order(found.by_layer)))
          + (f"; {found.left_out} left out, their records saying dead or stopped on NaN/Inf"
             if found.left_out else "") + "\n")
    rows = claims_table(found.by_layer, seeds=tuple(range(args.seed, args.seed + args.seeds)))
    _print_table(rows)
    if args.json:

        write_bytes(args.json, json.dumps([r.to_json() for r in rows], indent=1).encode())
    return 0


if __name__ == "__main__":
    sys.exit(main())
