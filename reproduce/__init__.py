"""`make reproduce`: the blog's figures from the legacy and the modern pipeline, compared, with a
report (out/REPORT.md, out/report.html). Run as `python -m reproduce --help`."""

import os

# TensorFlow's C++ start-up chatter hides the progress bars; a value the user set wins.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
