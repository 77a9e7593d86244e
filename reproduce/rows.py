"""The rows and statements of the run's report (reproduce/report.py), chosen by each figure's
kind (common/sidecar.py): which weights each kind of figure uses, the table of a blog figure in
both pipelines, the table of a modern-only extra, the run's setup, the claims' introduction and cells."""

from common.paths import shown_path
from common.provenance import weights_md5
from optvis.methods import BLOG
from reproduce.blog_reference import BLOG_CLAIMS, blog_url
from reproduce.extras import KINDS as EXTRA_KINDS
from reproduce.figures import KINDS
from reproduce.methods import FRAME
from weights.provision import TRAINED

SYNTHETIC_STATEMENT = (
    "**{which} come from synthetic weights: an untrained VGG16 (seed {seed}) run through "
    "the blog's method. They show the method, not the blog's pictures.** For the real ones, "
    "put the ImageNet weights in `weights/` (`make fetch` where there is network) and run "
    "`make reproduce` again."
)
TRAINED_STATEMENT = (
    "**{which} come from trained VGG16 conv layers that are not the blog's: {words}.** They "
    "show what a trained VGG16 sees; the ImageNet weights (`make fetch`) give the blog's own."
)
CONV_FIGURES = "The filter figures (filters, grids, overview, filter dream, deep dream)"
CLASS_FIGURES = "The class figures (sea snake, magpie, gradient map, activation table)"


def weights_statements(result):
    """The report's opening: which weights each kind of figure uses, in plain words."""
    p = result.weights
    out = [f"Weights: {p.line()[len('weights: '):]}."]
    same = p.conv == p.classes
    for w, which in ((p.conv, "All the pictures" if same else CONV_FIGURES),
                     (None if same else p.classes, CLASS_FIGURES)):
        if w is not None and w.synthetic:
            out.append(SYNTHETIC_STATEMENT.format(which=which, seed=w.seed))
        elif w is not None and w.source == TRAINED:
            out.append(TRAINED_STATEMENT.format(which=which, words=w.words()))
    return out


def source(meta):
    """The weights a picture was made with, as its Sidecar records them."""
    return meta.weights_source or "unknown"


def fmt_losses(losses):
    return "[" + ", ".join(f"{v:.4g}" for v in losses) + "]"


_LIST_LABELS = {"kept": "filters in the grid", "dead": "dead filters", "nonfinite": "stopped on NaN/Inf"}


def figure_origin(fig):
    """The sentence under a figure's heading: which of the post's figures it reproduces and where
    the post shows it, or, for one beyond the post, what it is."""
    if fig.kind == "methods":
        return f"Beyond the post: \"{fig.section}\"."
    return f"Reproduces `{fig.blog_file}`, shown in: \"{fig.section}\"."


def _methods_note(mm):
    """What the modern method changes, in numbers (the modern pipeline's pictures); the words
    follow the numbers (a method that made rougher pictures would be said to)."""
    d = mm.details
    old, new = (d["stats"][k] for k in d["methods"])
    method, n = d["methods"][1], sum(len(v["filters"]) for v in d["layers"].values())
    inner = 1 - 2 * FRAME / mm.input_size
    even = 1 - inner * inner  # the frame's share of the area: an evenly spread picture's share

    def compared(key, more, less):
        a, b = new[key], old[key]
        word = "not measurable" if None in (a, b) else (more if a > b else less)
        return f"{word} ({_number(a)} against {_number(b)}"

    return (f"**What today's method changes** (the same {n} filters, `{source(mm)}` weights, "
            f"modern pipeline): `{method}` draws the picture as a Fourier spectrum scaled by "
            f"1/frequency with decorrelated colours, and climbs with Adam through random pad, "
            f"jitter, scale and rotation ({d['method_steps'][method]} steps) where the 2016 method "
            f"takes {d['method_steps'][BLOG]} normalised steps on raw pixels. Its pictures "
            f"are {compared('lag1', 'smoother', 'rougher')} lag-1 autocorrelation; 0 is white "
            f"noise); the share of their energy in the outer 8 px is "
            f"{compared('border', 'larger', 'smaller')}; {even:.2f} is an even spread at "
            f"{mm.input_size} px); "
            f"{new['dead']} of the {n} stay dead (2016: {old['dead']}).")


