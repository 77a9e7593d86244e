"""out/REPORT.md and out/report.html: every figure, which blog figure it reproduces, with what
weights and software, how long it took, and how far the legacy and modern pipelines differ."""

import html
import os

from common.files import write_bytes
from reproduce.plan import BLOG_URL

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


def weights_statements(data):
    """The report's opening: which weights each kind of figure uses, in plain words."""
    from weights.provision import TRAINED

    p = data["weights"]
    out = [f"Weights: {p.line()[len('weights: '):]}."]
    same = p.conv == p.classes
    for w, which in ((p.conv, "All the pictures" if same else CONV_FIGURES),
                     (None if same else p.classes, CLASS_FIGURES)):
        if w is not None and w.synthetic:
            out.append(SYNTHETIC_STATEMENT.format(which=which, seed=w.seed))
        elif w is not None and w.source == TRAINED:
            out.append(TRAINED_STATEMENT.format(which=which, words=w.words()))
    return out


def _source(meta):
    return meta.get("weights_source", "unknown")


def _fmt_losses(losses):
    return "[" + ", ".join(f"{v:.4g}" for v in losses) + "]"


def _rows(entry):
    """(label, legacy value, modern value) rows of a figure's table."""
    lm, mm = entry["legacy"], entry["modern"]
    rows = []
    if "final_loss" in lm:
        label = "final loss" + (" (probability)" if "final_probability" in lm else
                                " (mean over the grid)" if "kept" in lm else "")
        rows.append((label, f"{lm['final_loss']:.4g}", f"{mm['final_loss']:.4g}"))
    for key, label in (("kept", "filters in the grid"), ("dead", "dead filters"),
                       ("nonfinite", "stopped on NaN/Inf")):
        if key in lm or key in mm:
            rows.append((label, str(lm.get(key, [])), str(mm.get(key, []))))
    rows.append(("seconds", f"{lm['seconds']:.1f}", f"{mm['seconds']:.1f}"))
    if isinstance(lm.get("losses"), list):
        rows.append(("loss per step", _fmt_losses(lm["losses"]), _fmt_losses(mm["losses"])))
    return rows


def _extra_rows(meta):
    """(label, value) rows of a modern-only figure (deep dream, gradient maps, style transfer,
    infinite zoom)."""
    if "style_layers" in meta:
        L = meta["losses"]
        rows = [("input", f"{meta['input_size']}x{meta['input_size']}: content `{meta['photo']}`, "
                          f"style `{meta['style_photo']}`"),
                ("method", f"Gatys et al.: content {meta['content_layer']}, style Grams of "
                           f"{', '.join(meta['style_layers'])}; {meta['optimizer']} from the "
                           f"{meta['init']} photo, {meta['steps_done']} of {meta['steps']} steps"),
                ("loss weights", ", ".join(f"{k} {v:g}" for k, v in meta["loss_weights"].items()))]
        rows += [(f"{k} loss", f"{v[0]:.4g} -> {v[-1]:.4g}") for k, v in L.items()]
    elif "frame_losses" in meta:
        rows = [("layer", meta["layer"]),
                ("frames", f"{meta['frames']} of {meta['input_size']}x{meta['input_size']}, zoom "
                           f"{meta['zoom']} per frame, {meta['octaves']} octave of {meta['steps']} "
                           f"steps each"),
                ("seconds per frame", f"{meta['seconds_per_frame']:.2f}")]
    elif "octaves" in meta:
        rows = [("layer", meta["layer"]), ("input", f"{meta['input_size']}x{meta['input_size']} "
                 f"photo `{meta['photo']}`"),
                ("octaves", f"{len(meta['octaves'])} (scale {meta['octave_scale']}), "
                            f"{meta['steps']} steps of {meta['step']} each"),
                ("regularizers", ", ".join(f"{k} {v}" for k, v in meta["regularizers"].items()))]
        rows += [(f"octave {o['shape'][0]}x{o['shape'][1]}", f"mean activation {o['start_loss']:.4g}"
                  f" -> {o['final_loss']:.4g}") for o in meta["octaves"]]
    else:
        rows = [(f"{meta['layer']} filter {meta['filter']}", f"mean activation {meta['filter_objective']:.4g}"),
                (f"class {meta['class_index']}", f"probability {meta['class_probability']:.4g}")]
    return rows + [("seconds", f"{meta['seconds']:.1f}")]


