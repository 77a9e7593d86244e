"""The atlas's stand-in step: results made without TensorFlow, so that the work split, resume and
site can be tested in milliseconds."""

import numpy as np
import pytest

from atlas.plan import AtlasSettings
from common.images import png_bytes

DEAD = 3  # the stand-in's filter 3 is dead in every layer


def standin_result(chunk, index):
    """A result as atlas.render.Renderer makes it, its picture and losses a function of
    (pipeline, layer, filter, batch) only, so that any run order gives the same bytes."""
    rng = np.random.default_rng([len(chunk.layer), index, chunk.pipeline == "modern", len(chunk.filters)])
    img = rng.integers(0, 256, (8, 8, 3), dtype=np.uint8)
    losses = [] if index == DEAD else [float(index + k) for k in range(3)]
    record = {"pipeline": chunk.pipeline, "layer": chunk.layer, "filter": index, "losses": losses,
              "final_loss": losses[-1] if losses else 0.0, "dead": index == DEAD, "nonfinite": False,
              "weights_source": "stand-in", "seed": 0, "batch": list(chunk.filters)}
    return {"pipeline": chunk.pipeline, "layer": chunk.layer, "filter": index, "png": png_bytes(img),
            "record": record, "timing": {"seconds": 0.01}}


class StandinPool:
    """pool.run as the real pools do, counting the chunks it runs; `stop_after` chunks raises
    KeyboardInterrupt (a Ctrl-C between chunks)."""

    def __init__(self, stop_after=None):
        self.ran, self.stop_after = [], stop_after

    def run(self, chunks):
        for chunk in chunks:
            if self.stop_after is not None and len(self.ran) == self.stop_after:
                raise KeyboardInterrupt
            self.ran.append(chunk)
            yield chunk, [standin_result(chunk, i) for i in chunk.filters]


@pytest.fixture
def settings():
    return AtlasSettings(size=8, steps=3, seed=0, weights_source="stand-in",
                    weights_md5={"legacy": "0", "modern": "0"}, chunk=2)


@pytest.fixture
def pool_class():
    """StandinPool (a fixture: test modules cannot import this conftest by name)."""
    return StandinPool
