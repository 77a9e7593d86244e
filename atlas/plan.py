"""The atlas's work, without TensorFlow or Ray: which filters, split into chunks, what is done
already, where each result goes, and the driver loop that keeps what finishes.

A chunk is the unit of work and of reproducibility: one pipeline, one layer, up to `chunk`
consecutive filters, run as ONE batch of the engine. A filter's result depends on its batch's
composition at the level of float rounding (~1e-6, tests/modern/test_visualize.py), so the chunks
are fixed by the settings alone (never by the number of workers, the memory or the order of
work): the same command gives the same bytes however it is run. Each filter's start image is the
engine's seeded noise (seed, filter index), so a filter's picture is the one `visualize --layer L
--filters f --seed s` gives, up to that batch rounding; the layer enters through the objective.
"""

import dataclasses
import json
import os

from common.args import parse_indices
from common.errors import ArgumentError
from common.files import write_bytes
from common.layers import conv_layer_names, filter_count, find_layer

DEFAULT_CHUNK = 16  # filters per chunk (= the engine's batch): the modern engine's best batch
# (16-64 filters per step, by make bench) is reached at 16 within ~5 %; smaller chunks balance workers
SETTINGS_NAME = "settings.json"  # in --out: what every result there was made with


@dataclasses.dataclass(frozen=True)
class AtlasSettings:
    """Everything a filter's bytes depend on (the weights by their source and md5)."""

    size: int
    steps: int
    seed: int
    weights_source: str
    weights_md5: dict  # {pipeline: md5 of its file}
    chunk: int = DEFAULT_CHUNK
    step: float = 1.0
    method: str = "2016"  # optvis/methods.py; each method has its own --out

    def as_json(self):
        """The settings file; a 2016 atlas's without the method, as before there were others."""
        fields = dataclasses.asdict(self)
        if self.method == "2016":
            del fields["method"]
        return json.dumps(fields, indent=1, sort_keys=True) + "\n"


@dataclasses.dataclass(frozen=True)
class Chunk:
    pipeline: str
    layer: str  # legacy spelling: conv1_1 ... conv5_3
    filters: tuple  # filter indices, run as one batch

    @property
    def key(self):
        return f"{self.pipeline}/{self.layer}/{self.filters[0]}-{self.filters[-1]}"


def parse_layers(text):
    """'conv1_1,conv5_1' (either spelling) -> legacy names in network order; None -> all 13."""
    order = conv_layer_names()
    if text is None:
        return order
    names = []
    for part in text.split(","):
        layer = find_layer(part.strip())
        if layer.kind != "conv":
            raise ArgumentError(f"--layers {part!r}: not a conv layer; the atlas covers "
                                f"{order[0]} ... {order[-1]}")
        names.append(layer.legacy_name)
    return sorted(set(names), key=order.index)


def parse_filters(text, layers):
    """'0-7' or '0,5,9-11' -> sorted filter indices (None: all), checked against every layer."""
    smallest = min(filter_count(name)[1] for name in layers)
    if text is None:
        return None
    out = parse_indices(text)
    if max(out) >= smallest:
        raise ArgumentError(f"--filters {text!r}: filter {max(out)} is out of range; the layers "
                            f"asked for have at least {smallest} filters, expected 0..{smallest - 1}")
    return out


def make_chunks(pipelines, layers, filters, chunk):
    """Every chunk, pipeline by pipeline then layer by layer (so a worker keeps one compiled
    step for a while): filter lists cut into runs of `chunk` in order."""
    out = []
    for p in pipelines:
        for layer in layers:
            wanted = filters if filters is not None else list(range(filter_count(layer)[1]))
            for start in range(0, len(wanted), chunk):
                out.append(Chunk(p, layer, tuple(wanted[start:start + chunk])))
    return out


def stem(index):
    return f"f{index:04d}"


def result_paths(out, pipeline, layer, index):
    """(png, record json, timing json) of one filter's result."""
    base = os.path.join(out, pipeline, layer, stem(index))
    return base + ".png", base + ".json", base + ".time.json"


def is_done(out, pipeline, layer, index):
    """A filter is done when its record exists: it is written last, after its picture."""
    png, record, _ = result_paths(out, pipeline, layer, index)
    return os.path.exists(record) and os.path.exists(png)


def pending(chunks, out):
    """The chunks with a filter still to do. A chunk is redone whole (never a part of it) so that
    each filter keeps its batch; rewritten files are the same bytes."""
    return [c for c in chunks if not all(is_done(out, c.pipeline, c.layer, i) for i in c.filters)]


def check_settings(out, settings):
    """Write --out/settings.json, or check that the results already there were made with the
    same settings (a resumed run must not mix two atlases)."""
    path = os.path.join(out, SETTINGS_NAME)
    text = settings.as_json()
    if os.path.exists(path):
        with open(path) as f:
            old = f.read()
        if old != text:
            raise ArgumentError(f"--out {out}: holds an atlas made with other settings ({path}: "
                                f"{' '.join(old.split())}); choose another --out or remove it")
        return
    write_bytes(path, text.encode())


def save_result(out, result):
    """Keep one filter's result, each file atomically, the record last (the 'done' mark).

    result: {"pipeline", "layer", "filter", "png": bytes, "record": dict, "timing": dict}.
    """
    png, record, timing = result_paths(out, result["pipeline"], result["layer"], result["filter"])
    write_bytes(png, result["png"])
    write_bytes(timing, (json.dumps(result["timing"], sort_keys=True) + "\n").encode())
    write_bytes(record, (json.dumps(result["record"], indent=1, sort_keys=True) + "\n").encode())


def drive(chunks, out, pool, progress=None, on_chunk=None):
    """Run the pending chunks through `pool` (pool.run(chunks) yields (chunk, results) as each
    finishes, in any order) and keep every result as its chunk arrives. Returns how many
    filters were computed. on_chunk(chunk) is told after each chunk is kept (tests use it)."""
    todo = pending(chunks, out)
    computed = 0
    for chunk, results in pool.run(todo):
        for result in results:
            save_result(out, result)
        computed += len(results)
        if progress is not None:
            progress.add(len(results))
        if on_chunk is not None:
            on_chunk(chunk)
    return computed
