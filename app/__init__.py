"""The application layer: the only package that knows both pipelines (see app/pipelines.py)."""
