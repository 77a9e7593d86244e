"""One pipeline's gradient ascent at one batch, its step frozen or as traced, timed in a process of
its own: `make bench`'s one-at-a-time and batch-8 rows (bench/run.py runs one such process each).

Why a process each: oneDNN caches a convolution's primitive by its shapes, and the first step to
run a shape in a process decides how that primitive holds its kernel (common/graph.py). Timed in
one process, a traced step run first would slow a frozen step after it, and a frozen one run
first would speed a traced one up. Prints one line of JSON: the best and the median seconds of
the timed runs, the filter-steps a run computed, and the peak resident memory (bench/measure.py
timed).
"""

import json
import sys

from app.pipelines import NAMES, get_pipeline
from bench.measure import timed
from bench.work import LAYER
from cli.runtime import configure_runtime
from common.args import parse_indices
from common.errors import Parser, cli_entry


def measure(pipeline, weights, filters, batch, frozen, steps, repeats):
    """timed()'s figures as a dict (seconds: the best run, median, filter_steps, peak_mib) of
    `repeats` runs of `filters` (conv5_1, 128x128) at `batch`, after a warm-up step that makes
    the step."""
    configure_runtime()
    model, _ = pipeline.build_model(False, 128, weights)

    def run(n_steps):
        results = pipeline.visualize_filters(model, LAYER, filters, n_steps, batch_size=batch,
                                             freeze=frozen)
        return sum(len(r.losses) for r in results)

    run(1)
    return dict(zip(("seconds", "filter_steps", "peak_mib", "median"), timed(lambda: run(steps), repeats)))


@cli_entry
def main(argv=None):
    p = Parser(prog="python -m bench.steps", description=__doc__.splitlines()[0])
    p.add_argument("--pipeline", choices=NAMES, required=True)
    p.add_argument("--weights", required=True, help="the pipeline's weight file")
    p.add_argument("--filters", required=True, help="conv5_1 filters, comma-separated (e.g. 3,5,8)")
    p.add_argument("--batch", type=int, default=1, help="filters per step (default 1)")
    p.add_argument("--frozen", action="store_true", help="freeze the step (default: as traced)")
    p.add_argument("--steps", type=int, default=20, help="steps per run (default 20)")
    p.add_argument("--repeats", type=int, default=5, help="timed runs (default 5)")
    args = p.parse_args(argv)
    out = measure(get_pipeline(args.pipeline), args.weights, parse_indices(args.filters), args.batch,
                  args.frozen, args.steps, args.repeats)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
