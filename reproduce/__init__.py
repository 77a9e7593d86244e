"""`make reproduce`: the blog's figures from the legacy and the modern pipeline, compared, with a
report (out/REPORT.md, out/report.html). Run as `python -m reproduce --help`. (TensorFlow's
start-up lines are kept off its output by cli_entry: common/startup.py.)"""
