"""out/REPORT.md and out/report.html: every figure, which blog figure it reproduces, with what
weights and software, how long it took, and how far the legacy and modern pipelines differ.

The report is built once, as a list of blocks (reproduce/document.py), from the run's RunResult
(reproduce/result.py); the rows of its tables come from reproduce/rows.py. The Markdown and the
HTML file are the same blocks through two writers.
"""

import os

from common.files import write_bytes
from reproduce.blog_reference import blog_url
from reproduce.check2016 import check_section
from reproduce.compare import DIFF_GAIN
from reproduce.document import Heading, Paragraph, Picture, Pictures, Table, html_page, markdown
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

TITLE = "Reproduction: How convolutional neural networks see the world"
PICTURES_AT_SIZE = ("Each picture is shown at the size the post shows it (as made, where the post "
                    "does not show it); its JSON sidecar lists its filters (kept, dead, stopped), "
                    "which the tables count.")
PIPELINE_WORDS = (("modern", "the modern pipeline"), ("legacy", "the 2016 pipeline"))
EXTRAS_HEADING = "Beyond noise: deep dream, gradient maps, style net, infinite zoom (modern pipeline)"
EXTRAS_TEXT = ("Not in the post, which points to the Keras deep_dream example; built as the course "
               "chapter on visualising what convnets learn does it. Modern pipeline only: the 2016 "
               "code had no such thing to compare with.")
ACTIVATIONS_TEXT = ("Worst relative difference, max |legacy - modern| / max |modern|, on the same "
                    "224x224 input (after NCHW -> NHWC):")
WHY_PICTURES_DIFFER = (
    "Why the pictures differ more than the activations: gradient ascent amplifies float rounding; "
    "a one-ulp change of the start image in one pipeline moves the pictures as much (see "
    "tests/test_ascent_equivalence.py). In the grids, cells are ordered by final loss, so two "
    "filters with nearly equal losses can swap places between the pipelines, which shows as whole "
    "cells in the difference.")


def _figure(e):
    """The blocks of one figure made by both pipelines (a FigureEntry)."""
    fig = e.figure
    pictures = [Picture(f"{folder}/{fig.stem}.png", f"{fig.stem}, {words}",
                        f"*{words.capitalize()}* ([sidecar]({folder}/{fig.stem}.json)).", e.width)
                for folder, words in PIPELINE_WORDS]
    original = blog_original(fig)
    if original:
        pictures.append(Picture(blog_url(fig), f"{fig.blog_file}, the blog's original (shown only online)",
                                original))
    blocks = [Heading(3, f"`{fig.stem}` (weights: `{source(e.legacy)}`)"),
              Paragraph(f"{figure_origin(fig)} {PICTURES_AT_SIZE}"), Pictures(tuple(pictures)),
              *(Paragraph(note) for note in figure_notes(e)),
              Paragraph(f"Pixel difference legacy vs modern: mean {e.mean_diff:.2f}, max {e.max_diff} "
                        f"grey levels; [the difference, x{DIFF_GAIN}](compare/{fig.stem}.png)."),
              Table(("", "legacy", "modern"), figure_rows(e))]
    if e.likeness:
        blocks += [Paragraph(likeness_text(e)), Table(("", "ours", "the blog's"), likeness_rows(e))]
    return blocks


def _extra(e):
    """The blocks of one modern-only figure (an ExtraEntry)."""
    fig, m = e.figure, e.modern
    return [Heading(3, f"`{fig.stem}` (weights: `{source(m)}`)"),
            Paragraph(f"*{fig.section}*. {m.details['layout']}:"),
            Picture(f"modern/{fig.stem}.png", fig.stem), Table(("", ""), extra_rows(m))]


def report_blocks(result, out):
    """The whole report of a RunResult, whose run wrote into `out`."""
    blocks = [Heading(1, TITLE), *(Paragraph(t, warn=True) for t in weights_statements(result)),
              Paragraph(f"Blog post: [{BLOG_URL}]({BLOG_URL}) (François Chollet, January 2016). Every "
                        "figure is made twice, by the 2016 pipeline (`legacy/`, channels-first "
                        "Sequential, Baraldi's weights) and the modern one (`modern/`, "
                        "keras.applications), from the same start image."),
              Heading(2, "Setup"), Table(("", ""), setup_rows(result)), Heading(2, "Figures")]
    blocks += [b for e in result.figures for b in _figure(e)]
    if result.extras:
        blocks += [Heading(2, EXTRAS_HEADING), Paragraph(EXTRAS_TEXT)]
        blocks += [b for e in result.extras for b in _extra(e)]
    if result.claims:
        blocks += [Heading(2, "The blog's observations, measured"), Paragraph(claims_intro(result)),
                   Table(CLAIM_COLUMNS, [claim_cells(r) for r in result.claims.rows])]
    blocks += [Heading(2, "Layer-by-layer activations"), Paragraph(ACTIVATIONS_TEXT),
               Table(("layer", "difference"), [(k, f"{v:.2e}") for k, v in result.activations.items()]),
               Paragraph(WHY_PICTURES_DIFFER)]
    return blocks + check_section(out)  # the last run of tests/legacy2016, or why there is none


def write_report(out, result):
    """out/REPORT.md and out/report.html of a RunResult."""
    blocks = report_blocks(result, out)
    write_bytes(os.path.join(out, "REPORT.md"), markdown(blocks).encode())
    write_bytes(os.path.join(out, "report.html"), html_page(blocks, TITLE).encode())
