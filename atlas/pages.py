"""The atlas's HTML: the index (settings, search, a summary row per layer), a page per layer (a
grid of thumbnails, dead filters marked) and a page per filter (legacy | modern | difference, the
loss curves, the numbers). Plain HTML + one small script; every link is relative."""

import html
import json

from common.layers import find_layer

CSS = """body{font-family:sans-serif;margin:1em 2em;background:#fafafa;color:#222}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}
.grid{display:flex;flex-wrap:wrap;gap:4px}.cell{width:72px;text-align:center;font-size:11px}
.cell img{width:64px;height:64px;image-rendering:pixelated;border:2px solid transparent}
.cell.dead img{border-color:#c00;opacity:.35}.cell.dead span{color:#c00}
.trio img{width:256px;image-rendering:pixelated;margin-right:8px}
#msg{color:#c00}nav a{margin-right:1em}
"""
PLOT_W, PLOT_H = 320, 120  # the loss curve's SVG, in pixels
COLOURS = {"legacy": "#1f77b4", "modern": "#d62728"}


def filter_file(layer, index):
    return f"{layer}_f{index:04d}.html"


def _page(title, body, depth=0):
    up = "../" * depth
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
            f"{html.escape(title)}</title><link rel=\"stylesheet\" href=\"{up}style.css\">"
            f"<script src=\"{up}atlas.js\"></script></head>\n<body>\n{body}\n</body></html>\n")


def _search(depth):
    return ("<form onsubmit=\"return atlasSearch(this.q.value, '" + "../" * depth + "')\">"
            "<input name=\"q\" id=\"q\" placeholder=\"conv4_1 37\"> <button>go</button> "
            "<span id=\"msg\"></span></form>")


def _num(x, fmt="{:.3g}"):
    return "-" if x is None else fmt.format(x)


def search_script(layers):
    """atlas.js: the search box's table (both spellings -> layer and its filters) and function."""
    table = {}
    for summary, filters in layers:
        entry = {"layer": summary["layer"], "done": sorted(filters)}
        table[summary["layer"]] = table[find_layer(summary["layer"]).modern_name] = entry
    return ("var ATLAS = " + json.dumps(table, sort_keys=True) + ";\n"
            "function atlasSearch(q, up) {\n"
            "  var m = /^\\s*(\\w+)[\\s:/#]+(\\d+)\\s*$/.exec(q), msg = document.getElementById('msg');\n"
            "  var e = m && ATLAS[m[1]];\n"
            "  if (!e) { msg.textContent = 'type a layer and a filter, e.g. conv4_1 37'; return false; }\n"
            "  var i = parseInt(m[2], 10);\n"
            "  if (e.done.indexOf(i) < 0) { msg.textContent = e.layer + ' ' + i + ': not in this atlas';"
            " return false; }\n"
            "  var s = ('000' + i).slice(-4);\n"
            "  window.location.href = up + 'filters/' + e.layer + '_f' + s + '.html';\n"
            "  return false;\n}\n")


def index_page(summaries, settings):
    rows = []
    for s in summaries:
        cells = []
        for p in ("legacy", "modern"):
            r = s["pipelines"].get(p)
            cells += ([f"{r['done']}/{s['filters']}", f"{100 * r['dead'] / r['done']:.0f} %",
                       _num(r["mean_final_loss"]), f"{r['seconds']:.0f}"] if r else ["-"] * 4)
        rows.append(f"<tr><th><a href=\"{s['layer']}.html\">{s['layer']}</a></th>"
                    + "".join(f"<td>{c}</td>" for c in cells)
                    + f"<td>{_num(s['mean_diff'], '{:.2f}')}</td></tr>")
    head = ("<tr><th rowspan=2>layer</th><th colspan=4>legacy</th><th colspan=4>modern</th>"
            "<th rowspan=2>mean |legacy - modern|<br>(grey levels)</th></tr><tr>"
            + "<th>done</th><th>dead</th><th>mean final loss (live)</th><th>seconds</th>" * 2 + "</tr>")
    recipe = "the blog's recipe" if settings.method == "2016" else f"the {settings.method} method"
    body = (f"<h1>VGG16 atlas</h1><p>Every filter of VGG16's conv layers maximised by gradient ascent "
            f"({recipe}), in the 2016 legacy pipeline and the modern one. {settings.size} px, "
            f"{settings.steps} steps, seed {settings.seed}, weights: {html.escape(settings.weights_source)}."
            f"</p>{_search(0)}<h2>Layers</h2><table>{head}{''.join(rows)}</table>")
    return _page("VGG16 atlas", body)


