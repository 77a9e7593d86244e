"""common/paths.py: a report names files relative to the repository."""

import os

from common.paths import REPO, shown_path


def test_a_path_in_the_repository_is_shown_relative_to_it_and_others_from_home():
    assert shown_path(os.path.join(REPO, "weights", "a.h5")) == os.path.join("weights", "a.h5")
    home = os.path.expanduser("~")
    if not REPO.startswith(home + os.sep):  # a home inside the repo would make this ambiguous
        assert shown_path(os.path.join(home, ".keras", "models", "b.h5")) == os.path.join(
            "~", ".keras", "models", "b.h5")
    assert shown_path("/nonexistent-root-folder/c.h5") == "/nonexistent-root-folder/c.h5"
