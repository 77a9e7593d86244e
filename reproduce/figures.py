"""The blog's figures, one builder per kind of figure (reproduce/plan.py's Figure.kind), in
either pipeline: a single filter, the 8x8 and header grids, the overview of every conv layer,
a class, and the filter dream; and, beyond the post, the overview's layers by the 2016 method
beside the Fourier one (optvis/). Each builder returns the unmarked uint8 (H, W, 3) image and the
figure's Sidecar (common/sidecar.py) with what it measured; the run adds the weights, seed and
versions."""

import dataclasses

import numpy as np

from common.ascent import make_grid
from common.images import GRID_MARGIN, missing_cell, stitch
from common.layers import TOP_INPUT_SIZE, conv_layer_names
from common.photos import photo_input, to_rgb_uint8
from common.sidecar import Sidecar
from extras.settings import FILTER_DREAM_COLS, FILTER_DREAM_FILTERS, FILTER_DREAM_STEP
from optvis.methods import BLOG, method_deprocess
from reproduce.measures import lag1_autocorrelation
from reproduce.methods import border_share
from reproduce.plan import PHOTO

MODERN_METHOD = "fourier"  # the method set beside the 2016 one in the "methods" figure
METHODS_GAP = 24  # black pixels between the 2016 half and the Fourier half of a row


def _sidecar(fig, p, seconds, size, **fields):
    """The figure's Sidecar: the common fields by name, everything else as its details."""
    common = {k: fields.pop(k) for k in ("losses", "dead", "nonfinite") if k in fields}
    return Sidecar(kind=fig.kind, figure=fig.stem, pipeline=p.name, seconds=round(seconds, 3),
                   input_size=size, **common,
                   details={"blog_file": fig.blog_file, "section": fig.section, **fields})


def _filter(runner, fig, p, bar):
    (r,), seconds = runner.filters(p, fig.layer, [fig.index], bar)
    return p.deprocess_image(r.image), _sidecar(
        fig, p, seconds, runner.settings.size, layer=fig.layer, filter=fig.index, losses=r.losses,
        dead=[r.index] if r.dead else [], nonfinite=[r.index] if r.nonfinite else [],
        final_loss=r.final_loss)


def _grid(runner, fig, p, bar):
    """The 8x8 grid of conv5_1 ("grid") or the header's 3x8 of conv5_2 ("header")."""
    s = runner.settings
    count, (rows, cols) = ((s.grid_filters, s.grid) if fig.kind == "grid"
                           else (s.header_filters, s.header_grid))
    results, seconds = runner.filters(p, fig.layer, list(range(count)), bar)
    g = make_grid(results, rows, cols, p.deprocess_image)
    final = float(np.mean([g.losses[k][-1] for k in g.kept])) if g.kept else 0.0
    return g.image, _sidecar(
        fig, p, seconds, s.size, layer=fig.layer, filters=[0, count - 1], grid=[rows, cols],
        kept=g.kept, dead=g.dead, nonfinite=g.nonfinite,
        losses={str(k): v for k, v in g.losses.items()}, final_loss=final)


def _overview(runner, fig, p, bar):
    """One row per conv layer, conv1_1 at the top."""
    s = runner.settings
    rows, seconds, layers = [], 0.0, {}
    for layer in conv_layer_names():
        results, t = runner.filters(p, layer, list(range(s.overview_filters)), bar)
        g = make_grid(results, 1, s.overview_cols, p.deprocess_image)
        rows.append(g.image)
        seconds += t
        layers[layer] = {"kept": g.kept, "dead": g.dead, "nonfinite": g.nonfinite}
    return stitch(rows, len(rows), 1), _sidecar(
        fig, p, seconds, s.size, layers=layers, rows="conv1_1 (top) ... conv5_3 (bottom)",
        dead={k: v["dead"] for k, v in layers.items() if v["dead"]},
        nonfinite={k: v["nonfinite"] for k, v in layers.items() if v["nonfinite"]})


def _method_stats(pictures, dead):
    """{lag1, border, dead}: the mean lag-1 autocorrelation and border share of the live
    pictures (reproduce/methods.py) and how many stayed dead."""
    live = [img for img, d in zip(pictures, dead) if not d]

    def mean(measure):
        return round(float(np.mean([measure(x) for x in live])), 3) if live else None

    return {"lag1": mean(lag1_autocorrelation), "border": mean(border_share), "dead": int(sum(dead))}


