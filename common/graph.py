"""A traced step made into the graph TensorFlow runs fastest on a CPU.

Not part of what is reproduced: the same ops on the same numbers, run with the weights folded into
constants and, for a channels-first model, in the layout TensorFlow's CPU kernels prefer. Two
things TensorFlow 2.21 does on its own cost a third of a step on a CPU (measured on a 2-core Xeon,
AVX-512, conv5_1 at 128x128, ms per step, one image):

- A convolution whose kernel is a variable is given to oneDNN in TensorFlow's own (H, W, in, out)
  order at batch 1 (mkl_conv_ops.cc chooses it "for Saved_Model"), and oneDNN's float32
  convolution on the small deep maps runs 2-3x slower from that order than from its blocked one
  (conv4_2 10-13 ms instead of 4). A kernel that is a constant is reordered once into the blocked
  order and kept. Folding the variables into constants: modern 112 -> 86 ms.
- A channels-first (NCHW) convolution runs through oneDNN's wrapper that reorders every input and
  output to channels-last and back, and Keras adds a transpose on each side of every max-pooling
  (TensorFlow's CPU pooling is channels-last only). TensorFlow's graph optimiser (grappler) can lay
  the whole graph out channels-last and cancel the transposes it meets (RewriterConfig's
  cpu_layout_conversion, which tf.function gives no way to set): legacy 110 -> 87 ms.

The results are the same to the last bit one image at a time and to float32 rounding in a batch
(tests/common/test_graph.py, tests/test_ascent_equivalence.py). oneDNN caches a convolution
primitive by its shapes, not by how its kernel is held, so whichever step first runs a shape in a
process decides that shape's kernel order for all (a traced step of a small job run first slows a
frozen one after it; bench/steps.py times each in a process of its own).

The calls below are TensorFlow's own tools for this (the TensorFlow Lite and TF-TRT converters use
them), not public API: requirements.txt keeps TensorFlow to the versions they are tested on.
"""

import tensorflow as tf
from tensorflow.core.protobuf import config_pb2, rewriter_config_pb2
from tensorflow.python.eager import wrap_function
from tensorflow.python.framework.convert_to_constants import convert_variables_to_constants_v2
from tensorflow.python.grappler import tf_optimizer

__all__ = ["FrozenStep", "freeze"]

# Above this many bytes of weights a step is left as traced: the dense head's 480 MB of fc6-fc8
# would be copied into the graph three times over and take grappler ~150 s to fold (measured:
# the legacy class step, 17 s to freeze, 59 s to optimise, 19 s to load, 57 s on its first call),
# against ~2-4 s for the 59 MB of the conv layers.
MAX_FROZEN_BYTES = 128 * 2**20

# Freezing costs seconds (made and first run, conv5_1: modern +2.2 s, legacy +4.3 s over the
# traced step) that a job repays at 25-50 ms per filter-step one at a time (break-even ~85-90
# filter-steps) and 5-19 ms in a batch (8-32: ~230-440). Jobs of fewer filter-steps than this
# run the traced step: one filter of 20 steps would be slower end to end frozen.
FREEZE_MIN_FILTER_STEPS = 200

# The device grappler's layout pass needs on every node before it converts one (a graph traced
# by tf.function has none set).
CPU = "/job:localhost/replica:0/task:0/device:CPU:0"


class FrozenStep:
    """A traced tf.function, frozen at one input signature: called with tensors, returns the
    function's outputs as a flat list. `graph_def` is the graph it runs (before TensorFlow's
    run-time rewrites), for inspection; the traced function's tracing count is kept (1)."""

    def __init__(self, traced, run, graph_def):
        self.traced, self._run, self.graph_def = traced, run, graph_def

    def __call__(self, *tensors):
        return self._run(*[tf.convert_to_tensor(t) for t in tensors])

    def experimental_get_tracing_count(self):
        return self.traced.experimental_get_tracing_count()


def freeze(traced, signature, channels_first=False):
    """`traced` (a tf.function) traced at `signature` (TensorSpecs), its variables folded into
    constants; with channels_first, its graph laid out channels-last by grappler (on a machine
    with a GPU this is left out: a GPU runs channels-first natively; and for a graph whose maps
    are as wide as they have channels, see width_is_channels). A step reading more than
    MAX_FROZEN_BYTES of weights (the dense head's) is returned as it is."""
    concrete = traced.get_concrete_function(*signature)
    if weight_bytes(concrete) > MAX_FROZEN_BYTES:
        return traced
    frozen = convert_variables_to_constants_v2(concrete)
    if not channels_first or tf.config.list_physical_devices("GPU") or width_is_channels(concrete):
        return FrozenStep(traced, frozen, frozen.graph.as_graph_def())
    graph_def = channels_last(frozen)
    return FrozenStep(traced, _function(graph_def, frozen), graph_def)


def width_is_channels(concrete):
    """Whether a channels-first convolution of the graph makes a map as wide as it has channels.
    Grappler's channels-last pass then adds the convolution's bias along the width (Keras's
    channels-first bias is a BiasAdd on the last axis of size C, which the pass takes for the
    channels; TensorFlow 2.21; the legacy VGG16 at 64 px: conv1_1 20 grey levels off): such a
    graph is folded but left channels-first (tests/common/test_graph.py)."""
    for op in concrete.graph.get_operations():
        if op.type == "Conv2D" and op.get_attr("data_format") == b"NCHW":
            shape = op.outputs[0].shape  # (B, C, H, W)
            if shape.rank == 4 and shape[1] is not None and shape[1] == shape[3]:
                return True
    return False


def weight_bytes(concrete):
    """Bytes of the variables a concrete function reads."""
    return sum(v.shape.num_elements() * v.dtype.size for v in concrete.graph.variables)


def channels_last(concrete):
    """The GraphDef of a frozen concrete function, optimised by grappler with every NCHW op
    converted to NHWC on the CPU (transposes at the edges, the pairs that meet cancelled)."""
    graph_def = concrete.graph.as_graph_def()
    for node in graph_def.node:
        node.device = CPU
    meta = tf.compat.v1.train.export_meta_graph(graph_def=graph_def, graph=concrete.graph)
    # grappler keeps what this collection names and prunes everything the outputs do not need
    meta.collection_def["train_op"].node_list.value.extend(t.name for t in concrete.outputs)
    config = config_pb2.ConfigProto()
    rewrite = config.graph_options.rewrite_options
    rewrite.cpu_layout_conversion = rewriter_config_pb2.RewriterConfig.NCHW_TO_NHWC
    # Two passes of the default optimisers after the layout pass: the configuration measured
    # (legacy one filter at a time 110 -> 87 ms per step, frozen in both).
    rewrite.meta_optimizer_iterations = rewriter_config_pb2.RewriterConfig.TWO
    return tf_optimizer.OptimizeGraph(config, meta)


def _function(graph_def, concrete):
    """A callable running graph_def from the concrete function's inputs to its outputs."""
    wrapped = wrap_function.wrap_function(lambda: tf.compat.v1.import_graph_def(graph_def, name=""), [])
    tensor = wrapped.graph.get_tensor_by_name
    return wrapped.prune([tensor(t.name) for t in concrete.inputs],
                         [tensor(t.name) for t in concrete.outputs])
