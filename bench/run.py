"""`make bench`: the speed of gradient ascent in both pipelines and in tf-keras-vis, one run.

The same work for every filter row: conv5_1 at 128x128, 20 steps, the blog's recipe, no
regularizers or jitter, on filters that stay live for all 20 steps (so no row saves work by
stopping a dead filter). Rows: legacy and modern one filter at a time; the modern engine at its
best batch; tf-keras-vis ActivationMaximization on the same keras.applications model at batch 1
and at its best batch; a float32 matrix multiply in TensorFlow as the practical peak; the class
objective at 224x224 with the head. Then a scaling table of the modern engine: time per
filter-step against batch size (1, 2, 4, ... up to the memory limit) and image size, and, each
through its command line in a fresh process, the 200-filter conv5_1 grid and the 3-octave deep
dream of a 512x512 photo at block4_conv3, end to end. Last, in a process of its own, the modern
feature-visualisation methods against lucent (bench/methods.py says how); `--only` runs one part.

GFLOP/s counts the analytic FLOPs of a step (common/cost.py: forward multiply-adds up to the
layer x 2 for the input gradient x 2 FLOPs each). Peak memory is the process's peak resident
set during the row (Linux: VmHWM, reset before each row). Each row is timed after a warm-up
call that traces its step. Written to out/bench.md and out/bench.json as well as printed.
"""

import importlib.metadata
import json
import os
import subprocess
import sys

from app.pipelines import PIPELINES
from bench import peers
from bench.machine import cpu_info, matmul_peak
from bench.measure import timed
from bench.table import SCALING_STEPS, markdown, targets
from bench.work import (
    LAYER,
    MODERN,
    class_steps,
    cycle,
    deep_dream_end_to_end,
    engine,
    grid_end_to_end,
    live_filters,
)
from cli.runtime import configure_runtime
from common.args import check_batch_size
from common.ascent import ASCENT_STEPS, BLOG_INPUT_SIZE
from common.cost import MAX_AUTO_BATCH, memory_batch_limit, step_gflop
from common.errors import ArgumentError, Parser, cli_entry
from common.files import check_writable_folder, write_bytes
from common.layers import TOP_INPUT_SIZE
from common.paths import REPO, WEIGHTS_DIR
from common.provenance import software_versions
from weights import synth
from weights.h5files import KERAS_FILENAME

__all__ = ["bench", "live_filters", "main", "markdown", "targets"]

SIZES = (64, 128, 256)  # the scaling table's image sizes
COMPARED_BATCH = 8  # the second batch at which legacy and modern are compared
# what a pipeline's one-at-a-time row is, beyond its name (a label, not a branch)
ROW_NOTES = {"legacy": " (the 2016 loop)"}


# --- the run ------------------------------------------------------------------------------------

