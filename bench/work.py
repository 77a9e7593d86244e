"""The work `make bench` times: gradient ascent through a Pipeline, the modern engine at a batch,
tf-keras-vis on the same model, and the two end-to-end command lines in a fresh process."""

import importlib.util
import os
import shutil
import subprocess
import sys
import time

import numpy as np

from app.pipelines import PIPELINES
from common.ascent import CLASS_SEA_SNAKE, GRID_FILTERS
from common.images import DEFAULT_SEED
from common.layers import layer_name
from common.paths import REPO
from weights.h5files import KERAS_FILENAME

# Keras, TensorFlow, tf-keras-vis (installed for the bench only) and modern/model.py (Keras) are
# imported inside the functions that use them: `python -m bench` and `python -m bench.steps`
# import this module at start, and `--help` and argument errors answer without TensorFlow.

LAYER = "conv5_1"
MODERN = PIPELINES["modern"]  # the engine whose scaling and batches are measured


def live_filters(model, count, seed=DEFAULT_SEED):
    """The first `count` conv5_1 filters whose loss is above 0 on their start image: a filter
    dead from the start would make its row's work smaller. (A filter may still die later: the
    rows count the filter-steps actually computed.)"""
    from modern.model import layer_model
    features = layer_model(model, layer_name(LAYER, MODERN.name))
    live, start = [], 0
    while len(live) < count:
        chunk = list(range(start, start + count))
        act = features(np.stack([MODERN.start_image(model, seed, i) for i in chunk])).numpy()
        live += [i for k, i in enumerate(chunk) if act[k, :, :, i].mean() > 0][: count - len(live)]
        start += count
    return live


def filter_steps(pipeline, model, filters, steps, batch):
    """`pipeline`'s visualize_filters on `filters`, `batch` per call; the filter-steps computed."""
    results = pipeline.visualize_filters(model, LAYER, filters, steps, batch_size=batch)
    return sum(len(r.losses) for r in results)


def engine(model, filters, steps, batch):
    """The modern engine on `filters`; returns the filter-steps it computed."""
    return filter_steps(MODERN, model, filters, steps, batch)


def cycle(filters, n):
    """n filters from the live ones, repeated as needed to fill a batch."""
    return (filters * (n // len(filters) + 1))[:n]


def tfkv_available():
    return importlib.util.find_spec("tf_keras_vis") is not None


def tfkv(model, filters, steps, seed=DEFAULT_SEED):
    """tf-keras-vis ActivationMaximization on the same keras.applications model truncated at
    the layer, from the same start images; no input modifiers, no regularizers, no clipping,
    its default optimizer (RMSprop). Returns the filter-steps computed (all of them)."""
    import keras
    import tensorflow as tf
    from tf_keras_vis.activation_maximization import ActivationMaximization

    truncated = keras.Model(model.inputs, model.get_layer(layer_name(LAYER, "modern")).output)
    index = tf.constant(filters, tf.int32)

    def score(act):  # act (B, h, w, 512) -> (B,): each image's own filter, mean activation
        return tf.reduce_mean(tf.gather(act, index, axis=-1, batch_dims=1), axis=[1, 2])

    x0 = np.stack([MODERN.start_image(model, seed, i) for i in filters])
    ActivationMaximization(truncated, clone=False)(
        score, seed_input=x0, input_range=(None, None), input_modifiers=[], regularizers=[],
        steps=steps)
    return steps * len(filters)


def class_steps(pipeline, model, steps):
    return len(pipeline.visualize_class(model, CLASS_SEA_SNAKE, steps).losses)


def grid_end_to_end(weights_dir, out):
    """Seconds of `python -m modern.visualize --layer conv5_1 --filters 0-199 --grid 8x8` in a
    fresh process: model build, weight load, 200 filters x 20 steps, PNG + sidecar."""
    return _fresh_run(out, "bench-grid", [
        sys.executable, "-m", "modern.visualize", "--layer", LAYER, "--filters",
        f"0-{GRID_FILTERS - 1}", "--grid", "8x8", "--weights", os.path.join(weights_dir, KERAS_FILENAME)])


def deep_dream_end_to_end(weights_dir, out):
    """Seconds of `python -m extras dream deep --layer conv4_3 --size 512 --octaves 3` (the 512x512
    cat, block4_conv3, octaves of 261, 366 and 512 pixels) in a fresh process, end to end."""
    return _fresh_run(out, "bench-dream", [
        sys.executable, "-m", "extras", "dream", "deep", "--layer", "conv4_3", "--size", "512",
        "--octaves", "3", "--weights", os.path.join(weights_dir, KERAS_FILENAME)])


def _fresh_run(out, name, cmd):
    """Seconds of `cmd --out out/name` from an empty folder: the commands resume, so a folder a
    previous bench filled would make the run skip its work (a 5 s "grid" was measured so)."""
    folder = os.path.join(out, name)
    shutil.rmtree(folder, ignore_errors=True)
    t = time.perf_counter()
    subprocess.run(cmd + ["--out", folder], check=True, cwd=REPO, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t
