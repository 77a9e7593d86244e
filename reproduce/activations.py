"""The activation table of `make reproduce`: how far the legacy and the modern VGG16 differ,
layer by layer, on the same 224x224 input (the evidence that the two pipelines are one
network)."""

import os

from common import cache as K
from common.images import initial_image
from common.layers import TOP_INPUT_SIZE
from reproduce.compare import worst_relative_differences


def activation_table(runner, cache, seed):
    """{layer: worst relative difference} between legacy and modern at 224x224, cached in
    `cache`/activations.json under the run key's folder."""
    def measure():
        x = initial_image(TOP_INPUT_SIZE, seed, 0)[None]  # (1, 224, 224, 3)
        legacy, modern = (runner.model(p, True) for p in runner.pipelines.values())  # legacy first
        return worst_relative_differences(legacy, modern, x)

    return K.cached_json(os.path.join(cache, "activations.json"), measure)
