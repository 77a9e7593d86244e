"""The last result of the tier that runs the blog's own 2016 program (tests/legacy2016/), as the
report shows it: out/2016-check.json, written by the tier, read by reproduce/report.py."""

import json
import os

from common.files import write_bytes

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


def markdown_section(out_dir):
    """The report's "Checked against the 2016 program" section, as Markdown lines."""
    data = read_check(out_dir)
    lines = ["## Checked against the 2016 program", ""]
    if data is None:
        return lines + ["Not run here: `make test` runs it (tests/legacy2016) where Python 3.8 "
                        "or 3.9 is found; it writes `out/2016-check.json`.", ""]
    if not data.get("run"):
        return lines + [f"Not run ({data.get('when', '?')}): {data.get('reason', 'no reason recorded')}.", ""]
    lines += [f"The blog's program on {data.get('stack', '?')} ({data.get('when', '?')}, "
              f"{data.get('seconds', float('nan')):.0f} s), on synthetic weights (seed "
              f"{data.get('seed', '?')}), against both pipelines.", ""]
    # A run of part of the tier (pytest -k ...) records only the parts it ran: say which are
    # missing rather than fail the whole report on them.
    missing = [part for part in ("activations", "ascents") if not data.get(part)]
    if missing:
        lines += [f"Not in the last run of the tier (a partial run?): {', '.join(missing)}; "
                  "`make test` runs all of it.", ""]
    return lines + _activation_lines(data) + _ascent_lines(data) + _frozen_lines(data)


def _activation_lines(data):
    act = data.get("activations") or {}
    if not act.get("legacy") or not act.get("modern"):
        return []
    unflipped = act.get("unflipped", {})
    lines = ["Worst relative difference per layer, max |ours - 2016| / max |2016| (tolerance "
             f"{data.get('tolerance', float('nan')):g}):", "",
             "| layer | legacy | modern | legacy, kernels unflipped |", "|---|---|---|---|"]
    lines += [f"| {name} | {act['legacy'][name]:.1e} | {act['modern'].get(name, float('nan')):.1e} | "
              + (f"{unflipped[name]:.2f} |" if name in unflipped else "(not compared) |")
              for name in act["legacy"]]
    return lines + [""]


def _ascent_lines(data):
    ascents = data.get("ascents") or {}
    if not ascents:
        return []
    lines = ["20-step ascents against the 2016 program (image float64 as in 2016); the floor is "
             "the 2016 program against itself with a float32 image. Grey levels of the final "
             "picture, mean / max:", "", "| ascent | legacy | modern | 2016 floor |", "|---|---|---|---|"]
    for name, a in ascents.items():
        cells = [f"{a[k][0]:.2f} / {a[k][1]}" if k in a else "(not run)"
                 for k in ("legacy", "modern", "floor")]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines + [""]


def _frozen_lines(data):
    batch = data.get("frozen_batch")
    if not batch:
        return []
    lines = [f"The step `make reproduce` runs for the 2016 grid, header and overview: "
             f"{len(batch['filters'])} {batch['layer']} filters in one batch, {batch['steps']} steps at "
             f"{batch['size']} px, the step frozen and laid out channels-last (common/graph.py); beside it "
             "the traced one-filter-at-a-time step on the same filters. Grey levels of the final "
             "picture against the 2016 program, mean / max; the bound is 2 x floor + 1 (mean):", "",
             "| conv5_1 filter | frozen batch | traced, one at a time | 2016 floor | bound |",
             "|---|---|---|---|---|"]
    for index, r in batch["filters"].items():
        cells = [f"{r[k][0]:.2f} / {r[k][1]}" for k in ("frozen", "traced", "floor")]
        lines.append(f"| {index} | " + " | ".join(cells) + f" | {2 * r['floor'][0] + 1:.2f} |")
    return lines + [""]
