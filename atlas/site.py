"""The atlas as a static web site from the results in --out: reads every filter's record, makes the
legacy-vs-modern difference pictures, sums up each layer, and writes the pages (atlas/pages.py).

Opens from file:// with no server and no network: pictures are files beside the pages (loaded
lazily), the search box's table is a script file (file:// forbids fetching JSON).
"""

import json
import os

import numpy as np

from atlas import pages
from atlas.plan import SETTINGS_NAME
from common.files import write_bytes
from common.images import png_bytes
from common.layers import conv_layer_names, filter_count
from optvis.methods import BLOG, METHODS

# imageio (and PIL) are imported where a difference picture is read: `python -m atlas` imports this
# module at start, and `--help` and argument errors answer without them.

PIPELINE_ORDER = ("legacy", "modern")
DIFF_GAIN = 4  # the difference picture is |legacy - modern| x 4 (grey levels), so that a few
# levels show; the numbers give the unscaled mean


def read_layer(out, layer):
    """{filter: {pipeline: record}} of every finished filter of `layer` in `out`."""
    filters = {}
    for p in PIPELINE_ORDER:
        folder = os.path.join(out, p, layer)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if name.startswith("f") and name.endswith(".json") and not name.endswith(".time.json"):
                stem = name[:-5]
                if not os.path.exists(os.path.join(folder, stem + ".png")):
                    continue
                with open(os.path.join(folder, name)) as f:
                    record = json.load(f)
                with open(os.path.join(folder, stem + ".time.json")) as f:
                    record["seconds"] = json.load(f)["seconds"]
                filters.setdefault(record["filter"], {})[p] = record
    return filters


def difference(out, layer, index):
    """Mean |legacy - modern| in grey levels (uint8 pictures), writing the difference picture
    diff/<layer>/fNNNN.png (with its number in .json) once; None without both pictures."""
    import imageio.v3 as iio

    stem = f"f{index:04d}"
    png = os.path.join(out, "diff", layer, stem + ".png")
    meta = png[:-4] + ".json"
    if os.path.exists(meta) and os.path.exists(png):
        with open(meta) as f:
            return json.load(f)["mean_abs"]
    a, b = (iio.imread(os.path.join(out, p, layer, stem + ".png")).astype(np.int16)
            for p in PIPELINE_ORDER)
    d = np.abs(a - b)
    write_bytes(png, png_bytes(np.clip(d * DIFF_GAIN, 0, 255).astype(np.uint8)))
    mean_abs = round(float(d.mean()), 3)
    write_bytes(meta, (json.dumps({"mean_abs": mean_abs, "gain": DIFF_GAIN}) + "\n").encode())
    return mean_abs


def summarize(out, layer, filters):
    """The layer's summary: per pipeline, filters done, dead share, mean final loss of the live
    ones, seconds; the mean legacy-vs-modern difference; and each filter's difference."""
    rows = {}
    for p in PIPELINE_ORDER:
        recs = [f[p] for f in filters.values() if p in f]
        if not recs:
            continue
        live = [r["final_loss"] for r in recs if not (r["dead"] or r["nonfinite"])]
        rows[p] = {"done": len(recs), "dead": sum(r["dead"] for r in recs),
                   "nonfinite": sum(r["nonfinite"] for r in recs),
                   "mean_final_loss": float(np.mean(live)) if live else None,
                   "seconds": float(sum(r["seconds"] for r in recs))}
    diffs = {}
    for index, f in filters.items():
        if all(p in f for p in PIPELINE_ORDER):
            diffs[index] = difference(out, layer, index)
    return {"layer": layer, "filters": filter_count(layer)[1], "pipelines": rows, "diffs": diffs,
            "mean_diff": float(np.mean(list(diffs.values()))) if diffs else None}


def other_methods(out, settings):
    """[(method, folder)] of the atlases of the other methods beside `out` that exist (atlas/cli.py
    names each method's folder: out/atlas for 2016, out/atlas-fourier, out/atlas-maco)."""
    out = os.path.abspath(out)
    base, suffix = os.path.basename(out), ("" if settings.method == BLOG else f"-{settings.method}")
    if not base.endswith(suffix):
        return []
    root = base[: len(base) - len(suffix)]
    folders = [(m, os.path.join(os.path.dirname(out), root if m == BLOG else f"{root}-{m}"))
               for m in METHODS if m != settings.method]
    return [(m, f) for m, f in folders if os.path.isfile(os.path.join(f, SETTINGS_NAME))]


def elsewhere(others, layer, index):
    """[(title, src as a filter page links it)] of the filter's pictures in the other methods'
    atlases (other_methods)."""
    stem = f"f{index:04d}.png"
    return [(f"{p}, {m}", f"../../{os.path.basename(folder)}/{p}/{layer}/{stem}")
            for m, folder in others for p in PIPELINE_ORDER
            if os.path.isfile(os.path.join(folder, p, layer, stem))]


def build(out, settings):
    """Write every page for the results in `out`; the index's path."""
    layers, others = [], other_methods(out, settings)
    for layer in conv_layer_names():
        filters = read_layer(out, layer)
        if filters:
            layers.append((summarize(out, layer, filters), filters))
    write_bytes(os.path.join(out, "style.css"), pages.CSS.encode())
    write_bytes(os.path.join(out, "atlas.js"), pages.search_script(layers).encode())
    for n, (summary, filters) in enumerate(layers):
        neighbours = (layers[n - 1][0]["layer"] if n else None,
                      layers[n + 1][0]["layer"] if n + 1 < len(layers) else None)
        write_bytes(os.path.join(out, f"{summary['layer']}.html"),
                    pages.layer_page(summary, filters, settings, neighbours).encode())
        order = sorted(filters)
        for k, index in enumerate(order):
            around = (order[k - 1] if k else None, order[k + 1] if k + 1 < len(order) else None)
            write_bytes(os.path.join(out, "filters", pages.filter_file(summary["layer"], index)),
                        pages.filter_page(summary, index, filters[index], around,
                                          elsewhere(others, summary["layer"], index)).encode())
    index = os.path.join(out, "index.html")
    write_bytes(index, pages.index_page([s for s, _ in layers], settings).encode())
    return index
