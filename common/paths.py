"""Where the repository is, computed once: the folders the commands read and write by default
(weights/, out/) are named relative to it, wherever the command was started from."""

import os

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WEIGHTS_DIR = os.path.join(REPO, "weights")  # where the commands' default weights are provided
OUT_DIR = os.path.join(REPO, "out")


def shown_path(path):
    """`path` as a report or a message shows it: relative to the repository when inside it
    (weights/hed-bsds500/vgg16_weights.h5), so that a report can be shared and cited as it is;
    elsewhere with the home folder written as ~."""
    full = os.path.abspath(path)
    if os.path.commonpath([full, REPO]) == REPO:
        return os.path.relpath(full, REPO)
    home = os.path.expanduser("~")
    return "~" + full[len(home):] if home not in ("", "/") and full.startswith(home + os.sep) else full
