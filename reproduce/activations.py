"""The activation table of `make reproduce`: how far the legacy and the modern VGG16 differ,
layer by layer, on the same 224x224 input (the evidence that the two pipelines are one
network)."""

import json
import os

from common import cache as K
from common.files import write_bytes
from common.images import initial_image
from common.layers import TOP_INPUT_SIZE
from reproduce.compare import worst_relative_differences


def activation_table(runner, cache, seed):
    """{layer: worst relative difference} between legacy and modern at 224x224, cached in
    `cache`/activations.json under the run key's folder."""
    path = os.path.join(cache, "activations.json")
    table = K.load_json(path)
    if table is not None:
        return table

    x = initial_image(TOP_INPUT_SIZE, seed, 0)[None]  # (1, 224, 224, 3)
    legacy, modern = (runner.model(p, True) for p in runner.pipelines.values())  # legacy first
    table = worst_relative_differences(legacy, modern, x)
    write_bytes(path, json.dumps(table, indent=1).encode())
    return table