def _setup_rows(data):
    from common.provenance import weights_md5

    p, s, v = data["weights"], data["settings"], data["versions"]
    rows = []
    for label, w in (("conv figures", p.conv), ("class figures", p.classes)):
        rows += [
            (f"{label}: weights", f"`{w.source}`: {w.words()}"),
            (f"{label}: legacy file", f"`{w.legacy}` (Baraldi 2016 layout, Theano-flipped kernels), "
                                      f"md5 `{weights_md5(w.legacy)}`"),
            (f"{label}: modern file", f"`{w.modern}` (keras.applications layout), "
                                      f"md5 `{weights_md5(w.modern)}`"),
        ]
    return rows + [
        ("run", f"{s.name}: {s.steps} steps of size 1.0, seed {data['seed']}, filters at "
                f"{s.size}x{s.size}, classes at 224x224; filters per step: modern "
                f"{s.batch or 'chosen from free memory (batched engine)'}, legacy {s.legacy_batch} "
                f"(the 2016 loop on a batch); run key `{data['run_key']}`"),
        ("software", ", ".join(f"{k} {val}" for k, val in v.items())),
        ("total time", f"{data['seconds']:.0f} s (this run; cached work is reused)"),
    ] + ([("work", f"{data['work']['computed']} filters and classes computed by this run, "
                   f"{data['work']['reused']} reused from the cache")] if "work" in data else [])


def _claims_intro(data):
    c, st = data["claims"], data["settings"]
    return (f"Measured on what the ascent added to each start image (final picture minus its "
            f"grey noise) in the modern pipeline, from {c['words']} (`{c['source']}`), "
            f"run `{st.name}`: {st.steps} steps, {sum(c['pictures'].values())} live pictures "
            f"({', '.join(f'{k} {v}' for k, v in c['pictures'].items())}); each number beside "
            "its baseline, and a claim holds only when the number clears it "
            "(reproduce/claims.py says how each is measured).")


