"""`python -m reproduce`: see reproduce/run.py."""

import sys

from reproduce.run import main

if __name__ == "__main__":
    sys.exit(main())
