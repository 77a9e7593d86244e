"""The report's "Checked against the 2016 program" section, from out/2016-check.json."""

from reproduce.check2016 import check_section, read_check, write_check
from reproduce.document import markdown


def markdown_section(folder):
    """The section's Markdown lines, as REPORT.md has them."""
    return markdown(check_section(folder)).split("\n")

RUN = {
    "run": True, "when": "2026-01-01 00:00 UTC", "seconds": 100.0, "seed": 0, "tolerance": 1e-4,
    "stack": "Python 3.8.18, Keras 1.2.2, Theano 1.0.5",
    "activations": {"legacy": {"conv1_1": 3e-7, "fc8": 1e-5}, "modern": {"conv1_1": 3e-7, "fc8": 1.1e-5},
                    "unflipped": {"conv1_1": 0.95}},
    "ascents": {"filter": {"legacy": [7.7, 60], "modern": [7.8, 64], "floor": [6.2, 48]}},
    "frozen_batch": {"layer": "conv5_1", "size": 128, "steps": 20,
                     "filters": {"2": {"frozen": [7.1, 55], "traced": [7.0, 52], "floor": [6.0, 47]}}},
}


def test_never_run_says_so_and_how(tmp_path):
    text = "\n".join(markdown_section(tmp_path))
    assert "Not run here" in text and "make test" in text


def test_skipped_run_gives_the_reason(tmp_path):
    write_check(tmp_path, {"run": False, "when": "then", "reason": "no Python 3.8"})
    assert "Not run (then): no Python 3.8." in markdown_section(tmp_path)


def test_a_run_shows_every_layer_and_the_floor(tmp_path):
    write_check(tmp_path, RUN)
    assert read_check(tmp_path) == RUN
    lines = markdown_section(tmp_path)
    assert "| conv1_1 | 3.0e-07 | 3.0e-07 | 0.95 |" in lines
    assert "| fc8 | 1.0e-05 | 1.1e-05 | (not compared) |" in lines
    assert "| filter | 7.70 / 60 | 7.80 / 64 | 6.20 / 48 |" in lines
    assert "| 2 | 7.10 / 55 | 7.00 / 52 | 6.00 / 47 | 13.00 |" in lines  # the frozen batched step


def test_an_unreadable_file_counts_as_not_run(tmp_path):
    (tmp_path / "2016-check.json").write_text("{not json")
    assert read_check(tmp_path) is None


def test_a_partial_run_shows_what_it_has_and_names_what_is_missing(tmp_path):
    """`pytest -k ascent` over the tier writes ascents only; the report (which once stopped on
    a KeyError there, after every figure was made) shows them and says what is missing."""
    partial = {k: v for k, v in RUN.items() if k != "activations"}
    partial["ascents"] = {"class65": {"legacy": [5.5, 35], "floor": [5.49, 37]}}
    write_check(tmp_path, partial)
    lines = markdown_section(tmp_path)
    assert "| class65 | 5.50 / 35 | (not run) | 5.49 / 37 |" in lines
    assert any("Not in the last run of the tier" in line and "activations" in line for line in lines)
    assert not any(line.startswith("| conv1_1") for line in lines)
