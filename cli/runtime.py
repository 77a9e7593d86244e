"""TensorFlow's runtime set-up for every command, done once before the first op."""


def configure_runtime():
    """TensorFlow threading for a 2-core CPU: one inter-op thread. Measured on this machine:
    two inter-op pools oversubscribe the cores and cost ~15% per step. Call before any op runs."""
    import tensorflow as tf

    try:
        tf.config.threading.set_inter_op_parallelism_threads(1)
    except RuntimeError:  # TensorFlow already initialised: keep what it has
        pass
