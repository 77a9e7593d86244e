"""out/REPORT.md and out/report.html: every figure, which blog figure it reproduces, with what
weights and software, how long it took, and how far the legacy and modern pipelines differ
(the rows: reproduce/rows.py)."""

import html
import os
import re

from common.files import write_bytes
from reproduce.blog_reference import blog_url
from reproduce.compare import DIFF_GAIN
from reproduce.plan import BLOG_URL
from reproduce.rows import (
    CLAIM_COLUMNS,
    blog_original,
    claim_cells,
    claims_intro,
    extra_rows,
    figure_notes,
    figure_origin,
    figure_rows,
    likeness_rows,
    likeness_text,
    setup_rows,
    source,
    weights_statements,
)

PICTURES_AT_SIZE = ("Each picture is shown at the size the post shows it (as made, where the post "
                    "does not show it); its JSON sidecar lists its filters (kept, dead, stopped), "
                    "which the tables count.")
PIPELINE_WORDS = (("modern", "the modern pipeline"), ("legacy", "the 2016 pipeline"))


def markdown(data):
    lines = ["# Reproduction: How convolutional neural networks see the world", ""]
    for text in weights_statements(data):
        lines += ["> " + text, ""]
    lines += [f"Blog post: [{BLOG_URL}]({BLOG_URL}) (François Chollet, January 2016). Every figure "
              "is made twice, by the 2016 pipeline (`legacy/`, channels-first Sequential, "
              "Baraldi's weights) and the modern one (`modern/`, keras.applications), from the "
              "same start image.", "", "## Setup", "", "| | |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in setup_rows(data)]
    lines += ["", "## Figures", ""]
    for e in data["entries"]:
        fig = e["figure"]
        lines += [f"### `{fig.stem}` (weights: `{source(e['legacy'])}`)", "",
                  f"{figure_origin(fig)} {PICTURES_AT_SIZE}", ""]
        for folder, words in PIPELINE_WORDS:
            lines += [f"<img src='{folder}/{fig.stem}.png' width='{e['width']}' alt='{fig.stem}, {words}'>",
                      "", f"*{words.capitalize()}* ([sidecar]({folder}/{fig.stem}.json)).", ""]
        original = blog_original(fig)
        if original:
            lines += [f"![{fig.blog_file}, the blog's original (shown only online)]({blog_url(fig)})", "",
                      original, ""]
        lines += [*[line for note in figure_notes(e) for line in (note, "")],
                  f"Pixel difference legacy vs modern: mean {e['mean_diff']:.2f}, max "
                  f"{e['max_diff']} grey levels; [the difference, x{DIFF_GAIN}](compare/{fig.stem}.png).",
                  "", "| | legacy | modern |", "|---|---|---|"]
        lines += [f"| {a} | {b} | {c} |" for a, b, c in figure_rows(e)]
        lines.append("")
        if e.get("likeness"):
            lines += [likeness_text(e), "", "| | ours | the blog's |", "|---|---|---|"]
            lines += [f"| {a} | {b} | {c} |" for a, b, c in likeness_rows(e)] + [""]
    if data.get("extras"):
        lines += ["## Beyond noise: deep dream, gradient maps, style net, infinite zoom "
                  "(modern pipeline)", "",
                  "Not in the post, which points to the Keras deep_dream example; built as the "
                  "course chapter on visualising what convnets learn does it. Modern pipeline "
                  "only: the 2016 code had no such thing to compare with.", ""]
        for e in data["extras"]:
            fig, m = e["figure"], e["modern"]
            lines += [f"### `{fig.stem}` (weights: `{source(m)}`)", "",
                      f"*{fig.section}*. {m['layout']}:", "",
                      f"![{fig.stem}](modern/{fig.stem}.png)", "", "| | |", "|---|---|"]
            lines += [f"| {a} | {b} |" for a, b in extra_rows(m)]
            lines.append("")
    if data.get("claims"):
        lines += ["## The blog's observations, measured", "", claims_intro(data), "",
                  "| " + " | ".join(CLAIM_COLUMNS) + " |", "|---" * len(CLAIM_COLUMNS) + "|"]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in claim_cells(r)) + " |"
                  for r in data["claims"].rows]
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


def _md_inline(text):
    """The little Markdown the rows use: `code` and **bold**."""
    out = html.escape(text)
    parts = out.split("`")
    out = "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts))
    parts = out.split("**")
    return "".join(f"<b>{p}</b>" if i % 2 else p for i, p in enumerate(parts))