def markdown(data):
    lines = ["# Reproduction: How convolutional neural networks see the world", ""]
    for text in weights_statements(data):
        lines += ["> " + text, ""]
    lines += [f"Blog post: [{BLOG_URL}]({BLOG_URL}) (François Chollet, January 2016). Every figure "
              "is made twice, by the 2016 pipeline (`legacy/`, channels-first Sequential, "
              "Baraldi's weights) and the modern one (`modern/`, keras.applications), from the "
              "same start image.", "", "## Setup", "", "| | |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in _setup_rows(data)]
    lines += ["", "## Figures", ""]
    for e in data["entries"]:
        fig = e["figure"]
        lines += [f"### `{fig.stem}` (weights: `{_source(e['legacy'])}`)", "",
                  f"Reproduces `{fig.blog_file}`, shown in: *{fig.section}*.", "",
                  f"legacy | modern | difference x4: ![{fig.stem}](compare/{fig.stem}.png)", "",
                  f"Separately: [legacy](legacy/{fig.stem}.png), [modern](modern/{fig.stem}.png) "
                  "(each with a JSON sidecar).", "",
                  f"Pixel difference legacy vs modern: mean {e['mean_diff']:.2f}, max "
                  f"{e['max_diff']} grey levels.", "", "| | legacy | modern |", "|---|---|---|"]
        lines += [f"| {a} | {b} | {c} |" for a, b, c in _rows(e)]
        lines.append("")
    if data.get("extras"):
        lines += ["## Beyond noise: deep dream, gradient maps, style net, infinite zoom "
                  "(modern pipeline)", "",
                  "Not in the post, which points to the Keras deep_dream example; built as the "
                  "course chapter (seed 004) does it. Modern pipeline only: the 2016 code had no "
                  "such thing to compare with.", ""]
        for e in data["extras"]:
            fig, m = e["figure"], e["modern"]
            lines += [f"### `{fig.stem}` (weights: `{_source(m)}`)", "",
                      f"*{fig.section}*. {m['layout']}:", "",
                      f"![{fig.stem}](modern/{fig.stem}.png)", "", "| | |", "|---|---|"]
            lines += [f"| {a} | {b} |" for a, b in _extra_rows(m)]
            lines.append("")
    if data.get("claims"):
        lines += ["## The blog's observations, measured", "", _claims_intro(data), "",
                  "| claim | measured | value | baseline | holds |", "|---|---|---|---|---|"]
        lines += [f"| {r['claim']} | {r['measure']} | {r['value']} | {r['baseline']} | "
                  f"{_holds(r['holds'])} |" for r in data["claims"]["rows"]]
        lines.append("")
    lines += ["## Layer-by-layer activations", "",
              "Worst relative difference, max |legacy - modern| / max |modern|, on the same "
              "224x224 input (after NCHW -> NHWC):", "", "| layer | difference |", "|---|---|"]
    lines += [f"| {k} | {v:.2e} |" for k, v in data["activations"].items()]
    lines += ["", "Why the pictures differ more than the activations: gradient ascent amplifies "
              "float rounding; a one-ulp change of the start image in one pipeline moves the "
              "pictures as much (see tests/test_ascent_equivalence.py). In the grids, cells are "
              "ordered by final loss, so two filters with nearly equal losses can swap places "
              "between the pipelines, which shows as whole cells in the difference.", ""]
    return "\n".join(lines)


def _holds(holds):
    """A claim's verdict: None when there was nothing to measure (e.g. no oriented pictures)."""
    return "not measurable here" if holds is None else ("yes" if holds else "no")


def _md_inline(text):
    """The little Markdown the rows use: `code` and **bold**."""
    out = html.escape(text)
    parts = out.split("`")
    out = "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts))
    parts = out.split("**")
    return "".join(f"<b>{p}</b>" if i % 2 else p for i, p in enumerate(parts))


def html_page(data):
    h = ["<!doctype html><html><head><meta charset='utf-8'><title>Reproduction report</title>",
         "<style>body{font-family:sans-serif;max-width:1100px;margin:auto}img{max-width:100%}"
         "td,th{border:1px solid #ccc;padding:3px 6px;vertical-align:top}table{border-collapse:"
         "collapse}.warn{background:#ffe600;padding:8px}</style></head><body>",
         "<h1>Reproduction: How convolutional neural networks see the world</h1>"]
    h += [f"<p class='warn'>{_md_inline(text)}</p>" for text in weights_statements(data)]
    h.append(f"<p>Blog post: <a href='{BLOG_URL}'>{BLOG_URL}</a> (François Chollet, January 2016).</p>")
    h.append("<h2>Setup</h2><table>")
    h += [f"<tr><th>{html.escape(k)}</th><td>{_md_inline(v)}</td></tr>" for k, v in _setup_rows(data)]
    h.append("</table><h2>Figures</h2>")
    for e in data["entries"]:
        fig = e["figure"]
        h.append(f"<h3>{fig.stem} (weights: {html.escape(_source(e['legacy']))})</h3><p>Reproduces <code>{html.escape(fig.blog_file)}</code>, shown in: "
                 f"<i>{html.escape(fig.section)}</i>. legacy | modern | difference x4:</p>"
                 f"<img src='compare/{fig.stem}.png' alt='{fig.stem}'>"
                 f"<p>Pixel difference: mean {e['mean_diff']:.2f}, max {e['max_diff']} grey levels.</p>"
                 "<table><tr><th></th><th>legacy</th><th>modern</th></tr>")
        h += [f"<tr><th>{html.escape(a)}</th><td>{html.escape(b)}</td><td>{html.escape(c)}</td></tr>"
              for a, b, c in _rows(e)]
        h.append("</table>")
    if data.get("extras"):
        h.append("<h2>Beyond noise: deep dream, gradient maps, style net, infinite zoom "
                 "(modern pipeline)</h2>")
        for e in data["extras"]:
            fig, m = e["figure"], e["modern"]
            h.append(f"<h3>{fig.stem} (weights: {html.escape(_source(m))})</h3><p><i>{html.escape(fig.section)}</i>. "
                     f"{html.escape(m['layout'])}:</p><img src='modern/{fig.stem}.png' alt='{fig.stem}'><table>")
            h += [f"<tr><th>{html.escape(a)}</th><td>{_md_inline(b)}</td></tr>" for a, b in _extra_rows(m)]
            h.append("</table>")
    if data.get("claims"):
        h.append(f"<h2>The blog's observations, measured</h2><p>{_md_inline(_claims_intro(data))}</p>"
                 "<table><tr><th>claim</th><th>measured</th><th>value</th><th>baseline</th>"
                 "<th>holds</th></tr>")
        h += [f"<tr><td>{html.escape(r['claim'])}</td><td>{html.escape(r['measure'])}</td>"
              f"<td>{html.escape(r['value'])}</td><td>{html.escape(r['baseline'])}</td>"
              f"<td>{_holds(r['holds'])}</td></tr>" for r in data["claims"]["rows"]]
        h.append("</table>")
    h.append("<h2>Layer-by-layer activations</h2><table><tr><th>layer</th><th>worst relative "
             "difference</th></tr>")
    h += [f"<tr><td>{k}</td><td>{v:.2e}</td></tr>" for k, v in data["activations"].items()]
    h.append("</table></body></html>")
    return "\n".join(h)


def write_report(out, data):
    from reproduce.check2016 import markdown_section

    check = markdown_section(out)  # the last run of tests/legacy2016, or why there is none
    write_bytes(os.path.join(out, "REPORT.md"), (markdown(data) + "\n" + "\n".join(check)).encode())
    page = html_page(data).replace(
        "</body></html>", f"<h2>{html.escape(check[0][3:])}</h2><pre>"
                          f"{html.escape(chr(10).join(check[2:]))}</pre></body></html>")
    write_bytes(os.path.join(out, "report.html"), page.encode())