class Bench:
    """One run's state: the rows and scaling cells measured so far, and what they are measured
    against (the matmul peak, the analytic FLOPs of a step, the memory's batch limit)."""

    def __init__(self, weights_dir, steps, max_batch, progress):
        self.files = {name: os.path.join(weights_dir, p.weight_file) for name, p in PIPELINES.items()}
        self.size, self.steps, self.progress = BLOG_INPUT_SIZE, steps, progress
        self.matmul = matmul_peak()
        self.peak = self.matmul["peak"]
        self.timed = timed  # the peers' rows (bench/peers.py) are timed the same way
        self.flop = step_gflop(LAYER, self.size)
        self.limit = memory_batch_limit(LAYER, self.size)
        if max_batch:
            self.limit = min(self.limit, max_batch)
        self.rows, self.scaling = [], []
        self.batches = [2 ** k for k in range(self.limit.bit_length()) if 2 ** k <= self.limit]

    def model(self, pipeline, include_top, size):
        return pipeline.build_model(include_top, size, self.files[pipeline.name])[0]

    def row(self, name, seconds, filter_steps, mib, median, flop_per_step=None, batch=None):
        """A row from timed(): the min of its runs (its figure) and their median, per filter-step."""
        ms = seconds / filter_steps * 1000
        gflops = (flop_per_step or self.flop) / (ms / 1000)
        self.rows.append({"row": name, "batch": batch, "ms_per_filter_step": round(ms, 1),
                          "median_ms": round(median / filter_steps * 1000, 1),
                          "gflops": round(gflops, 1), "fraction_of_matmul": round(gflops / self.peak, 3),
                          "peak_mib": round(mib)})
        self.progress(f"  {name}: {ms:.1f} ms/filter-step, {gflops / self.peak:.0%} of matmul")

    def one_at_a_time(self, filters):
        """Each pipeline one filter at a time (five runs, after a warm-up step), then on batches
        of COMPARED_BATCH filters (the legacy loop's batched mode against the engine), its step
        as traced and frozen (common/graph.py): each row in a process of its own (bench/steps.py
        says why)."""
        for batch, repeats in ((1, peers.ONE_AT_A_TIME_REPEATS), (COMPARED_BATCH, 3)):
            chunk = cycle(filters, batch)
            for frozen in (False, True):
                for name in PIPELINES:
                    label = (f"{name}, one filter at a time{ROW_NOTES.get(name, '')}" if batch == 1
                             else f"{name}, batch {batch}")
                    self.row(label + (", frozen" if frozen else ""),
                             *self._in_a_process(name, chunk, batch, frozen, repeats), batch=batch)

    def _in_a_process(self, name, filters, batch, frozen, repeats):
        """timed()'s figures for bench/steps.py run in a fresh process."""
        cmd = [sys.executable, "-m", "bench.steps", "--pipeline", name, "--weights", self.files[name],
               "--filters", ",".join(map(str, filters)), "--batch", str(batch),
               "--steps", str(self.steps), "--repeats", str(repeats)] + (["--frozen"] if frozen else [])
        out = json.loads(subprocess.run(cmd, check=True, cwd=REPO, capture_output=True,
                                        text=True).stdout.splitlines()[-1])
        return out["seconds"], out["filter_steps"], out["peak_mib"], out["median"]

    def scale(self, modern, filters, batch):
        chunk = cycle(filters, batch)
        engine(modern, chunk, 1, batch)  # warm-up (the step is traced once for all batches)
        s, n, mib, _ = timed(lambda: engine(modern, chunk, SCALING_STEPS, batch))
        self.scaling.append({"size": self.size, "batch": batch, "ms_per_filter_step": round(s / n * 1000, 1),
                             "peak_mib": round(mib)})
        self.progress(f"  scaling: batch {batch}: {s / n * 1000:.1f} ms/filter-step, {mib:.0f} MiB")

    def best_batch(self, modern, filters):
        """Scaling, small batches: 1, 2, 4, ... up to the engine's own cap; the best of them is
        the engine's row. Batches above the cap run last (scale_rest): they leave the process's
        resident memory high, which would inflate every later row's peak and slow it (measured:
        88 -> 93-99 ms per filter-step after a batch of 256)."""
        for batch in [b for b in self.batches if b <= MAX_AUTO_BATCH]:
            self.scale(modern, filters, batch)
        best = min(self.scaling, key=lambda r: r["ms_per_filter_step"])["batch"]
        chunk = cycle(filters, best)
        self.row("modern engine, best batch", *timed(lambda: engine(modern, chunk, self.steps, best)),
                 batch=best)
        return best

    def classes(self, weight_set):
        """The class objective with the head at 224x224 (one image; the 553 MB models one at a
        time), then PyTorch's on the modern model's weights. Returns the FLOPs of its step."""
        top_flop = step_gflop("fc8", TOP_INPUT_SIZE, include_top=True)
        for name, p in PIPELINES.items():
            m = self.model(p, True, TOP_INPUT_SIZE)
            class_steps(p, m, 1)
            self.row(f"{name}, class 65 at 224x224 with the head",
                     *timed(lambda: class_steps(p, m, self.steps), 3), flop_per_step=top_flop, batch=1)
            if p is MODERN:  # PyTorch's copy is of the modern layout's weights: compared with it
                peers.pytorch_class(self, weight_set, m, top_flop)
        return top_flop

    def scale_rest(self, filters, best):
        """Scaling, the rest: image sizes at the best batch, then the batches above the cap."""
        for s_ in SIZES:
            if s_ == self.size:
                continue
            m = self.model(MODERN, False, s_)
            b = max(1, min(best, memory_batch_limit(LAYER, s_)))
            chunk = cycle(filters, b)
            engine(m, chunk, 1, b)
            s, n, mib, _ = timed(lambda: engine(m, chunk, SCALING_STEPS, b))
            self.scaling.append({"size": s_, "batch": b, "ms_per_filter_step": round(s / n * 1000, 1),
                                 "peak_mib": round(mib)})
            self.progress(f"  scaling: size {s_}, batch {b}: {s / n * 1000:.1f} ms/filter-step")
        return [b for b in self.batches if b > MAX_AUTO_BATCH]


def bench(weights_dir, out, steps=ASCENT_STEPS, max_batch=None, grid=True, progress=print, only=None,
          method_steps=None):
    """The result of the whole bench, or of one part: only="steps" (the 2016 step, its peers,
    scaling, end-to-end runs) or only="methods" (fourier and maco against lucent, bench/methods.py)."""
    configure_runtime()
    result = {"versions": _versions(), "machine": cpu_info()}
    if only != "methods":
        result.update(_steps(weights_dir, out, steps, max_batch, grid, progress))
    if only != "steps":
        progress("fourier and maco against lucent (a process of its own) ...")
        result["methods"] = _methods_in_a_process(weights_dir, method_steps, max_batch)
    result["targets"] = targets(result)
    return result


