"""`python -m weights`: see weights/cli.py."""

import sys

from weights.cli import main

if __name__ == "__main__":
    sys.exit(main())
