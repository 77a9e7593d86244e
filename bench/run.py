"""`make bench`: the speed of gradient ascent in both pipelines and in tf-keras-vis, one run.

The same work for every filter row: conv5_1 at 128x128, 20 steps, the blog's recipe, no
regularizers or jitter, on filters that stay live for all 20 steps (so no row saves work by
stopping a dead filter). Rows: legacy and modern one filter at a time; the modern engine at its
best batch; tf-keras-vis ActivationMaximization on the same keras.applications model at batch 1
and at its best batch; a float32 matrix multiply in TensorFlow as the practical peak; the class
objective at 224x224 with the head. Then a scaling table of the modern engine: time per
filter-step against batch size (1, 2, 4, ... up to the memory limit) and image size, and, each
through its command line in a fresh process, the 200-filter conv5_1 grid and the 3-octave deep
dream of a 512x512 photo at block4_conv3, end to end.

GFLOP/s counts the analytic FLOPs of a step (common/cost.py: forward multiply-adds up to the
layer x 2 for the input gradient x 2 FLOPs each). Peak memory is the process's peak resident
set during the row (Linux: VmHWM, reset before each row). Each row is timed after a warm-up
call that traces its step. Written to out/bench.md and out/bench.json as well as printed.
"""

import importlib
import json
import os
import subprocess
import sys
import time

from common import constants as C
from common.cost import memory_batch_limit, step_gflop
from common.errors import ArgumentError, Parser, cli_entry
from common.files import check_writable_folder, write_bytes
from extras.settings import DREAM_BUDGET_S
from weights.h5files import BARALDI_FILENAME, KERAS_FILENAME

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAYER = "conv5_1"
SIZES = (64, 128, 256)  # the scaling table's image sizes
TFKV_BATCHES = (1, 2, 4, 8, 16, 32)  # tf-keras-vis's best batch is searched among these
SCALING_STEPS = 3  # timed steps per scaling cell (after a 1-step warm-up): the step is steady
REPEATS = 2  # every row and cell is the best of this many runs (one-at-a-time rows: 3)
EXTRA = "requirements-bench.txt"


# --- measuring ----------------------------------------------------------------------------------

def reset_peak_memory():
    """Start a new peak-RSS window (Linux: writing 5 to clear_refs resets VmHWM)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def peak_memory_mib():
    """Peak resident memory since the last reset (VmHWM), or of the whole process elsewhere."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def matmul_gflops(n=2048, reps=20):
    """float32 n x n matrix multiply in TensorFlow, best of three runs: the practical peak."""
    import tensorflow as tf

    a, b = tf.random.normal((n, n)), tf.random.normal((n, n))
    mm = tf.function(lambda a, b: tf.matmul(a, b))
    mm(a, b).numpy()
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        for _ in range(reps):
            c = mm(a, b)
        c.numpy()
        best = min(best, time.perf_counter() - t)
    return 2 * n ** 3 * reps / best / 1e9


def timed(run, repeats=REPEATS):
    """(best seconds, filter-steps, peak MiB) of run() -> filter-steps done; warm-up excluded.
    The best of `repeats` runs: this machine is a VM whose neighbours steal cycles (seen: one
    run 10% slower than the next), and the fastest run is the one least disturbed."""
    best, steps, peak = float("inf"), 0, 0.0
    for _ in range(repeats):
        reset_peak_memory()
        t = time.perf_counter()
        steps = run()
        best = min(best, time.perf_counter() - t)
        peak = max(peak, peak_memory_mib())
    return best, steps, peak


# --- the work -----------------------------------------------------------------------------------

def live_filters(model, count, seed=C.DEFAULT_SEED):
    """The first `count` conv5_1 filters whose loss is above 0 on their start image: a filter
    dead from the start would make its row's work smaller. (A filter may still die later: the
    rows count the filter-steps actually computed.)"""
    import numpy as np

    import modern.visualize as MV
    from common.layers import layer_name
    from modern.model import feature_model

    name = layer_name(LAYER, "modern")
    features = feature_model(model, [name, name])
    live, start = [], 0
    while len(live) < count:
        chunk = list(range(start, start + count))
        act = features(np.stack([MV.start_image(model, seed, i) for i in chunk]))[0].numpy()
        live += [i for k, i in enumerate(chunk) if act[k, :, :, i].mean() > 0][: count - len(live)]
        start += count
    return live