def _md_link(text):
    """_md_inline, and a Markdown link [text](url) as an HTML link."""
    return re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"<a href='\2'>\1</a>", _md_inline(text))


def html_page(data):
    h = ["<!doctype html><html><head><meta charset='utf-8'><title>Reproduction report</title>",
         "<style>body{font-family:sans-serif;max-width:1100px;margin:auto}img{max-width:100%}"
         "td,th{border:1px solid #ccc;padding:3px 6px;vertical-align:top}table{border-collapse:"
         "collapse}.warn{background:#ffe600;padding:8px}.row{display:flex;flex-wrap:wrap;gap:12px;"
         "align-items:flex-start}figure{margin:0}figcaption{font-size:90%;max-width:400px}"
         "</style></head><body>",
         "<h1>Reproduction: How convolutional neural networks see the world</h1>"]
    h += [f"<p class='warn'>{_md_inline(text)}</p>" for text in weights_statements(data)]
    h.append(f"<p>Blog post: <a href='{BLOG_URL}'>{BLOG_URL}</a> (François Chollet, January 2016).</p>")
    h.append("<h2>Setup</h2><table>")
    h += [f"<tr><th>{html.escape(k)}</th><td>{_md_inline(v)}</td></tr>" for k, v in setup_rows(data)]
    h.append("</table><h2>Figures</h2>")
    for e in data["entries"]:
        fig = e["figure"]
        original = blog_original(fig)
        h.append(f"<h3>{fig.stem} (weights: {html.escape(source(e['legacy']))})</h3><p>"
                 f"{_md_inline(figure_origin(fig))} {html.escape(PICTURES_AT_SIZE)}</p><div class='row'>"
                 + "".join(f"<figure><img src='{folder}/{fig.stem}.png' width='{e['width']}' "
                           f"alt='{fig.stem}, {words}'><figcaption>{words.capitalize()} "
                           f"(<a href='{folder}/{fig.stem}.json'>sidecar</a>)</figcaption></figure>"
                           for folder, words in PIPELINE_WORDS)
                 + (f"<figure><img src='{blog_url(fig)}' alt='the blog&#x27;s original (shown only "
                    f"online)'><figcaption>{_md_link(original)}</figcaption></figure>" if original else "")
                 + "</div>" + "".join(f"<p>{_md_inline(note)}</p>" for note in figure_notes(e)) +
                 f"<p>Pixel difference: mean {e['mean_diff']:.2f}, max {e['max_diff']} grey levels; "
                 f"<a href='compare/{fig.stem}.png'>the difference, x{DIFF_GAIN}</a>.</p>"
                 "<table><tr><th></th><th>legacy</th><th>modern</th></tr>")
        h += [f"<tr><th>{html.escape(a)}</th><td>{html.escape(b)}</td><td>{html.escape(c)}</td></tr>"
              for a, b, c in figure_rows(e)]
        h.append("</table>")
        if e.get("likeness"):
            h.append(f"<p>{_md_link(likeness_text(e))}</p>"
                     "<table><tr><th></th><th>ours</th><th>the blog's</th></tr>")
            h += [f"<tr><th>{a}</th><td>{b}</td><td>{c}</td></tr>" for a, b, c in likeness_rows(e)]
            h.append("</table>")
    if data.get("extras"):
        h.append("<h2>Beyond noise: deep dream, gradient maps, style net, infinite zoom "
                 "(modern pipeline)</h2>")
        for e in data["extras"]:
            fig, m = e["figure"], e["modern"]
            h.append(f"<h3>{fig.stem} (weights: {html.escape(source(m))})</h3><p><i>"
                     f"{html.escape(fig.section)}</i>. {html.escape(m['layout'])}:</p>"
                     f"<img src='modern/{fig.stem}.png' alt='{fig.stem}'><table>")
            h += [f"<tr><th>{html.escape(a)}</th><td>{_md_inline(b)}</td></tr>" for a, b in extra_rows(m)]
            h.append("</table>")
    if data.get("claims"):
        h.append(f"<h2>The blog's observations, measured</h2><p>{_md_inline(claims_intro(data))}</p>"
                 "<table><tr>" + "".join(f"<th>{c}</th>" for c in CLAIM_COLUMNS) + "</tr>")
        h += ["<tr>" + "".join(f"<td>{_md_inline(c)}</td>" for c in claim_cells(r)) + "</tr>"
              for r in data["claims"].rows]
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
