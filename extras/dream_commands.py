"""The commands of `python -m extras dream` (extras/dream_cli.py parses and checks their
arguments): each makes one figure from checked arguments, a photo and the weights, and returns
(stem, image (H, W, 3) uint8 RGB, sidecar metadata, weight summary). Imported only once the
arguments are checked: it imports TensorFlow.
"""

import dataclasses
import os
import time

import imageio.v3 as iio

from common.files import write_bytes
from common.images import mark_synthetic, png_bytes, stitch
from common.layers import layer_name
from common.photos import photo_stem, to_network, to_rgb_uint8
from common.provenance import software_versions, weights_md5
from extras.dream import deep_dream, dream_loss, make_dream_step
from extras.filter_dream import combination_dream, filter_dream
from extras.gradient import gradient_image, gradient_map
from extras.model import dream_model
from extras.settings import FILTER_DREAM_COLS, ZOOM_FPS
from extras.zoom import infinite_zoom
from modern.visualize import PIPELINE as MODERN


def meta_of(args, summary):
    """The sidecar fields every dream command records."""
    return {"pipeline": MODERN.name, "command": args.command, "weights": os.path.abspath(args.weights),
            "weights_md5": weights_md5(args.weights), "weights_source": args.weights_source,
            "synthetic_seed": summary["synthetic_seed"],
            "seed": args.seed, "image": args.image, "input_size": args.size,
            "colour": "RGB (the photo's own colours)", "versions": software_versions()}


def filter_command(args, photo_rgb):
    """The blog's filter ascent from the photo: one filter, a grid of several, or --combine."""
    model, summary = MODERN.build_model(False, args.size, args.weight_set)
    x0 = to_network(photo_rgb)
    meta = meta_of(args, summary)
    meta.update(layer=layer_name(args.layer, MODERN.name), filters=args.filter, steps=args.steps,
                step=args.step)
    t = time.perf_counter()
    tag = f"{args.layer}_{'+'.join(map(str, args.filter))}"
    if args.combine or len(args.filter) == 1:
        r = combination_dream(model, args.layer, {f: 1.0 for f in args.filter}, x0, args.steps,
                              args.step) if args.combine else \
            filter_dream(model, args.layer, args.filter, x0, args.steps, args.step, args.seed)[0]
        img = to_rgb_uint8(r.image)
        meta.update(combined=bool(args.combine), losses=r.losses, dead=bool(r.dead))
        stem = f"filter_dream_{tag}_{photo_stem(args.image)}"
    else:
        results = filter_dream(model, args.layer, args.filter, x0, args.steps, args.step, args.seed)
        cells = [photo_rgb] + [to_rgb_uint8(r.image) for r in results]
        cols = min(FILTER_DREAM_COLS, len(cells))
        img = stitch(cells, -(-len(cells) // cols), cols)
        meta.update(layout="the photo, then each filter in the order given",
                    dead=[r.index for r in results if r.dead or r.nonfinite],
                    losses={str(r.index): r.losses for r in results})
        stem = f"filter_dream_{args.layer}_{photo_stem(args.image)}"
    meta["seconds"] = round(time.perf_counter() - t, 3)
    return stem, img, meta, summary


def deep_command(args, photo_rgb):
    """Deep dream of the photo with octaves and regularizers."""
    layer_weights, regs = args.layer_weights, args.regularizers  # checked by check_deep
    features, summary = dream_model(args.weight_set, [n for n, _ in layer_weights])
    fns = make_dream_step(dream_loss(features, layer_weights), regs)
    r = deep_dream(fns, to_network(photo_rgb), args.octaves, args.steps, args.step,
                   args.octave_scale, args.seed, regs)
    meta = meta_of(args, summary)
    meta.update(layers=[[n, w] for n, w in layer_weights], octaves=r.octaves,
                octave_scale=args.octave_scale, steps=args.steps, step=args.step,
                regularizers=dataclasses.asdict(regs),
                seconds=round(r.seconds, 3))
    tag = "+".join(n for n, _ in layer_weights)
    return f"deep_dream_{tag}_{photo_stem(args.image)}", to_rgb_uint8(r.image), meta, summary


def write_gif(path, frames, fps=ZOOM_FPS):
    """An animated GIF of (H, W, 3) uint8 frames, looping, written atomically."""
    write_bytes(path, iio.imwrite("<bytes>", list(frames), extension=".gif",
                                  duration=1000 / fps, loop=0))


def zoom_command(args, photo_rgb):
    """The infinite zoom: OUT/<stem>/frame_NNNN.png as each frame finishes, then OUT/<stem>.gif;
    the last frame and the sidecar are the command's PNG and JSON."""
    layer_weights, regs = args.layer_weights, args.regularizers  # checked by check_deep
    features, summary = dream_model(args.weight_set, [n for n, _ in layer_weights])
    fns = make_dream_step(dream_loss(features, layer_weights), regs)
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

    infinite_zoom(fns, to_network(photo_rgb), args.frames, args.zoom, args.octaves, args.steps,
                  args.step, args.octave_scale, args.seed, regs, on_frame)
    write_gif(os.path.join(args.out, f"{stem}.gif"),
              [mark_synthetic(f) for f in frames] if summary["synthetic"] else frames)
    meta = meta_of(args, summary)
    meta.update(layers=[[n, w] for n, w in layer_weights], frames=args.frames, zoom=args.zoom,
                octaves=args.octaves, octave_scale=args.octave_scale, steps=args.steps,
                step=args.step, regularizers=dataclasses.asdict(regs),
                frame_seeds="seed + frame index",
                frame_seconds=seconds, seconds=round(sum(seconds), 3),
                seconds_per_frame=round(sum(seconds) / len(seconds), 3),
                frames_folder=stem, gif=f"{stem}.gif", layout="the last frame")
    return stem, frames[-1], meta, summary


def gradient_command(args, photo_rgb):
    """The photo beside d(filter's mean activation or class probability) / d(photo)."""
    is_class = args.class_index is not None
    model, summary = MODERN.build_model(is_class, args.size, args.weight_set)
    t = time.perf_counter()
    g, value = gradient_map(model, to_network(photo_rgb), args.layer,
                            args.class_index if is_class else args.filter,
                            "class" if is_class else "filter")
    meta = meta_of(args, summary)
    meta.update(layout="the photo | max |gradient| over the channels",
                objective=value, seconds=round(time.perf_counter() - t, 3),
                gradient_rms=float((g.astype("float64") ** 2).mean() ** 0.5))
    if is_class:
        meta["class_index"] = args.class_index
        stem = f"gradient_class_{args.class_index}_{photo_stem(args.image)}"
    else:
        meta.update(layer=args.layer, filter=args.filter)
        stem = f"gradient_{args.layer}_{args.filter}_{photo_stem(args.image)}"
    return stem, stitch([photo_rgb, gradient_image(g)], 1, 2), meta, summary