def engine(model, filters, steps, batch):
    """The modern engine on `filters`; returns the filter-steps it computed."""
    import modern.visualize as MV

    results = MV.visualize_filters(model, LAYER, filters, steps, batch_size=batch)
    return sum(len(r.losses) for r in results)


def legacy_one_at_a_time(model, filters, steps):
    import legacy.visualize as LV

    results = LV.visualize_filters(model, LAYER, filters, steps, batch_size=1)
    return sum(len(r.losses) for r in results)


def tfkv_available():
    import importlib.util

    return importlib.util.find_spec("tf_keras_vis") is not None


def tfkv(model, filters, steps, seed=C.DEFAULT_SEED):
    """tf-keras-vis ActivationMaximization on the same keras.applications model truncated at
    the layer, from the same start images; no input modifiers, no regularizers, no clipping,
    its default optimizer (RMSprop). Returns the filter-steps computed (all of them)."""
    import keras
    import numpy as np
    import tensorflow as tf
    from tf_keras_vis.activation_maximization import ActivationMaximization

    import modern.visualize as MV
    from common.layers import layer_name

    truncated = keras.Model(model.inputs, model.get_layer(layer_name(LAYER, "modern")).output)
    index = tf.constant(filters, tf.int32)

    def score(act):  # act (B, h, w, 512) -> (B,): each image's own filter, mean activation
        return tf.reduce_mean(tf.gather(act, index, axis=-1, batch_dims=1), axis=[1, 2])

    x0 = np.stack([MV.start_image(model, seed, i) for i in filters])
    ActivationMaximization(truncated, clone=False)(
        score, seed_input=x0, input_range=(None, None), input_modifiers=[], regularizers=[],
        steps=steps)
    return steps * len(filters)


def class_steps(pipeline, model, steps):
    vis = importlib.import_module(f"{pipeline}.visualize")
    return len(vis.visualize_class(model, C.CLASS_SEA_SNAKE, steps).losses)


def grid_end_to_end(weights_dir, out):
    """Seconds of `python -m modern.visualize --layer conv5_1 --filters 0-199 --grid 8x8` in a
    fresh process: model build, weight load, 200 filters x 20 steps, PNG + sidecar."""
    cmd = [sys.executable, "-m", "modern.visualize", "--layer", LAYER, "--filters",
           f"0-{C.GRID_FILTERS - 1}", "--grid", "8x8", "--out", os.path.join(out, "bench-grid"),
           "--weights", os.path.join(weights_dir, KERAS_FILENAME)]
    t = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=REPO, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def deep_dream_end_to_end(weights_dir, out):
    """Seconds of `python -m extras dream deep --layer conv4_3 --size 512 --octaves 3` (the 512x512
    cat, block4_conv3, octaves of 261, 366 and 512 pixels) in a fresh process, end to end."""
    cmd = [sys.executable, "-m", "extras", "dream", "deep", "--layer", "conv4_3", "--size", "512",
           "--octaves", "3", "--out", os.path.join(out, "bench-dream"),
           "--weights", os.path.join(weights_dir, KERAS_FILENAME)]
    t = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=REPO, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


# --- the run ------------------------------------------------------------------------------------

