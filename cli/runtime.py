"""TensorFlow's runtime set-up for every command, done once before the first op."""

# TensorFlow is imported inside configure_runtime: the commands import this module at start, and
# `--help` and argument errors answer without it.


def configure_runtime(threads=None):
    """TensorFlow threading for a 2-core CPU: one inter-op thread. Two inter-op pools
    oversubscribe the cores and cost ~15% per step (measured on a 2-core AMD EPYC, 2026-11-25).
    threads: intra-op threads, for a worker that shares the machine (cores / workers, so two
    workers on two cores do not oversubscribe); None keeps TensorFlow's (every core). Call before
    any op runs.

    Also quiets TensorFlow's Python warnings: the render loop (optvis/render.py) makes one
    compiled step per layer on purpose, which TensorFlow's retracing detector reports as a
    warning on every run that visits five layers or more (the methods figure, the atlas)."""
    import tensorflow as tf

    tf.get_logger().setLevel("ERROR")
    try:
        if threads:
            tf.config.threading.set_intra_op_parallelism_threads(int(threads))
        tf.config.threading.set_inter_op_parallelism_threads(1)
    except RuntimeError:  # TensorFlow already initialised: keep what it has
        pass
