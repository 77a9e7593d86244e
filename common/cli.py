"""The command line shared by `python -m legacy.visualize` and `python -m modern.visualize`: the
same flags, the same outputs (PNG + JSON sidecar named as the blog's files)."""

import argparse
import importlib
import os
import platform
import re
import time

from common import constants as C
from common.errors import ArgumentError, cli_entry
from common.files import md5sum
from common.images import bgr_to_rgb, save_figure

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_WEIGHTS = {
    "legacy": os.path.join(REPO, "weights", C.BARALDI_FILENAME),
    "modern": os.path.join(REPO, "weights", C.KERAS_FILENAME),
}


def configure_runtime():
    """TensorFlow threading for a 2-core CPU: one inter-op thread. Measured on this machine:
    two inter-op pools oversubscribe the cores and cost ~15% per step. Call before any op runs."""
    import tensorflow as tf

    try:
        tf.config.threading.set_inter_op_parallelism_threads(1)
    except RuntimeError:  # TensorFlow already initialised: keep what it has
        pass


def software_versions():
    import keras
    import numpy
    import tensorflow

    return {"python": platform.python_version(), "tensorflow": tensorflow.__version__,
            "keras": keras.__version__, "numpy": numpy.__version__}


_MD5_CACHE = {}


def weights_md5(path):
    """md5 of a weight file, computed once per (path, size, mtime) in this process."""
    st = os.stat(path)
    key = (os.path.abspath(path), st.st_size, st.st_mtime_ns)
    if key not in _MD5_CACHE:
        _MD5_CACHE[key] = md5sum(path)
    return _MD5_CACHE[key]


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
    p = argparse.ArgumentParser(
        prog=f"python -m {pipeline}.visualize",
        description=f"Gradient-ascent visualisation of VGG16 ({pipeline} pipeline), as in the "
                    "Keras blog 'How convolutional neural networks see the world' (2016).",
        epilog="examples: --layer conv5_1 --filter 0 | --layer conv5_1 --filters 0-199 --grid 8x8"
               " | --class 65",
    )
    p.add_argument("--weights", default=DEFAULT_WEIGHTS[pipeline],
                   help=f"weight file (default: {os.path.relpath(DEFAULT_WEIGHTS[pipeline], REPO)})")
    p.add_argument("--layer", help="layer name, either spelling: conv5_1 or block5_conv1")
    p.add_argument("--filter", type=int, help="one filter index")
    p.add_argument("--filters", help="filter range A-B for a grid (the blog: 0-199)")
    p.add_argument("--grid", help="grid shape RxC (default 8x8)")
    p.add_argument("--class", dest="class_index", type=int, help="ImageNet class (65 sea snake, 18 magpie)")
    p.add_argument("--steps", type=int, default=C.ASCENT_STEPS, help="gradient-ascent steps (20)")
    p.add_argument("--step", type=float, default=C.ASCENT_STEP_SIZE, help="step size (1.0)")
    p.add_argument("--seed", type=int, default=C.DEFAULT_SEED, help="seed of the start image (0)")
    p.add_argument("--size", type=int, default=C.BLOG_INPUT_SIZE,
                   help="input size for filters (128; classes always use 224)")
    p.add_argument("--rgb", action="store_true",
                   help="save RGB (swap the network's BGR); default saves as 2016 did, no swap")
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


def _check_out(out):
    try:
        os.makedirs(out, exist_ok=True)
    except OSError as e:
        raise ArgumentError(f"--out {out}: cannot create the folder ({e.strerror})") from None
    if not os.access(out, os.W_OK):
        raise ArgumentError(f"--out {out}: folder is not writable; choose another with --out")


def build_model(pipeline, include_top, size, weights, kernels):
    """(model, weight summary) for a pipeline; the weights are checked before the model is built."""
    model_mod = importlib.import_module(f"{pipeline}.model")
    load_mod = importlib.import_module(f"{pipeline}.load")
    if pipeline == "legacy":
        model = model_mod.build_vgg16(include_top=include_top, input_shape=(3, size, size))
        summary = load_mod.load_weights(model, weights, kernels=kernels)
    else:
        model = model_mod.build_vgg16(include_top=include_top, input_shape=(size, size, 3))
        summary = load_mod.load_weights(model, weights)
    return model, summary


@cli_entry
def visualize_main(argv, pipeline):
    """The command line of `python -m {pipeline}.visualize`."""
    args = parser(pipeline).parse_args(argv)
    mode = _mode(args)
    from common.ascent import check_steps

    check_steps(args.steps, args.step)
    grid = parse_grid(args.grid or "8x8") if mode == "grid" else None
    filters = parse_range(args.filters) if mode == "grid" else None
    if grid and grid[0] * grid[1] > len(filters):
        raise ArgumentError(f"--grid {args.grid}: {grid[0] * grid[1]} cells but only "
                            f"{len(filters)} filters asked for with --filters {args.filters}")
    if mode == "class" and not 0 <= args.class_index < C.NUM_CLASSES:
        raise ArgumentError(f"--class {args.class_index}: out of range, expected 0..999")
    if mode != "class":
        from common.layers import find_layer

        find_layer(args.layer)  # an unknown name fails before any weights are read
    _check_out(args.out)
    from weights.h5files import file_layout

    file_layout(args.weights)  # a missing or broken file fails before TensorFlow starts
    include_top = mode == "class"
    size = C.TOP_INPUT_SIZE if include_top else args.size
    start = None
    if args.image:  # a photo, as the network's (H, W, 3) BGR input; a bad path fails here
        from common.photos import photo_input

        start = photo_input(args.image, size)
    configure_runtime()
    vis = importlib.import_module(f"{pipeline}.visualize")
    model, summary = build_model(pipeline, include_top, size, args.weights, args.kernels)
    meta = {
        "pipeline": pipeline, "weights": os.path.abspath(args.weights),
        "weights_md5": weights_md5(args.weights), "synthetic_seed": summary["synthetic_seed"],
        "kernels": args.kernels if pipeline == "legacy" else None,
        "seed": args.seed, "steps": args.steps, "step": args.step, "input_size": size,
        "colour": "RGB (BGR swapped)" if args.rgb else "BGR saved as RGB, no swap (as 2016)",
        "versions": software_versions(), "image": args.image,
    }
    t0 = time.perf_counter()
    if mode == "grid":
        import keras

        bar = keras.utils.Progbar(len(filters), unit_name="filter")
        g = vis.filter_grid(model, args.layer, filters, grid[0], grid[1], args.steps, args.step,
                            args.seed, progress=bar.add, start=start)
        img, stem = g.image, f"stitched_filters_{grid[0]}x{grid[1]}"
        meta.update(layer=args.layer, filters=[filters.start, filters.stop - 1], grid=list(grid),
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
