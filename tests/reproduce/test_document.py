"""reproduce/document.py: the report's blocks through its two writers, Markdown and HTML, which
must say the same thing (the same text, tables and pictures) in each."""

import pytest

from reproduce.document import Heading, Paragraph, Picture, Pictures, Table, html_page, inline_html, markdown

BLOCKS = [Heading(1, "Title"), Paragraph("**Synthetic** weights", warn=True),
          Table(("", ""), [("run", "`tiny`"), ("layout", "a | b")]),
          Pictures((Picture("modern/x.png", "x, modern", "*Modern* ([sidecar](modern/x.json)).", 64),
                    Picture("https://blog/x.png", "the blog's"))),
          Table(("claim", "holds"), [("colour", "yes")])]


def test_markdown_keeps_the_text_and_lays_out_tables_and_pictures():
    md = markdown(BLOCKS).split("\n")
    assert md[:4] == ["# Title", "", "> **Synthetic** weights", ""]
    assert md[4:9] == ["| | |", "|---|---|", "| run | `tiny` |", "| layout | a \\| b |", ""]
    assert "<img src='modern/x.png' width='64' alt='x, modern'>" in md  # sized: the HTML tag
    assert "*Modern* ([sidecar](modern/x.json))." in md and "![the blog's](https://blog/x.png)" in md
    assert md[-4:] == ["| claim | holds |", "|---|---|", "| colour | yes |", ""]


def test_html_turns_the_same_text_into_tags():
    page = html_page(BLOCKS, "Title")
    assert "<title>Title</title>" in page and "<h1>Title</h1>" in page
    assert "<p class=warn><b>Synthetic</b> weights</p>" in page
    assert "<tr><th>run</th><td><code>tiny</code></td></tr>" in page  # labelled rows, no empty header
    flat = page.replace("\n", "")
    assert "<tr><th>claim</th><th>holds</th></tr><tr><td>colour</td><td>yes</td></tr>" in flat
    assert ("<figure><img src='modern/x.png' width='64' alt='x, modern'><figcaption><i>Modern</i> "
            "(<a href='modern/x.json'>sidecar</a>).</figcaption></figure>") in page
    assert page.count("<div class='row'>") == 1 and page.endswith("</body></html>")


def test_inline_markup_escapes_the_rest_and_leaves_a_lone_mark_as_text():
    assert inline_html("a < b `x<y`") == "a &lt; b <code>x&lt;y</code>"
    assert inline_html("2 * 3 = 6") == "2 * 3 = 6"


def test_an_unknown_block_is_an_error():
    with pytest.raises(TypeError, match="not a report block"):
        markdown(["text"])
