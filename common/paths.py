"""Where the repository is, computed once: the folders the commands read and write by default
(weights/, out/) are named relative to it, wherever the command was started from."""

import os

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WEIGHTS_DIR = os.path.join(REPO, "weights")  # where the commands' default weights are provided
OUT_DIR = os.path.join(REPO, "out")