def bench(weights_dir, out, steps=C.ASCENT_STEPS, max_batch=None, grid=True, progress=print):
    from common.cli import build_model, configure_runtime

    configure_runtime()
    files = {"legacy": os.path.join(weights_dir, BARALDI_FILENAME),
             "modern": os.path.join(weights_dir, KERAS_FILENAME)}
    size = C.BLOG_INPUT_SIZE
    peak = matmul_gflops()
    flop = step_gflop(LAYER, size)
    limit = memory_batch_limit(LAYER, size)
    if max_batch:
        limit = min(limit, max_batch)
    progress(f"matmul peak {peak:.0f} GFLOP/s; memory allows batches up to {limit} at {size}x{size}")
    rows, scaling = [], []

    def row(name, seconds, filter_steps, mib, flop_per_step=flop, batch=None):
        ms = seconds / filter_steps * 1000
        gflops = flop_per_step / (ms / 1000)
        rows.append({"row": name, "batch": batch, "ms_per_filter_step": round(ms, 1),
                     "gflops": round(gflops, 1), "fraction_of_matmul": round(gflops / peak, 3),
                     "peak_mib": round(mib)})
        progress(f"  {name}: {ms:.1f} ms/filter-step, {gflops / peak:.0%} of matmul")

    models = {p: build_model(p, False, size, files[p], "theano")[0] for p in files}
    modern = models["modern"]
    filters = live_filters(modern, min(limit, 64))

    # One filter at a time, both pipelines (best of three runs, after a warm-up step).
    legacy_one_at_a_time(models["legacy"], filters[:1], 1)
    row("legacy, one filter at a time (the 2016 loop)",
        *timed(lambda: legacy_one_at_a_time(models["legacy"], filters[:1], steps), 3), batch=1)
    engine(modern, filters[:1], 1, 1)
    row("modern, one filter at a time", *timed(lambda: engine(modern, filters[:1], steps, 1), 3),
        batch=1)
    models.pop("legacy")  # done with it: free its memory before the large batches

    # Scaling, small batches: 1, 2, 4, ... up to the engine's own cap; the best of them is the
    # engine's row. Batches above the cap run last (see the end): they leave the process's
    # resident memory high, which would inflate every later row's peak and slow it (measured:
    # 88 -> 93-99 ms per filter-step after a batch of 256).
    def scale(batch):
        chunk = (filters * (batch // len(filters) + 1))[:batch]
        engine(modern, chunk, 1, batch)  # warm-up (the step is traced once for all batches)
        s, n, mib = timed(lambda: engine(modern, chunk, SCALING_STEPS, batch))
        scaling.append({"size": size, "batch": batch, "ms_per_filter_step": round(s / n * 1000, 1),
                        "peak_mib": round(mib)})
        progress(f"  scaling: batch {batch}: {s / n * 1000:.1f} ms/filter-step, {mib:.0f} MiB")

    batches = [2 ** k for k in range(limit.bit_length()) if 2 ** k <= limit]
    for batch in [b for b in batches if b <= C.MAX_AUTO_BATCH]:
        scale(batch)
    best = min(scaling, key=lambda r: r["ms_per_filter_step"])["batch"]
    chunk = (filters * (best // len(filters) + 1))[:best]
    row("modern engine, best batch", *timed(lambda: engine(modern, chunk, steps, best)), batch=best)

    # tf-keras-vis, optional extra.
    if tfkv_available():
        tfkv(modern, filters[:1], 1)
        row("tf-keras-vis, batch 1", *timed(lambda: tfkv(modern, filters[:1], steps), 3), batch=1)
        search = []
        for b in [b for b in TFKV_BATCHES if b <= limit]:
            chunk = (filters * (b // len(filters) + 1))[:b]
            tfkv(modern, chunk, 1)
            s, n, _ = timed(lambda: tfkv(modern, chunk, SCALING_STEPS))
            search.append((s / n, b))
        b = min(search)[1]
        chunk = (filters * (b // len(filters) + 1))[:b]
        row("tf-keras-vis, best batch", *timed(lambda: tfkv(modern, chunk, steps)), batch=b)
    else:
        progress(f"  tf-keras-vis not installed: pip install -r {EXTRA} (make bench does)")
    rows.append({"row": "float32 matmul 2048x2048 (TensorFlow)", "batch": None,
                 "ms_per_filter_step": None, "gflops": round(peak, 1), "fraction_of_matmul": 1.0,
                 "peak_mib": None})

    # The class objective with the head at 224x224 (one image; the 553 MB models one at a time).
    top_flop = step_gflop("fc8", C.TOP_INPUT_SIZE, include_top=True)
    for p in ("legacy", "modern"):
        m = build_model(p, True, C.TOP_INPUT_SIZE, files[p], "theano")[0]
        class_steps(p, m, 1)
        row(f"{p}, class 65 at 224x224 with the head", *timed(lambda: class_steps(p, m, steps)),
            flop_per_step=top_flop, batch=1)

    # Scaling, the rest: image sizes at the best batch, then the batches above the cap.
    for s_ in SIZES:
        if s_ == size:
            continue
        m = build_model("modern", False, s_, files["modern"], "theano")[0]
        b = max(1, min(best, memory_batch_limit(LAYER, s_)))
        chunk = (filters * (b // len(filters) + 1))[:b]
        engine(m, chunk, 1, b)
        s, n, mib = timed(lambda: engine(m, chunk, SCALING_STEPS, b))
        scaling.append({"size": s_, "batch": b, "ms_per_filter_step": round(s / n * 1000, 1),
                        "peak_mib": round(mib)})
        progress(f"  scaling: size {s_}, batch {b}: {s / n * 1000:.1f} ms/filter-step")
    for batch in [b for b in batches if b > C.MAX_AUTO_BATCH]:
        scale(batch)
    scaling.sort(key=lambda r: (r["size"] != size, r["size"], r["batch"]))

    result = {"matmul_gflops": round(peak, 1), "layer": LAYER, "size": size, "steps": steps,
              "step_gflop": round(flop, 2), "step_gflop_class_224": round(top_flop, 2),
              "memory_batch_limit": limit, "live_filters": filters, "rows": rows,
              "scaling": scaling, "versions": _versions()}
    if grid:
        progress("  the 200-filter conv5_1 grid, end to end ...")
        result["grid_200_seconds"] = round(grid_end_to_end(weights_dir, out), 1)
        progress("  the 3-octave deep dream of a 512x512 photo, end to end ...")
        result["deep_dream_512_seconds"] = round(deep_dream_end_to_end(weights_dir, out), 1)
    result["targets"] = targets(result)
    return result


def _versions():
    from common.cli import software_versions

    v = software_versions()
    if tfkv_available():
        import tf_keras_vis

        v["tf-keras-vis"] = tf_keras_vis.__version__
    return v


def _ms(result, prefix):
    for r in result["rows"]:
        if r["row"].startswith(prefix):
            return r["ms_per_filter_step"]
    return None


def targets(result):
    """The issue's figures, each (what, measured, target, met)."""
    out = []
    eng, mod1, leg1 = (_ms(result, "modern engine"), _ms(result, "modern, one"),
                       _ms(result, "legacy, one"))
    tk1, tkb = _ms(result, "tf-keras-vis, batch 1"), _ms(result, "tf-keras-vis, best")
    if tk1:
        out.append(("tf-keras-vis batch 1 / engine best batch", round(tk1 / eng, 2), ">= 2", tk1 / eng >= 2))
        out.append(("tf-keras-vis best batch / engine best batch", round(tkb / eng, 2), ">= 1.7", tkb / eng >= 1.7))
    frac = next(r["fraction_of_matmul"] for r in result["rows"] if r["row"].startswith("modern engine"))
    out.append(("engine best batch, fraction of matmul", frac, ">= 0.90", frac >= 0.9))
    out.append(("legacy / modern, one at a time", round(leg1 / mod1, 2), "<= 1.6", leg1 / mod1 <= 1.6))
    if "grid_200_seconds" in result:
        g = result["grid_200_seconds"]
        out.append(("200-filter conv5_1 grid, end to end (s)", g, "<= 300", g <= 300))
    if "deep_dream_512_seconds" in result:
        d = result["deep_dream_512_seconds"]
        out.append(("deep dream 512x512, 3 octaves, block4_conv3, end to end (s)", d,
                    f"<= {DREAM_BUDGET_S:g}", d <= DREAM_BUDGET_S))
    return [{"what": w, "measured": m, "target": t, "met": bool(ok)} for w, m, t, ok in out]


def markdown(result):
    lines = [f"conv5_1 at {result['size']}x{result['size']}, {result['steps']} steps, live filters "
             f"only, each row the best of {REPEATS} runs or more; one step = {result['step_gflop']} GFLOP per filter ({result['step_gflop_class_224']}"
             f" GFLOP for the class at 224x224); float32 matmul peak {result['matmul_gflops']} GFLOP/s; "
             f"{', '.join(f'{k} {v}' for k, v in result['versions'].items())}", "",
             "| row | batch | ms / filter-step | GFLOP/s | of matmul peak | peak memory MiB |",
             "|---|---|---|---|---|---|"]
    dash = lambda v: "-" if v is None else v  # noqa: E731
    lines += [f"| {r['row']} | {dash(r['batch'])} | {dash(r['ms_per_filter_step'])} | {r['gflops']} | "
              f"{r['fraction_of_matmul']:.0%} | {dash(r['peak_mib'])} |" for r in result["rows"]]
    lines += ["", f"Scaling of the modern engine ({SCALING_STEPS} timed steps per cell, best of "
              f"{REPEATS} runs; memory allows "
              f"batches up to {result['memory_batch_limit']} at {result['size']}x{result['size']}):", "",
              "| image size | batch | ms / filter-step | peak memory MiB |", "|---|---|---|---|"]
    lines += [f"| {r['size']} | {r['batch']} | {r['ms_per_filter_step']} | {r['peak_mib']} |"
              for r in result["scaling"]]
    if "grid_200_seconds" in result:
        lines += ["", f"The 200-filter conv5_1 grid (`python -m modern.visualize --layer conv5_1 "
                  f"--filters 0-199 --grid 8x8`), end to end: {result['grid_200_seconds']} s"]
    if "deep_dream_512_seconds" in result:
        lines += ["", f"The deep dream (`python -m extras dream deep --layer conv4_3 --size 512 "
                  f"--octaves 3`), end to end: {result['deep_dream_512_seconds']} s"]
    lines += ["", "| target | measured | wanted | met |", "|---|---|---|---|"]
    lines += [f"| {t['what']} | {t['measured']} | {t['target']} | {'yes' if t['met'] else 'NO'} |"
              for t in result["targets"]]
    return "\n".join(lines) + "\n"


@cli_entry
def main(argv=None):
    p = Parser(prog="python -m bench", description=__doc__.splitlines()[0])
    p.add_argument("--weights-dir", default=os.path.join(REPO, "weights", "synthetic-seed0"),
                   help="folder with both weight files (default: the synthetic set, written if missing)")
    p.add_argument("--out", default="out", help="folder for bench.md and bench.json (default out)")
    p.add_argument("--max-batch", type=int, default=None,
                   help="largest batch in the scaling table (default: the memory limit)")
    p.add_argument("--no-grid", action="store_true",
                   help="skip the end-to-end runs (200-filter grid, 512x512 deep dream)")
    p.add_argument("--steps", type=int, default=C.ASCENT_STEPS,
                   help=f"steps per row (default {C.ASCENT_STEPS}, the blog's; fewer for a smoke run)")
    args = p.parse_args(argv)
    if args.steps < 1:
        raise ArgumentError(f"--steps {args.steps}: expected a positive whole number")
    check_writable_folder(args.out, "--out")
    if args.max_batch is not None and args.max_batch < 1:
        raise ArgumentError(f"--max-batch {args.max_batch}: expected a positive whole number")
    if not os.path.exists(os.path.join(args.weights_dir, KERAS_FILENAME)):
        from weights.synth import write_synthetic

        write_synthetic(args.weights_dir)
    result = bench(args.weights_dir, args.out, args.steps, args.max_batch, not args.no_grid)
    text = markdown(result)
    print(text)
    write_bytes(os.path.join(args.out, "bench.md"), text.encode())
    write_bytes(os.path.join(args.out, "bench.json"), json.dumps(result, indent=1).encode())
    return 0


if __name__ == "__main__":
    sys.exit(main())
