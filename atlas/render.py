"""Rendering one chunk of the atlas with the project's engine, through the Pipeline interface
only: the same code runs in a Ray actor and in the driver's own process (--no-ray)."""

import os
import socket
import sys
import time

from app.pipelines import get_pipeline
from bench.measure import peak_memory_mib  # the process's peak resident memory (VmHWM), as make bench
from cli.runtime import configure_runtime
from common.images import bgr_to_rgb, png_bytes
from optvis.methods import method_deprocess


def ray_node():
    """The Ray node this worker runs on (its id's first 12 hex digits), None outside Ray."""
    ray = sys.modules.get("ray")  # imported by Ray's worker; never imported here for --no-ray
    if ray is None or not ray.is_initialized():
        return None
    return ray.get_runtime_context().get_node_id()[:12]


class Renderer:
    """Holds one model per (pipeline, size, weight file), built on first use; the engine compiles
    each layer's step once per model (common/ascent.py compiled), so a worker pays the model
    once per pipeline and the trace once per (pipeline, layer)."""

    def __init__(self, weights, settings, threads=None):
        """weights: {pipeline: weight file path}; settings: atlas.plan.AtlasSettings."""
        configure_runtime(threads)
        self.weights, self.settings, self.models = weights, settings, {}

    def model(self, pipeline):
        p = get_pipeline(pipeline)
        if pipeline not in self.models:
            self.models[pipeline] = p.build_model(False, self.settings.size, self.weights[pipeline])[0]
        return p, self.models[pipeline]

    def run(self, chunk):
        """The chunk's results (atlas.plan.save_result's dicts), in the chunk's filter order."""
        p, model = self.model(chunk.pipeline)
        s = self.settings
        t = time.perf_counter()
        # the whole chunk is one batch: its composition, hence its rounding, is fixed (plan.py)
        results = p.visualize_filters(model, chunk.layer, list(chunk.filters), s.steps, s.step, s.seed,
                                      batch_size=p.batch_size(chunk.layer, s.size, len(chunk.filters),
                                                              len(chunk.filters)), method=s.method)
        wall = time.perf_counter() - t
        return [self._result(p, chunk, r, wall) for r in results]

    def _result(self, p, chunk, r, wall):
        s = self.settings
        record = {
            "pipeline": p.name, "layer": chunk.layer, "filter": int(r.index),
            "losses": [float(v) for v in r.losses], "final_loss": float(r.final_loss),
            "dead": bool(r.dead), "nonfinite": bool(r.nonfinite),
            "weights_source": s.weights_source, "weights_md5": s.weights_md5[p.name],
            "seed": s.seed, "start_image": f"common.images.initial_image(size, seed={s.seed}, "
                                           f"index={int(r.index)})",
            "size": s.size, "steps": s.steps, "step": s.step, "batch": list(chunk.filters),
            "colour": "RGB (the network's BGR swapped for the page)",
        }
        if s.method != "2016":  # optvis/: its own seeded parameters, not the 2016 start image
            record.update(method=s.method, start_image=f"optvis {s.method}, seed {s.seed}")
        timing = {"seconds": round(float(r.seconds), 4), "chunk_seconds": round(wall, 3),
                  "host": socket.gethostname(), "pid": os.getpid(), "ray_node": ray_node(),
                  "peak_rss_mib": round(peak_memory_mib())}
        img = bgr_to_rgb(method_deprocess(p, s.method)(r.image))
        return {"pipeline": p.name, "layer": chunk.layer, "filter": int(r.index),
                "png": png_bytes(img), "record": record, "timing": timing}


class LocalPool:
    """The --no-ray engine: every chunk in this process, in order."""

    def __init__(self, renderer):
        self.renderer = renderer

    def run(self, chunks):
        for chunk in chunks:
            yield chunk, self.renderer.run(chunk)