def figure_notes(entry):
    """Sentences a figure needs besides its table (Markdown, `code` and **bold** only): a single
    filter that stayed at 0 from the 2016 start image is said to be dead, in words, since its
    picture is then the start noise and nothing else; the methods figure says what today's
    method changes."""
    lm, mm = entry.legacy, entry.modern
    if lm.kind == "methods":
        return [_methods_note(mm)]
    dead = [p for p, m in (("legacy", lm), ("modern", mm)) if m.dead]
    if lm.kind != "filter" or not dead:
        return []
    which = " and ".join(dead) if len(dead) == 1 else "both pipelines"
    layer, index = lm.details["layer"], lm.details["filter"]
    return [f"**{layer} filter {index} is dead with these weights (`{source(lm)}`, "
            f"{which}):** its activation is 0 everywhere at the 2016 start image (grey noise "
            "around 128), so its loss and gradient are 0 from the first step and the picture is "
            "that start noise, unchanged. The 2016 script skipped such filters (\"some filters get "
            "stuck to 0\"); the blog's own picture of this filter comes from the ImageNet weights."]


def _count(meta, key):
    """A recorded list as a count (its members are in the sidecar): the cells a grid filled of
    its cells; an overview's per-layer lists as a total with the count of each layer."""
    found = meta.details["kept"] if key == "kept" else getattr(meta, key)  # a grid's detail
    if key == "kept":
        cells = meta.details["grid"][0] * meta.details["grid"][1]
        missing = cells - len(found)
        return f"{len(found)} of {cells} cells" + (f" ({missing} marked missing)" if missing else "")
    if isinstance(found, dict):
        total = sum(len(v) for v in found.values())
        return f"{total}" + (f" ({', '.join(f'{k} {len(v)}' for k, v in found.items())})" if total else "")
    return str(len(found))


def figure_rows(entry):
    """(label, legacy value, modern value) rows of a figure's table, chosen by its kind; lists
    of filters as counts (which filters: the JSON sidecars)."""
    lm, mm = entry.legacy, entry.modern
    kind = KINDS[lm.kind]
    rows = []
    if kind.loss_label:
        rows.append((kind.loss_label, f"{lm.details['final_loss']:.4g}", f"{mm.details['final_loss']:.4g}"))
    rows += [(_LIST_LABELS[k], _count(lm, k), _count(mm, k)) for k in kind.lists]
    if lm.kind == "methods":
        rows += _method_rows(lm, mm)
    rows.append(("seconds", f"{lm.seconds:.1f}", f"{mm.seconds:.1f}"))
    if kind.curve:
        rows.append(("loss per step", fmt_losses(lm.losses), fmt_losses(mm.losses)))
    return rows


_METHOD_STATS = (("lag-1 autocorrelation", "lag1"), ("border share of energy", "border"),
                 ("dead", "dead"))


def _method_rows(lm, mm):
    """The methods figure's picture statistics per pipeline, as "2016 -> fourier"."""
    def cell(m, key):
        return " -> ".join(_number(m.details["stats"][k][key]) for k in m.details["methods"])

    arrow = " -> ".join(lm.details["methods"])
    return [(f"{label}, {arrow}", cell(lm, key), cell(mm, key)) for label, key in _METHOD_STATS]


def extra_rows(meta):
    """(label, value) rows of a modern-only figure, chosen by its kind (reproduce/extras.py)."""
    return EXTRA_KINDS[meta.kind].rows(meta) + [("seconds", f"{meta.seconds:.1f}")]


def setup_rows(result):
    p, s, v = result.weights, result.settings, result.versions
    rows = []
    for label, w in (("conv figures", p.conv), ("class figures", p.classes)):
        rows += [
            (f"{label}: weights", f"`{w.source}`: {w.words()}"),
            (f"{label}: legacy file", f"`{shown_path(w.legacy)}` (Baraldi 2016 layout, "
                                      f"Theano-flipped kernels), md5 `{weights_md5(w.legacy)}`"),
            (f"{label}: modern file", f"`{shown_path(w.modern)}` (keras.applications layout), "
                                      f"md5 `{weights_md5(w.modern)}`"),
        ]
    return rows + [
        ("run", f"{s.name}: {s.steps} steps of size 1.0, seed {result.seed}, filters at "
                f"{s.size}x{s.size}, classes at 224x224; filters per step: modern "
                f"{s.batch['modern'] or 'chosen from free memory (batched engine)'}, legacy "
                f"{s.batch['legacy']} "
                f"(the 2016 loop on a batch); run key `{result.run_key}`"),
        ("software", ", ".join(f"{k} {val}" for k, val in v.items())),
        ("total time", f"{result.seconds:.0f} s (this run; cached work is reused)"),
        ("work", f"{result.computed} filters and classes computed by this run, "
                 f"{result.reused} reused from the cache"),
    ]


