"""`make atlas-bench` / `python -m atlas.bench`: the atlas's throughput on this machine, in
filter-steps per second, for the engine alone in one process and for Ray with 1 and 2 workers
(the same chunks, after a warm-up that builds every model and traces every step; each row the
best of two passes), Ray's overhead against the engine alone, and the whole atlas extrapolated
with the cost model (common/cost.py) from the measured rate. Prints a Markdown table; writes
nothing."""

import argparse
import os
import sys
import time

from atlas import cli, engine, plan
from atlas.render import LocalPool, Renderer
from common.cost import step_gflop
from common.errors import ArgumentError, Parser, cli_entry
from common.layers import conv_layer_names, filter_count


def parser():
    p = Parser(prog="python -m atlas.bench", description=__doc__.split("\n\n")[0])
    p.add_argument("--layer", default="conv5_1", help="the layer timed (default conv5_1, as make bench)")
    p.add_argument("--filters", default="0-63", help="filters timed (default 0-63)")
    p.add_argument("--pipeline", default="modern", help="legacy or modern (default modern)")
    p.add_argument("--size", type=int, default=128, help="image size (default 128)")
    p.add_argument("--steps", type=int, default=20, help="ascent steps (default 20)")
    p.add_argument("--chunk", type=int, default=16, help="filters per chunk (default 16)")
    p.add_argument("--weights", default="auto", help="auto|trained|synthetic|imagenet (default auto)")
    p.add_argument("--workers", default="1,2", help="Ray worker counts to time (default 1,2)")
    p.add_argument("--per-layer", action="store_true", help="instead: time the first chunk of every "
                   "conv layer (engine alone) and extrapolate the whole atlas of --pipeline from them")
    return p


REPEATS = 2  # every row is the best of this many passes over the chunks (a shared machine's noise)


def _time(run, chunks, repeats=REPEATS):
    """(filter-steps done, best wall seconds) of `repeats` passes of run(chunks). The steps are
    counted from each filter's losses: a filter that dies stops early, and counting it as all
    its steps would overstate the rate (seen: 382 "GFLOP/s" on a 210 GFLOP/s machine)."""
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        n = sum(len(r["record"]["losses"]) for _, results in run(chunks) for r in results)
        best = min(best, time.perf_counter() - t)
    return n, best


def engine_alone(weights, settings, chunks, warm):
    pool = LocalPool(Renderer(weights, settings))
    for _ in pool.run(warm):
        pass
    return _time(pool.run, chunks)


def on_ray(ray_mod, workers, weights, settings, chunks, warm):
    cores = os.cpu_count() or 1
    pool = engine.RayPool(ray_mod, workers, weights, settings, threads=max(1, cores // workers))
    try:
        ray_mod.get([a.run.remote(c) for a in pool.actors for c in warm])  # every actor warm
        return _time(pool.run, chunks)
    finally:
        pool.close()


def atlas_estimate(rate_gflops, size, steps):
    """Hours for the whole atlas (every filter of the 13 layers, one pipeline) at a GFLOP/s rate:
    an upper bound (a dead filter stops early)."""
    total = sum(filter_count(n)[1] * steps * step_gflop(n, size) for n in conv_layer_names())
    return total / rate_gflops / 3600, total


def per_layer(args):
    """Each layer's first chunk timed (engine alone, after a one-filter warm-up that traces the
    layer's step), seconds per filter x the layer's filters: the whole atlas of one pipeline."""
    run_args = argparse.Namespace(layers=None, filters=None, pipelines=args.pipeline, size=args.size,
                                  steps=args.steps, seed=0, chunk=args.chunk, workers=None,
                                  address=None, no_ray=True, weights=args.weights)
    pipelines, layers, _ = cli.check_args(run_args)
    weights, settings = cli.weights_and_settings(run_args, pipelines)
    renderer = Renderer(weights, settings)
    print(f"\n{args.pipeline}, {args.size}px, {args.steps} steps, first chunk of {args.chunk} filters "
          f"per layer, engine alone, {os.cpu_count()} cores\n")
    print("| layer | filters | s per filter (first chunk) | dead in chunk | layer estimate, min |\n"
          "|---|---|---|---|---|")
    total = 0.0
    for layer in conv_layer_names():
        renderer.run(plan.Chunk(args.pipeline, layer, (0,)))  # trace this layer's step
        t = time.perf_counter()
        results = renderer.run(plan.Chunk(args.pipeline, layer, tuple(range(args.chunk))))
        each = (time.perf_counter() - t) / len(results)
        count = filter_count(layer)[1]
        total += each * count
        dead = sum(r["record"]["dead"] for r in results)
        print(f"| {layer} | {count} | {each:.3f} | {dead} | {each * count / 60:.1f} |")
    print(f"\nwhole atlas, {args.pipeline}: {total / 3600:.2f} h on this machine (extrapolated from "
          f"each layer's first chunk; its dead share stands for the layer's); {total / 3600 / 2:.2f} h "
          f"on 2 machines, {total / 3600 / 8:.2f} h on 8, if chunks scale linearly")
    return 0


@cli_entry
def main(argv=None):
    args = parser().parse_args(argv)
    if args.per_layer:
        return per_layer(args)
    counts = [int(w) for w in args.workers.split(",") if w.strip().isdigit() and int(w) > 0]
    if not counts:
        raise ArgumentError(f"--workers {args.workers!r}: expected worker counts, e.g. 1,2")
    run_args = argparse.Namespace(layers=args.layer, filters=args.filters, pipelines=args.pipeline,
                                  size=args.size, steps=args.steps, seed=0, chunk=args.chunk,
                                  workers=None, address=None, no_ray=True, weights=args.weights)
    pipelines, layers, filters = cli.check_args(run_args)
    weights, settings = cli.weights_and_settings(run_args, pipelines)
    chunks = plan.make_chunks(pipelines, layers, filters, args.chunk)
    warm = [plan.Chunk(c.pipeline, c.layer, c.filters[:1]) for c in chunks[:1]]
    rows = [("engine alone, one process", *engine_alone(weights, settings, chunks, warm))]
    ray_mod, _ = engine.start(workers=max(counts))
    for w in counts:
        rows.append((f"Ray, {w} worker{'s' if w > 1 else ''}", *on_ray(ray_mod, w, weights, settings,
                                                                      chunks, warm)))
    ray_mod.shutdown()
    gflop = step_gflop(layers[0], args.size)
    base = rows[0][1] / rows[0][2]
    print(f"\n{args.pipeline} {layers[0]} {args.size}px, {args.steps} steps, {len(filters or [])} "
          f"filters in chunks of {args.chunk}, {os.cpu_count()} cores\n")
    print("| run | filter-steps/s | GFLOP/s | wall s | overhead vs engine alone |\n|---|---|---|---|---|")
    for name, n, wall in rows:
        rate = n / wall
        print(f"| {name} | {rate:.2f} | {rate * gflop:.0f} | {wall:.1f} | {100 * (1 - rate / base):+.1f} % |")
    best = max(n / wall for _, n, wall in rows) * gflop
    hours, total = atlas_estimate(best, args.size, args.steps)
    print(f"\nwhole atlas, one pipeline, {args.size}px x {args.steps} steps: {total / 1e6:.2f} PFLOP; at "
          f"the best rate above ({best:.0f} GFLOP/s) {hours:.2f} h on this machine, {hours / 2:.2f} h "
          f"on 2 such machines, {hours / 8:.2f} h on 8 (linear: chunks are independent; an upper "
          f"bound, dead filters stop early; other layers run at other GFLOP/s than {layers[0]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
