"""`make bench`: steady-state speed of the gradient-ascent step, one table.

Same work for every filter row: conv5_1 at 128x128, 20 steps, the blog's recipe; each row is
timed after a warm-up call (model built, step traced). GFLOP/s uses the analytic FLOP count of
a step: forward multiply-adds up to the layer x 2 (forward + input gradient) x 2 (FLOPs per
multiply-add). The practical peak is a float32 matrix multiply in TensorFlow on the same machine.
Written to out/bench.md and out/bench.json as well as printed.
"""

import argparse
import json
import os
import resource
import sys
import time

from common import constants as C
from common.files import write_bytes
from common.cost import step_gflop

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def matmul_gflops(n=2048, reps=20):
    import tensorflow as tf

    a, b = tf.random.normal((n, n)), tf.random.normal((n, n))
    mm = tf.function(lambda a, b: tf.matmul(a, b))
    mm(a, b).numpy()
    t = time.perf_counter()
    for _ in range(reps):
        c = mm(a, b)
    c.numpy()
    return 2 * n ** 3 * reps / (time.perf_counter() - t) / 1e9


def _time(fn, repeats):
    fn()  # warm-up: trace and first run
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def bench(weights_dir, steps=C.ASCENT_STEPS, repeats=2, batch=8):
    from common.cli import build_model, configure_runtime

    configure_runtime()
    import legacy.visualize as LV
    import modern.visualize as MV

    files = {"legacy": os.path.join(weights_dir, C.BARALDI_FILENAME),
             "modern": os.path.join(weights_dir, C.KERAS_FILENAME)}
    peak = matmul_gflops()
    flop = step_gflop("conv5_1", C.BLOG_INPUT_SIZE)
    rows = []

    def row(name, seconds, filters, flop_per_step):
        ms = seconds / (steps * filters) * 1000
        gflops = flop_per_step / (ms / 1000)
        rows.append({"row": name, "ms_per_filter_step": round(ms, 1), "gflops": round(gflops, 1),
                     "fraction_of_matmul": round(gflops / peak, 3),
                     "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)})

    models = {p: build_model(p, False, C.BLOG_INPUT_SIZE, files[p], "theano")[0] for p in files}
    row("legacy, one filter at a time",
        _time(lambda: LV.visualize_filter(models["legacy"], "conv5_1", 0, steps), repeats), 1, flop)
    row("modern, one filter at a time",
        _time(lambda: MV.visualize_filter(models["modern"], "conv5_1", 0, steps), repeats), 1, flop)
    row(f"legacy, batch {batch}",
        _time(lambda: LV.visualize_filters(models["legacy"], "conv5_1", range(batch), steps,
                                           batch_size=batch), repeats), batch, flop)
    row(f"modern, batch {batch}",
        _time(lambda: MV.visualize_filters(models["modern"], "conv5_1", range(batch), steps,
                                           batch_size=batch), repeats), batch, flop)
    models.clear()  # free the conv-only models before the 553 MB full ones
    top_flop = step_gflop("fc8", C.TOP_INPUT_SIZE, include_top=True)
    for p, vis in (("legacy", LV), ("modern", MV)):
        model = build_model(p, True, C.TOP_INPUT_SIZE, files[p], "theano")[0]
        row(f"{p}, class 65 at 224 with the head",
            _time(lambda: vis.visualize_class(model, C.CLASS_SEA_SNAKE, steps), 1), 1, top_flop)
    return {"matmul_gflops": round(peak, 1), "step_gflop_conv5_1_128": round(flop, 2),
            "step_gflop_class_224": round(top_flop, 2), "steps": steps, "rows": rows}


def markdown(result):
    lines = [f"float32 matmul peak: {result['matmul_gflops']} GFLOP/s; one step = "
             f"{result['step_gflop_conv5_1_128']} GFLOP (conv5_1, 128x128), "
             f"{result['step_gflop_class_224']} GFLOP (class, 224x224); {result['steps']} steps", "",
             "| row | ms / filter-step | GFLOP/s | of matmul peak | peak RSS MiB |",
             "|---|---|---|---|---|"]
    lines += [f"| {r['row']} | {r['ms_per_filter_step']} | {r['gflops']} | "
              f"{r['fraction_of_matmul']:.0%} | {r['peak_rss_mib']} |" for r in result["rows"]]
    return "\n".join(lines) + "\n"


def main(argv=None):
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    p.add_argument("--weights-dir", default=os.path.join(REPO, "weights", "synthetic-seed0"),
                   help="folder with both weight files (default: the synthetic set)")
    p.add_argument("--out", default="out")
    args = p.parse_args(argv)
    if not os.path.exists(os.path.join(args.weights_dir, C.KERAS_FILENAME)):
        from weights.synth import write_synthetic

        write_synthetic(args.weights_dir)
    result = bench(args.weights_dir)
    text = markdown(result)
    print(text)
    write_bytes(os.path.join(args.out, "bench.md"), text.encode())
    write_bytes(os.path.join(args.out, "bench.json"), json.dumps(result, indent=1).encode())
    return 0


if __name__ == "__main__":
    sys.exit(main())
