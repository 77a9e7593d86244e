"""The atlas's static site (atlas/site.py, atlas/pages.py) from stand-in results: every link and
picture resolves to a file, dead filters are marked, the summary adds up, the search table knows
both spellings. The same site in a real browser: test_site_browser.py."""

import json
import os
import re

import pytest

from atlas import plan, site


@pytest.fixture
def built(tmp_path, settings, pool_class):
    chunks = plan.make_chunks(["legacy", "modern"], ["conv1_1", "conv3_1"], [0, 1, 2, 3, 4], 2)
    plan.drive(chunks, str(tmp_path), pool_class())
    return tmp_path, site.build(str(tmp_path), settings)


def _links(page):
    with open(page) as f:
        text = f.read()
    return text, re.findall(r'(?:href|src)="([^"#]+)"', text)


def test_every_link_and_picture_is_a_file(built):
    out, index = built
    pages = [index] + [os.path.join(out, f"{layer}.html") for layer in ("conv1_1", "conv3_1")]
    pages += [os.path.join(out, "filters", n) for n in os.listdir(out / "filters")]
    assert len(pages) == 3 + 2 * 5  # index, 2 layers, 2 x 5 filters
    for page in pages:
        _, links = _links(page)
        assert links, page
        for link in links:
            assert os.path.isfile(os.path.join(os.path.dirname(page), link)), (page, link)


def test_layer_page_marks_dead_filters_and_filter_page_has_the_trio(built):
    out, _ = built
    text, _ = _links(out / "conv3_1.html")
    assert text.count('class="cell dead"') == 1 and "<span>3 dead</span>" in text
    text, links = _links(out / "filters" / "conv3_1_f0002.html")
    assert [x for x in links if x.endswith(".png")] == [
        "../legacy/conv3_1/f0002.png", "../modern/conv3_1/f0002.png", "../diff/conv3_1/f0002.png"]
    assert text.count("<polyline") == 2  # a loss curve per pipeline


def test_summary_and_difference(built):
    out, index = built
    with open(index) as f:
        text = f.read()
    assert '<a href="conv1_1.html">conv1_1</a>' in text
    assert "<td>5/64</td><td>20 %</td>" in text  # 1 dead of 5 done
    with open(out / "diff" / "conv1_1" / "f0000.json") as f:
        assert json.load(f)["mean_abs"] > 0  # the stand-in's two pipelines differ


def test_search_table_knows_both_spellings(built):
    out, _ = built
    with open(out / "atlas.js") as f:
        text = f.read()
    table = json.loads(re.match(r"var ATLAS = (.*);\n", text).group(1))
    assert table["block3_conv1"] == table["conv3_1"] == {"layer": "conv3_1", "done": [0, 1, 2, 3, 4]}


def test_a_filter_page_shows_the_other_methods_pictures(tmp_path, settings, pool_class):
    """A 2016 atlas and a fourier one side by side (out/atlas, out/atlas-fourier): each filter page
    shows the other's pictures of the same filter, by links that resolve."""
    import dataclasses

    chunks = plan.make_chunks(["legacy", "modern"], ["conv1_1"], [0, 1], 2)
    for method, name in (("2016", "atlas"), ("fourier", "atlas-fourier")):
        out = tmp_path / name
        plan.drive(chunks, str(out), pool_class())
        plan.check_settings(str(out), dataclasses.replace(settings, method=method))
    fourier = dataclasses.replace(settings, method="fourier")
    assert site.other_methods(str(tmp_path / "atlas-fourier"), fourier) == [("2016", str(tmp_path / "atlas"))]
    site.build(str(tmp_path / "atlas-fourier"), fourier)
    page = tmp_path / "atlas-fourier" / "filters" / "conv1_1_f0001.html"
    text, links = _links(page)
    assert "By the other methods" in text and "../../atlas/modern/conv1_1/f0001.png" in links
    for link in links:
        assert os.path.isfile(os.path.join(os.path.dirname(page), link)), link