def _methods_row(runner, p, layer, bar):
    """(2016 results, MODERN_METHOD results, seconds) of one layer: the best live filters of the
    2016 overview's row, read back from the run's cache, and the same filters by MODERN_METHOD."""
    s = runner.settings
    overview, _ = runner.made(p, layer, list(range(s.overview_filters)))
    chosen = make_grid(overview, 1, s.methods_filters, p.deprocess_image).kept  # best first
    bar.skip(s.methods_filters - len(chosen))  # cells with no live filter: nothing to run
    results, seconds = runner.filters(p, layer, chosen, bar, method=MODERN_METHOD) if chosen else ([], 0.0)
    by_index = {r.index: r for r in overview}
    return [by_index[f] for f in chosen], results, seconds


def _methods(runner, fig, p, bar):
    """One row per layer of the settings' methods_layers: the 2016 overview's best live filters
    (methods_filters of them; a layer with fewer shows the rest as missing cells), then the same
    filters by MODERN_METHOD (methods_steps steps)."""
    s = runner.settings
    deprocess = {BLOG: p.deprocess_image, MODERN_METHOD: method_deprocess(p, MODERN_METHOD)}
    halves = {m: [] for m in deprocess}  # method -> one stitched row per layer
    shown = {m: ([], []) for m in deprocess}  # method -> (pictures, dead or stopped)
    seconds, layers = 0.0, {}
    for layer in s.methods_layers:
        old, new, t = _methods_row(runner, p, layer, bar)
        seconds += t
        for method, results in ((BLOG, old), (MODERN_METHOD, new)):
            images = [deprocess[method](r.image) for r in results]
            shown[method][0].extend(images)
            shown[method][1].extend(r.dead or r.nonfinite for r in results)
            images += [missing_cell(s.size, s.size)] * (s.methods_filters - len(images))
            halves[method].append(stitch(images, 1, s.methods_filters))
        layers[layer] = {"filters": [r.index for r in old],
                         f"{MODERN_METHOD}_dead": [r.index for r in new if r.dead],
                         f"{MODERN_METHOD}_final_loss": [round(r.final_loss, 4) for r in new]}
    left, right = (stitch(halves[m], len(halves[m]), 1) for m in deprocess)
    gap = np.zeros((left.shape[0], METHODS_GAP, 3), np.uint8)
    return np.concatenate([left, gap, right], axis=1), _sidecar(
        fig, p, seconds, s.size, layers=layers, methods=[BLOG, MODERN_METHOD],
        method_steps={BLOG: s.steps, MODERN_METHOD: s.methods_steps},
        stats={m: _method_stats(*shown[m]) for m in shown},
        dead=[f"{k}:{f}" for k, v in layers.items() for f in v[f"{MODERN_METHOD}_dead"]],
        rows=", ".join(s.methods_layers) + " (top to bottom); left: 2016, right: " + MODERN_METHOD)


def _class(runner, fig, p, bar):
    r, seconds = runner.klass(p, fig.index, bar)
    return p.deprocess_image(r.image), _sidecar(
        fig, p, seconds, TOP_INPUT_SIZE, class_index=fig.index, losses=r.losses,
        final_probability=r.final_loss, final_loss=r.final_loss, dead=[],
        nonfinite=[r.index] if r.nonfinite else [])


