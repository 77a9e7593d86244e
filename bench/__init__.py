"""`make bench`: speed of the gradient-ascent step in both pipelines (see bench/run.py)."""
