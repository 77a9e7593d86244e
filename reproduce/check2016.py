"""The last result of the tier that runs the blog's own 2016 program (tests/legacy2016/), as the
report shows it: out/2016-check.json, written by the tier, read by reproduce/report.py."""

import json
import os

from common.files import write_bytes
from reproduce.document import Heading, Paragraph, Table

CHECK_FILE = "2016-check.json"


def write_check(out_dir, data):
    """Write the tier's result (a JSON-able dict) atomically to out_dir/2016-check.json."""
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, CHECK_FILE)
    write_bytes(path, (json.dumps(data, indent=1) + "\n").encode())
    return path


def read_check(out_dir):
    """The tier's last result, or None when it never ran here (or the file is unreadable)."""
    try:
        with open(os.path.join(out_dir, CHECK_FILE)) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def check_section(out_dir):
    """The report's "Checked against the 2016 program" section (reproduce/document.py blocks)."""
    data = read_check(out_dir)
    head = [Heading(2, "Checked against the 2016 program")]
    if data is None:
        return head + [Paragraph("Not run here: `make test` runs it (tests/legacy2016) where Python "
                                 "3.8 or 3.9 is found; it writes `out/2016-check.json`.")]
    if not data.get("run"):
        return head + [Paragraph(f"Not run ({data.get('when', '?')}): "
                                 f"{data.get('reason', 'no reason recorded')}.")]
    head.append(Paragraph(f"The blog's program on {data.get('stack', '?')} ({data.get('when', '?')}, "
                          f"{data.get('seconds', float('nan')):.0f} s), on synthetic weights (seed "
                          f"{data.get('seed', '?')}), against both pipelines."))
    # A run of part of the tier (pytest -k ...) records only the parts it ran: say which are
    # missing rather than fail the whole report on them.
    missing = [part for part in ("activations", "ascents") if not data.get(part)]
    if missing:
        head.append(Paragraph(f"Not in the last run of the tier (a partial run?): {', '.join(missing)}; "
                              "`make test` runs all of it."))
    return head + _activations(data) + _ascents(data) + _frozen(data)


def _activations(data):
    act = data.get("activations") or {}
    if not act.get("legacy") or not act.get("modern"):
        return []
    unflipped = act.get("unflipped", {})
    rows = [(name, f"{act['legacy'][name]:.1e}", f"{act['modern'].get(name, float('nan')):.1e}",
             f"{unflipped[name]:.2f}" if name in unflipped else "(not compared)")
            for name in act["legacy"]]
    return [Paragraph("Worst relative difference per layer, max |ours - 2016| / max |2016| (tolerance "
                      f"{data.get('tolerance', float('nan')):g}):"),
            Table(("layer", "legacy", "modern", "legacy, kernels unflipped"), rows)]


def _ascents(data):
    ascents = data.get("ascents") or {}
    if not ascents:
        return []
    rows = [(name, *(f"{a[k][0]:.2f} / {a[k][1]}" if k in a else "(not run)"
                     for k in ("legacy", "modern", "floor")))
            for name, a in ascents.items()]
    return [Paragraph("20-step ascents against the 2016 program (image float64 as in 2016); the floor is "
                      "the 2016 program against itself with a float32 image. Grey levels of the final "
                      "picture, mean / max:"),
            Table(("ascent", "legacy", "modern", "2016 floor"), rows)]


def _frozen(data):
    batch = data.get("frozen_batch")
    if not batch:
        return []
    rows = [(index, *(f"{r[k][0]:.2f} / {r[k][1]}" for k in ("frozen", "traced", "floor")),
             f"{2 * r['floor'][0] + 1:.2f}")
            for index, r in batch["filters"].items()]
    return [Paragraph(f"The step `make reproduce` runs for the 2016 grid, header and overview: "
                      f"{len(batch['filters'])} {batch['layer']} filters in one batch, {batch['steps']} "
                      f"steps at {batch['size']} px, the step frozen and laid out channels-last "
                      "(common/graph.py); beside it the traced one-filter-at-a-time step on the same "
                      "filters. Grey levels of the final picture against the 2016 program, mean / max; "
                      "the bound is 2 x floor + 1 (mean):"),
            Table(("conv5_1 filter", "frozen batch", "traced, one at a time", "2016 floor", "bound"), rows)]