def _filter_dream(runner, fig, p, bar):
    """The blog's filter_dream: the photo, then each (layer, filter) of FILTER_DREAM_FILTERS
    climbed from it, shown in the photo's colours; a grid of 4 columns."""
    size = runner.settings.size
    cells, seconds, finals, dead, losses = [to_rgb_uint8(photo_input(PHOTO, size))], 0.0, [], [], {}
    done = {}  # (layer, filter) -> AscentResult: one engine call per layer, not per filter
    for layer in dict.fromkeys(la for la, _ in FILTER_DREAM_FILTERS):
        wanted = [f for la, f in FILTER_DREAM_FILTERS if la == layer]
        results, t = runner.filters(p, layer, wanted, bar, photo=PHOTO)
        done.update(((layer, r.index), r) for r in results)
        seconds += t
    for layer, f in FILTER_DREAM_FILTERS:
        r = done[(layer, f)]
        cells.append(to_rgb_uint8(p.to_nhwc(r.image)))  # (3, H, W) or (H, W, 3) -> (H, W, 3)
        finals.append(r.final_loss)
        losses[f"{layer}:{f}"] = r.losses
        if r.dead or r.nonfinite:
            dead.append(f"{layer}:{f}")
    cols = FILTER_DREAM_COLS
    return stitch(cells, -(-len(cells) // cols), cols), _sidecar(
        fig, p, seconds, size, photo=PHOTO,
        cells=["photo"] + [f"{la}:{f}" for la, f in FILTER_DREAM_FILTERS],
        filter_dream_step=FILTER_DREAM_STEP, losses=losses, dead=dead,
        final_loss=float(np.mean(finals)), colour="RGB (the photo's own colours)")


@dataclasses.dataclass(frozen=True)
class Kind:
    """Everything about one kind of blog figure: how it is made, and what its table shows."""

    build: object  # (runner, fig, pipeline, bar) -> (unmarked uint8 (H, W, 3) image, Sidecar)
    work: object  # Settings -> filters or classes it needs (its progress bar's length)
    loss_label: str | None  # the row of its final loss, or None
    lists: tuple  # the lists of filters it records, shown as counts
    curve: bool = False  # whether its losses are one curve (a table row), not one per cell
    unit: str = "filter"  # what its progress counts


_GRID_LOSS = "final loss (mean over the grid)"
KINDS = {
    "filter": Kind(_filter, lambda s: 1, "final loss", ("dead", "nonfinite"), curve=True),
    "grid": Kind(_grid, lambda s: s.grid_filters, _GRID_LOSS, ("kept", "dead", "nonfinite")),
    "header": Kind(_grid, lambda s: s.header_filters, _GRID_LOSS, ("kept", "dead", "nonfinite")),
    "overview": Kind(_overview, lambda s: s.overview_filters * len(conv_layer_names()), None,
                     ("dead", "nonfinite")),
    "class": Kind(_class, lambda s: 1, "final loss (probability)", ("dead", "nonfinite"), curve=True,
                  unit="class"),
    "dream": Kind(_filter_dream, lambda s: len(FILTER_DREAM_FILTERS), "final loss", ("dead",)),
    "methods": Kind(_methods, lambda s: s.methods_filters * len(s.methods_layers), None, ()),
}


def kind(fig):
    """The Kind of a blog figure; a one-line error for a kind this module does not make."""
    if fig.kind not in KINDS:
        raise ValueError(f"figure {fig.stem!r}: unknown kind {fig.kind!r}; "
                         f"reproduce/figures.py builds {', '.join(KINDS)}")
    return KINDS[fig.kind]


def _cells(img, side, rows=None):
    """The side x side cells of a stitched image (common.images.stitch: GRID_MARGIN between them),
    row by row, of the given row indices (default all); cells marked missing (no live filter
    left for them: common.images.missing_cell) left out."""
    img = np.asarray(img)
    pitch = side + GRID_MARGIN
    n_rows, n_cols = (img.shape[0] + GRID_MARGIN) // pitch, (img.shape[1] + GRID_MARGIN) // pitch
    cells = [img[r * pitch: r * pitch + side, c * pitch: c * pitch + side]
             for r in (range(n_rows) if rows is None else rows) for c in range(n_cols)]
    missing = missing_cell(side, side)
    return [c for c in cells if not np.array_equal(c, missing)]


def figure_pictures(fig, img, settings, layers=None):
    """The filter or class pictures of a figure's unmarked image, cut back out of it: the whole
    picture for a filter or a class, the grid's cells, the overview's rows of `layers` (default
    all); None for the filter dream (cells of a photo, not pictures from noise)."""
    if fig.kind in ("filter", "class"):
        return [np.asarray(img)]
    if fig.kind in ("grid", "header"):
        return _cells(img, settings.size)
    if fig.kind == "overview":
        names = conv_layer_names()
        return _cells(img, settings.size, [names.index(k) for k in (layers or names)])
    return None
