"""`make bench`: speed of the gradient-ascent step in both pipelines (see bench/run.py)."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
