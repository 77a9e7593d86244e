"""The report as a list of blocks (heading, paragraph, table, picture), written out by two small
writers, Markdown (REPORT.md) and HTML (report.html), so that what the report says is written once.

Text in a block is the little Markdown the report uses: `code`, **bold**, *italics* and
[links](address); the Markdown writer keeps it as it is, the HTML writer turns it into tags.
"""

import dataclasses
import html
import re


@dataclasses.dataclass(frozen=True)
class Heading:
    level: int  # 1 for the title
    text: str


@dataclasses.dataclass(frozen=True)
class Paragraph:
    text: str
    warn: bool = False  # a statement the reader must not miss (a quote in Markdown)


@dataclasses.dataclass(frozen=True)
class Table:
    header: tuple  # column names; "" for none (a header of "" only: a table of label, value)
    rows: list  # [tuple of cells], as many as the header; a first column under "" labels its row


@dataclasses.dataclass(frozen=True)
class Picture:
    src: str
    alt: str
    caption: str | None = None
    width: int | None = None  # px at which it is shown; None: as it is


@dataclasses.dataclass(frozen=True)
class Pictures:
    """Pictures shown side by side (one after another in Markdown)."""

    items: tuple


def _md_cell(text):
    return str(text).replace("|", "\\|")  # a bar inside a cell would end it


def _md_picture(p):
    if p.width is None:
        lines = [f"![{p.alt}]({p.src})", ""]
    else:  # Markdown has no size: the HTML tag, which Markdown viewers show
        lines = [f"<img src='{p.src}' width='{p.width}' alt='{p.alt}'>", ""]
    return lines + ([p.caption, ""] if p.caption else [])


def markdown(blocks):
    """The blocks as Markdown: each followed by a blank line."""
    lines = []
    for b in blocks:
        if isinstance(b, Heading):
            lines += ["#" * b.level + " " + b.text, ""]
        elif isinstance(b, Paragraph):
            lines += [("> " if b.warn else "") + b.text, ""]
        elif isinstance(b, Table):
            lines += ["|" + "|".join(f" {_md_cell(c)} " if c else " " for c in b.header) + "|",
                      "|---" * len(b.header) + "|"]
            lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in b.rows] + [""]
        elif isinstance(b, Picture):
            lines += _md_picture(b)
        elif isinstance(b, Pictures):
            lines += [line for p in b.items for line in _md_picture(p)]
        else:
            raise TypeError(f"not a report block: {b!r}")
    return "\n".join(lines)


def inline_html(text):
    """The little Markdown of the blocks' text as HTML, everything else escaped."""
    out = html.escape(str(text))
    for mark, tag in (("`", "code"), ("**", "b"), ("*", "i")):
        parts = out.split(mark)
        if len(parts) % 2:  # marks in pairs only: a lone one is text
            out = "".join(f"<{tag}>{p}</{tag}>" if i % 2 else p for i, p in enumerate(parts))
    return re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"<a href='\2'>\1</a>", out)


STYLE = ("body{font-family:sans-serif;max-width:1100px;margin:auto}img{max-width:100%}"
         "td,th{border:1px solid #ccc;padding:3px 6px;vertical-align:top}table{border-collapse:"
         "collapse}.warn{background:#ffe600;padding:8px}.row{display:flex;flex-wrap:wrap;gap:12px;"
         "align-items:flex-start}figure{margin:0}figcaption{font-size:90%;max-width:400px}")


def _html_picture(p):
    width = "" if p.width is None else f" width='{p.width}'"
    caption = "" if not p.caption else f"<figcaption>{inline_html(p.caption)}</figcaption>"
    return f"<figure><img src='{html.escape(p.src)}'{width} alt='{html.escape(p.alt)}'>{caption}</figure>"


def _html_table(t):
    labelled = t.header[0] == ""  # the first column names its row
    out = ["<table>"]
    if any(t.header):
        out.append("<tr>" + "".join(f"<th>{inline_html(c)}</th>" for c in t.header) + "</tr>")
    for row in t.rows:
        cells = [("th" if labelled and i == 0 else "td", c) for i, c in enumerate(row)]
        out.append("<tr>" + "".join(f"<{tag}>{inline_html(c)}</{tag}>" for tag, c in cells) + "</tr>")
    return out + ["</table>"]


def html_page(blocks, title):
    """The blocks as one HTML page titled `title`."""
    out = ["<!doctype html><html><head><meta charset='utf-8'>"
           f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>"]
    for b in blocks:
        if isinstance(b, Heading):
            out.append(f"<h{b.level}>{inline_html(b.text)}</h{b.level}>")
        elif isinstance(b, Paragraph):
            out.append(f"<p{' class=warn' if b.warn else ''}>{inline_html(b.text)}</p>")
        elif isinstance(b, Table):
            out += _html_table(b)
        elif isinstance(b, Picture):
            out.append(_html_picture(b))
        elif isinstance(b, Pictures):
            out.append("<div class='row'>" + "".join(_html_picture(p) for p in b.items) + "</div>")
        else:
            raise TypeError(f"not a report block: {b!r}")
    return "\n".join(out + ["</body></html>"])
