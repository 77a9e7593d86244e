"""common/graph.py on a small hand-made channels-first network: the frozen step computes what the
traced one does, holds no variable, runs every convolution channels-last, traces once, and a step
over the weight limit is left as traced."""

import numpy as np
import pytest

import common.graph as G

CONV_OPS = ("Conv2D", "_FusedConv2D", "Conv2DBackpropInput")
VARIABLE_OPS = ("VarHandleOp", "ReadVariableOp", "VariableV2")
# float32: the frozen graph may run another oneDNN kernel (blocked weights, channels-last), which
# sums in another order; a few ulps of the largest value, far below any picture's grey level.
RTOL = 1e-5


@pytest.fixture(scope="module")
def tiny():
    """A 2016-style block: ZeroPadding2D + valid Conv2D, channels-first, a max-pooling, again;
    seeded weights. Returns (traced step (x (B, 3, 12, 12), index (B,)) -> (loss, grads), shape)."""
    import keras
    import tensorflow as tf

    cf = "channels_first"
    model = keras.Sequential([
        keras.Input((3, 12, 12)),
        keras.layers.ZeroPadding2D(1, data_format=cf),
        keras.layers.Conv2D(8, 3, activation="relu", data_format=cf),
        keras.layers.MaxPooling2D(2, data_format=cf),
        keras.layers.ZeroPadding2D(1, data_format=cf),
        keras.layers.Conv2D(4, 3, activation="relu", data_format=cf),
    ])
    rng = np.random.default_rng(0)
    model.set_weights([rng.standard_normal(w.shape).astype(np.float32) for w in model.get_weights()])

    @tf.function(reduce_retracing=True)
    def step(x, index):
        with tf.GradientTape() as tape:
            tape.watch(x)
            act = tf.gather(model(x), index, axis=1, batch_dims=1)  # (B, 6, 6)
            loss = tf.reduce_mean(act, axis=[1, 2])
            total = tf.reduce_sum(loss)  # inside the tape: d total / d x_b = d loss_b / d x_b
        return loss, tape.gradient(total, x)

    return step, (3, 12, 12)


def _signature(shape):
    import tensorflow as tf

    return tf.TensorSpec((None, *shape), tf.float32), tf.TensorSpec((None,), tf.int32)


def _inputs(batch, shape):
    import tensorflow as tf

    x = np.random.default_rng(batch).uniform(0, 1, (batch, *shape)).astype(np.float32)
    return tf.constant(x), tf.constant(np.arange(batch, dtype=np.int32) % 4)


@pytest.mark.parametrize("channels_first", [False, True])
def test_frozen_step_computes_what_the_traced_one_does(tiny, channels_first):
    step, shape = tiny
    frozen = G.freeze(step, _signature(shape), channels_first=channels_first)
    for batch in (1, 3):
        x, index = _inputs(batch, shape)
        want = [t.numpy() for t in step(x, index)]
        got = [t.numpy() for t in frozen(x, index)]
        for w, g in zip(want, got):
            assert g.shape == w.shape
            np.testing.assert_allclose(g, w, rtol=0, atol=RTOL * np.abs(w).max())
    ops = [n.op for n in frozen.graph_def.node]
    assert not set(ops) & set(VARIABLE_OPS)  # the weights are constants
    assert sum(op in CONV_OPS for op in ops) >= 4  # two convolutions and their input gradients


def test_channels_first_graph_runs_channels_last(tiny):
    """Every convolution and input gradient of the optimised graph is NHWC; the traced one's
    are NCHW."""
    step, shape = tiny
    frozen = G.freeze(step, _signature(shape), channels_first=True)
    convs = [n for n in frozen.graph_def.node if n.op in CONV_OPS]
    assert convs and all(n.attr["data_format"].s == b"NHWC" for n in convs)
    traced = step.get_concrete_function(*_signature(shape)).graph.as_graph_def()
    traced_convs = [n for n in traced.node if n.op in CONV_OPS]
    assert traced_convs and all(n.attr["data_format"].s == b"NCHW" for n in traced_convs)


def test_one_trace_for_every_batch(tiny):
    step, shape = tiny
    frozen = G.freeze(step, _signature(shape), channels_first=True)
    count = frozen.experimental_get_tracing_count()
    for batch in (1, 2, 5):
        frozen(*_inputs(batch, shape))
    assert frozen.experimental_get_tracing_count() == count


def test_a_step_over_the_weight_limit_is_left_as_traced(tiny, monkeypatch):
    step, shape = tiny
    monkeypatch.setattr(G, "MAX_FROZEN_BYTES", 0)
    assert G.freeze(step, _signature(shape), channels_first=True) is step


def test_a_map_as_wide_as_its_channels_are_many_is_frozen_right():
    """TensorFlow 2.21's channels-last pass (grappler) adds a channels-first convolution's bias
    along the width when the map is as wide as it has channels (the legacy VGG16 at 64 px:
    conv1_1's 64 x 64 maps of 64 channels, 20 grey levels off); such a graph is only folded."""
    import keras
    import tensorflow as tf

    keras.utils.set_random_seed(1)
    conv = keras.layers.Conv2D(8, 3, padding="same", data_format="channels_first",
                               bias_initializer=keras.initializers.RandomNormal(stddev=10.0))
    model = keras.Sequential([keras.Input((3, 6, 8)), conv])  # (B, 8, 6, 8): width 8 = channels
    spec = [tf.TensorSpec((None, 3, 6, 8))]
    traced = tf.function(lambda x: [model(x)], input_signature=spec)
    x = np.random.default_rng(0).random((2, 3, 6, 8)).astype(np.float32)
    frozen = G.freeze(traced, spec, channels_first=True)
    np.testing.assert_allclose(frozen(x)[0].numpy(), traced(x)[0].numpy(), rtol=RTOL, atol=RTOL)