def claims_intro(result):
    c, st = result.claims, result.settings
    own = [k for k in c.pictures if k not in c.atlas_layers]
    seeds = ", ".join(str(t) for t in c.seeds)
    text = (f"Measured in the modern pipeline, from {c.words} (`{c.source}`), run `{st.name}` "
            f"({st.steps} steps), on the layers of the post's overview: "
            f"{sum(c.pictures.values())} live pictures with the first seed "
            f"({', '.join(f'{k} {v}' for k, v in c.pictures.items())}). ")
    if own:
        text += (f"{', '.join(own)}: the first filters of each at start-noise seeds {seeds}, each "
                 "picture what the ascent added to its start image (final picture minus its grey "
                 "noise). ")
    if c.atlas_layers:
        text += (f"{', '.join(c.atlas_layers)}: every live filter the atlas rendered (final "
                 "pictures, one start-noise seed; the same pictures with every seed). ")
    text += (f"Each seed's pictures are measured with that seed's surrogates and shufflings; a value is "
             f"the first seed's, with the lowest and highest over seeds {seeds}, and a claim holds "
             "only when its number clears the baseline with every seed (reproduce/claims.py says "
             "how each is measured). ")
    if c.untrained_words:
        text += (f"Beside it, the same measure on {c.untrained_words}, the same pictures made "
                 "with it: a second null (a claim about what training made should not hold there).")
    else:
        text += "The run's own weights are the untrained network: there is no second null."
    failing = [name for name, b in BLOG_CLAIMS.items() if not b.holds]
    return text + (" Last, the same measure on the blog's own overview (its published picture, 12 "
                   "filters a layer, measured once with the same code; only its numbers are kept): "
                   + ("every claim the post makes of its pictures holds there." if not failing else
                      f"there, {', '.join(failing)} does not hold."))


def verdict(holds):
    """A claim's verdict: None when there was nothing to measure (e.g. no oriented pictures)."""
    return "not measurable here" if holds is None else ("yes" if holds else "no")


CLAIM_COLUMNS = ("claim", "measured", "value", "untrained network", "baseline", "holds", "from",
                 "the blog's overview")


def _number(x):
    return "n/a" if x is None else f"{x:.3g}"


def _value(r):
    """A result's value, with its lowest and highest over the seeds where there were several."""
    return _number(r.value) + ("" if r.spread is None else f" ({_number(r.spread[0])} to "
                                                           f"{_number(r.spread[1])} over {r.seeds} seeds)")


def claim_cells(row):
    """The report's cells of one ClaimRow (reproduce/claims.py): the claim (and whose), how it was
    measured, the value with the run's weights, the same on the untrained network, the baseline,
    the verdict, which weights and how many pictures (kernels, layers) the number comes from, and
    the same measure on the blog's own overview (its reference numbers; n/a for a claim not
    measured on pictures)."""
    r, u = row.trained, row.untrained
    whose = "" if r.source == "the post" else f" ({r.source}'s, not the post's)"
    counts = ", ".join(f"{k} {v}" for k, v in r.counts.items())
    weights = f"`{r.weights}`, " if r.weights else ""
    per_seed = " per seed" if r.seeds > 1 else ""
    untrained = "n/a" if u is None else f"{_value(u)}; holds: {verdict(u.holds)}"
    return (r.claim + whose, r.measure + ("" if r.p is None else f" (p = {r.p:.3g})"), _value(r), untrained,
            _number(r.baseline), verdict(r.holds),
            f"{weights}n = {r.n}{per_seed}" + (f" ({counts})" if counts else ""), _blog_cell(row.name))


def _blog_cell(name):
    blog = BLOG_CLAIMS.get(name)
    return "n/a" if blog is None else (f"{_number(blog.value)} against {_number(blog.baseline)}, n = "
                                       f"{blog.n}; holds: {verdict(blog.holds)}")


_LIKENESS = (("pictures measured", "tiles", "{:d}"),
             ("pattern length (px per cycle, median)", "length", "{:.2f}"),
             ("complexity (median)", "complexity", "{:.3f}"), ("flat colours", "flat_share", "{:.0%}"),
             ("with a direction", "oriented_share", "{:.0%}"))


def likeness_rows(entry):
    """(statistic, ours, the blog's) rows of a figure the post shows: the same picture statistics
    (reproduce/blog_reference.py) on the modern pipeline's figure and on the blog's."""
    ours, blog = entry.likeness
    return [(label, fmt.format(getattr(ours, f)), fmt.format(getattr(blog, f)))
            for label, f, fmt in _LIKENESS]


def blog_original(fig):
    """The line under the post's own picture of a figure (shown from its address, never copied),
    or None when the post does not show the figure."""
    url = blog_url(fig)
    return None if url is None else (f"The blog's original: [{fig.blog_file}]({url}), shown from "
                                     "blog.keras.io when online (never copied here).")


def likeness_text(entry):
    """The line above the likeness table: why ours and the blog's differ."""
    m = entry.modern
    return (f"The same statistics on ours (modern) and on the blog's. Ours comes from `{source(m)}` "
            f"weights and {m.steps} steps from seeded grey noise; the blog's from the ImageNet "
            "VGG16 in 20 steps (the overview saved as JPEG).")
