"""`python -m extras dream {filter,deep,zoom,gradient} ...` and `python -m extras style ...`:
the command lines of extras/dream_cli.py and extras/style_cli.py under one entry point."""

import argparse
import sys

from common.errors import Parser, cli_entry
from extras.dream_cli import dream_main
from extras.style_cli import style_main

COMMANDS = {"dream": dream_main, "style": style_main}


def parser():
    p = Parser(prog="python -m extras",
               description="Beyond the 2016 blog, on the modern VGG16: dreams on photos, deep dream, "
                           "the infinite zoom, gradient maps (dream) and style transfer (style).",
               epilog="see `python -m extras dream --help` and `python -m extras style --help`")
    p.add_argument("command", choices=tuple(COMMANDS), help="dream or style")
    p.add_argument("args", nargs=argparse.REMAINDER, help="the command's own arguments")
    return p


@cli_entry
def main(argv=None):
    args = parser().parse_args(sys.argv[1:] if argv is None else argv)
    return COMMANDS[args.command](args.args)


if __name__ == "__main__":
    sys.exit(main())