def layer_page(summary, filters, settings, neighbours):
    layer = summary["layer"]
    prev, nxt = neighbours
    nav = ("<nav><a href=\"index.html\">index</a>"
           + (f"<a href=\"{prev}.html\">&larr; {prev}</a>" if prev else "")
           + (f"<a href=\"{nxt}.html\">{nxt} &rarr;</a>" if nxt else "") + "</nav>")
    cells = []
    for index in sorted(filters):
        recs = filters[index]
        p = "modern" if "modern" in recs else "legacy"
        dead = recs[p]["dead"] or recs[p]["nonfinite"]
        label = f"{index}" + (" dead" if recs[p]["dead"] else " NaN" if recs[p]["nonfinite"] else "")
        href = f"filters/{filter_file(layer, index)}"
        cells.append(f"<a class=\"cell{' dead' if dead else ''}\" href=\"{href}\">"
                     f"<img loading=\"lazy\" src=\"{p}/{layer}/f{index:04d}.png\" alt=\"{layer} {index}\">"
                     f"<br><span>{label}</span></a>")
    rows = "".join(f"<tr><th>{p}</th><td>{r['done']}</td><td>{r['dead']}</td><td>{r['nonfinite']}</td>"
                   f"<td>{_num(r['mean_final_loss'])}</td><td>{r['seconds']:.1f}</td></tr>"
                   for p, r in summary["pipelines"].items())
    body = (f"{nav}<h1>{layer} ({find_layer(layer).modern_name}), {summary['filters']} filters</h1>"
            f"{_search(0)}<table><tr><th></th><th>done</th><th>dead</th><th>NaN</th>"
            f"<th>mean final loss (live)</th><th>seconds</th></tr>{rows}</table>"
            f"<p>mean |legacy - modern|: {_num(summary['mean_diff'], '{:.2f}')} grey levels. "
            f"Thumbnails: the modern pipeline; red and faded: dead (loss reached 0).</p>"
            f"<div class=\"grid\">{''.join(cells)}</div>")
    return _page(f"{layer}: VGG16 atlas", body)


def loss_svg(recs):
    """The loss curves of both pipelines, one polyline each, on shared axes."""
    series = {p: r["losses"] for p, r in recs.items() if r["losses"]}
    if not series:
        return "<p>no loss recorded</p>"
    top = max(max(v) for v in series.values())
    low = min(0.0, min(min(v) for v in series.values()))
    n = max(len(v) for v in series.values())
    lines = []
    for p, v in series.items():
        pts = " ".join(f"{PLOT_W * k / max(n - 1, 1):.1f},{PLOT_H * (1 - (x - low) / ((top - low) or 1)):.1f}"
                       for k, x in enumerate(v))
        lines.append(f"<polyline fill=\"none\" stroke=\"{COLOURS[p]}\" points=\"{pts}\"><title>{p}</title>"
                     f"</polyline>")
    legend = " ".join(f"<span style=\"color:{COLOURS[p]}\">{p}</span>" for p in series)
    return (f"<svg width=\"{PLOT_W}\" height=\"{PLOT_H}\" style=\"border:1px solid #ccc\">{''.join(lines)}"
            f"</svg><br>loss per step, 0 to {top:.3g}: {legend}")


def filter_page(summary, index, recs, around, elsewhere=()):
    """A filter's page; elsewhere: [(title, src)] of its pictures by the other methods."""
    layer = summary["layer"]
    prev, nxt = around
    nav = ("<nav><a href=\"../index.html\">index</a>"
           f"<a href=\"../{layer}.html\">{layer}</a>"
           + (f"<a href=\"{filter_file(layer, prev)}\">&larr; {prev}</a>" if prev is not None else "")
           + (f"<a href=\"{filter_file(layer, nxt)}\">{nxt} &rarr;</a>" if nxt is not None else "")
           + "</nav>")
    pics = "".join(f"<img src=\"../{p}/{layer}/f{index:04d}.png\" alt=\"{p}\" title=\"{p}\">" for p in recs)
    names = " | ".join(recs)
    if index in summary["diffs"]:
        pics += f"<img src=\"../diff/{layer}/f{index:04d}.png\" alt=\"difference\" title=\"difference\">"
        names += f" | |difference| x 4 (mean {summary['diffs'][index]:.2f} grey levels)"
    rows = "".join(f"<tr><th>{p}</th><td>{_num(r['final_loss'])}</td><td>{len(r['losses'])}</td>"
                   f"<td>{'yes' if r['dead'] else 'no'}</td><td>{'yes' if r['nonfinite'] else 'no'}</td>"
                   f"<td>{r['seconds']:.3f}</td><td>{html.escape(r['weights_source'])}</td><td>{r['seed']}</td>"
                   f"</tr>" for p, r in recs.items())
    body = (f"{nav}<h1>{layer} filter {index}</h1>{_search(1)}<div class=\"trio\">{pics}</div>"
            f"<p>{names}</p>{loss_svg(recs)}<table><tr><th></th><th>final loss</th><th>steps</th>"
            f"<th>dead</th><th>NaN/Inf</th><th>seconds</th><th>weights</th><th>seed</th></tr>{rows}</table>")
    if elsewhere:
        others = "".join(f"<img src=\"{src}\" alt=\"{t}\" title=\"{t}\">" for t, src in elsewhere)
        body += (f"<h2>By the other methods</h2><div class=\"trio\">{others}</div>"
                 f"<p>{' | '.join(t for t, _ in elsewhere)}</p>")
    return _page(f"{layer} {index}: VGG16 atlas", body, depth=1)