def _methods_in_a_process(weights_dir, steps, max_batch):
    """bench/methods.py's result (as JSON) from a fresh process: the rows before it leave this
    process's memory high (batches up to the memory limit), which slows later rows, and its
    oneDNN primitives cached; progress lines pass through on stderr."""
    cmd = [sys.executable, "-m", "bench.methods", "--weights", os.path.join(weights_dir, KERAS_FILENAME)]
    cmd += (["--steps", str(steps)] if steps else []) + (["--max-batch", str(max_batch)] if max_batch else [])
    out = subprocess.run(cmd, check=True, cwd=REPO, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(out.splitlines()[-1])


def _steps(weights_dir, out, steps, max_batch, grid, progress):
    b = Bench(weights_dir, steps, max_batch, progress)
    progress(f"matmul peak {b.peak:.0f} GFLOP/s; memory allows batches up to {b.limit} at "
             f"{b.size}x{b.size}")
    modern = b.model(MODERN, False, b.size)
    filters = live_filters(modern, min(b.limit, 64))
    b.one_at_a_time(filters)
    best = b.best_batch(modern, filters)
    weight_set = MODERN.read_weights(b.files[MODERN.name], True)  # for PyTorch's copy
    peers.pytorch(b, weight_set, modern, filters)
    peers.tf_keras_vis(b, modern, filters)
    b.rows.append({"row": "float32 matmul (best of TensorFlow 8192^2 and numpy 4096^2)", "batch": None,
                   "ms_per_filter_step": None, "median_ms": None, "gflops": round(b.peak, 1),
                   "fraction_of_matmul": 1.0, "peak_mib": None})
    top_flop = b.classes(weight_set)
    for batch in b.scale_rest(filters, best):
        b.scale(modern, filters, batch)
    b.scaling.sort(key=lambda r: (r["size"] != b.size, r["size"], r["batch"]))
    result = {"matmul_gflops": round(b.peak, 1), "layer": LAYER, "size": b.size, "steps": steps,
              "step_gflop": round(b.flop, 2), "step_gflop_class_224": round(top_flop, 2),
              "memory_batch_limit": b.limit, "live_filters": filters, "rows": b.rows,
              "scaling": b.scaling, "matmul": b.matmul}
    if grid:
        progress("  the 200-filter conv5_1 grid, end to end ...")
        result["grid_200_seconds"] = round(grid_end_to_end(weights_dir, out), 1)
        progress("  the 3-octave deep dream of a 512x512 photo, end to end ...")
        result["deep_dream_512_seconds"] = round(deep_dream_end_to_end(weights_dir, out), 1)
    return result


def _versions():
    v = software_versions()
    for name in ("tf-keras-vis", "torch", "torch-lucent", "kornia"):  # the peers, where installed
        try:
            v[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            pass
    return v


@cli_entry
def main(argv=None):
    p = Parser(prog="python -m bench", description=__doc__.splitlines()[0])
    p.add_argument("--weights-dir", default=os.path.join(WEIGHTS_DIR, "synthetic-seed0"),
                   help="folder with both weight files (default: the synthetic set, written if missing)")
    p.add_argument("--out", default="out", help="folder for bench.md and bench.json (default out)")
    p.add_argument("--max-batch", type=int, default=None,
                   help="largest batch in the scaling table (default: the memory limit)")
    p.add_argument("--no-grid", action="store_true",
                   help="skip the end-to-end runs (200-filter grid, 512x512 deep dream)")
    p.add_argument("--steps", type=int, default=ASCENT_STEPS,
                   help=f"steps per row (default {ASCENT_STEPS}, the blog's; fewer for a smoke run)")
    p.add_argument("--only", choices=("steps", "methods"), default=None,
                   help="one part: steps (the 2016 step, its peers, scaling, end-to-end runs) or methods "
                        "(fourier and maco against lucent); default both")
    p.add_argument("--method-steps", type=int, default=None,
                   help="steps per filter in the methods part (default the fourier method's, 128)")
    args = p.parse_args(argv)
    for flag, value in (("--steps", args.steps), ("--method-steps", args.method_steps)):
        if value is not None and value < 1:
            raise ArgumentError(f"{flag} {value}: expected a positive whole number")
    check_writable_folder(args.out, "--out")
    check_batch_size(args.max_batch, "--max-batch")
    if not os.path.exists(os.path.join(args.weights_dir, KERAS_FILENAME)):
        synth.write_synthetic(args.weights_dir)
    result = bench(args.weights_dir, args.out, args.steps, args.max_batch, not args.no_grid, only=args.only,
                   method_steps=args.method_steps)
    text = markdown(result)
    print(text)
    write_bytes(os.path.join(args.out, "bench.md"), text.encode())
    write_bytes(os.path.join(args.out, "bench.json"), json.dumps(result, indent=1).encode())
    return 0


if __name__ == "__main__":
    sys.exit(main())
