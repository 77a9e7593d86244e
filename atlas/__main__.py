"""`python -m atlas`: see atlas/cli.py."""

import sys

from atlas.cli import main

if __name__ == "__main__":
    sys.exit(main())
