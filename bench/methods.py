"""`make bench`'s feature-visualisation part: our `fourier` and `maco` methods (optvis/) against
lucent (bench/lucent_peer.py) and, where it installs beside our TensorFlow, xplique.

The same work for every row: conv3_1 of the modern VGG16 at 128x128 (lucent on the PyTorch copy
of the same arrays), each filter's channel mean climbed for the method's steps (128) from a
1/f-scaled Fourier spectrum in decorrelated colour through a sigmoid, with lucid's standard
transforms and Adam at 0.05; on filters live at the first step (so no run stops one early).

First the agreement check: both render the same filters; each final picture is scored by the
same judge, our network on the untransformed picture (the filter's mean activation), and lucent's
mean over the filters must be within a factor AGREEMENT_FACTOR of ours. Per-step values cannot
be compared: the random transforms are drawn differently (ours per filter and step from the seed;
lucent's one draw per batch from numpy's global generator), so the two climb along different
paths. Nor do the final scores match closely: lucent jitters by translating (zero fill) where
lucid crops, so its network sees the picture smaller (~128/152 of the input against ours
~128/140), and a picture made for that scale scores lower on the untransformed judge.

Then the timing, each framework in a process of its own (in one process lucent ran 4x
slower after TensorFlow's work than alone): each framework's best batch among BATCHES (the
least time per filter-step over SEARCH_STEPS steps), and rows at batch 1 and at that batch: ms
per filter-step and seconds per filter, the best and the median of the runs (bench/measure.py
timed). `maco` has ours only: its
peer would be xplique, and xplique 2.x asks for TensorFlow <= 2.20 (XPLIQUE_NOTE).

Run alone: `python -m bench.methods --weights FILE` (one line of JSON on stdout, progress on
stderr); `make bench` runs it in a process of its own (bench/run.py), `BENCH_ARGS="--only methods"`
runs only this part.
"""

import dataclasses
import importlib.metadata
import importlib.util
import json
import subprocess
import sys

import numpy as np

from app.pipelines import PIPELINES
from bench import lucent_peer, torch_peer
from bench.measure import REPEATS, timed
from cli.runtime import configure_runtime
from common.args import parse_indices
from common.errors import ArgumentError, Parser, cli_entry
from common.images import BGR_MEAN
from common.layers import layer_name
from common.paths import REPO
from optvis.methods import TABLE
from optvis.render import render_filters
from weights.h5files import MODERN, open_weights, require_layout

# modern/model.py imports Keras, so it is imported where the judge scores: `--help` and argument
# errors answer without TensorFlow.

LAYER = "conv3_1"
SIZE = 128
BATCHES = (1, 2, 4, 8, 16)  # each framework's best batch is searched among these
SEARCH_STEPS = 3  # timed steps per batch in the search (after a warm-up step)
CANDIDATES = 32  # filters 0..31 are tried for liveness at the first step
CHECK_FILTERS = 4
# lucent's mean score over the checked filters must be within this factor of ours. Measured on the
# synthetic weights, filters 0-3, 128 steps: lucent 0.76 x ours (0.60-0.79 per filter: its
# transforms show the picture smaller, see the docstring); ours with another seed 1.00 x; a run
# that did not climb scores ~0.04 x (ours after one step). A factor of 2 tells the last from the
# first with room for other filters and weights.
AGREEMENT_FACTOR = 2.0
ONE_AT_A_TIME_REPEATS = 3  # batch-1 rows are short: one more run for a steadier min and median
XPLIQUE_NOTE = ("xplique 2.0.2 does not install beside TensorFlow 2.21: pip: \"Cannot install "
                "tensorflow==2.21.0 and xplique==2.0.2 because these package versions have conflicting "
                "dependencies: xplique 2.0.2 depends on tensorflow<=2.20.0 and >=2.18\"")


@dataclasses.dataclass
class Row:
    row: str
    framework: str
    method: str
    batch: int
    steps: int
    ms_per_filter_step: float  # best run
    median_ms: float
    s_per_filter: float  # best run
    median_s: float
    peak_mib: int


@dataclasses.dataclass
class Agreement:
    filters: list
    steps: int
    ours: list  # each filter's score (its mean activation on the untransformed final picture)
    lucent: list
    ratio: float  # lucent's mean score / ours
    factor: float  # agrees when 1 / factor <= ratio <= factor
    agrees: bool


@dataclasses.dataclass
class Result:
    layer: str
    size: int
    steps: int
    live_filters: list
    rows: list = dataclasses.field(default_factory=list)
    agreement: Agreement = None
    notes: list = dataclasses.field(default_factory=list)  # peers that could not run, one line each
    versions: dict = dataclasses.field(default_factory=dict)


class Ours:
    """Our optvis render (modern pipeline, its step frozen as big jobs run it) on one model."""

    def __init__(self, model):
        self.model, self.pipeline = model, PIPELINES["modern"]

    def render(self, filters, steps, batch, method="fourier"):
        return render_filters(self.pipeline, self.model, LAYER, filters, method, steps=steps,
                              batch_size=batch, freeze=True)

    def live(self, count):
        """The first `count` of the CANDIDATES filters whose objective is above 0 at the first step."""
        results = self.render(list(range(CANDIDATES)), 1, CANDIDATES)
        return [r.index for r in results if not r.dead][:count]

    def score(self, network_inputs, filters):
        """Each picture's filter mean at LAYER, untransformed: the judge of both frameworks."""
        from modern.model import layer_model

        act = layer_model(self.model, layer_name(LAYER, "modern"))(np.stack(network_inputs)).numpy()
        return [float(act[k, :, :, f].mean()) for k, f in enumerate(filters)]


def to_network(rgb):
    """(B, S, S, 3) RGB in 0..1 -> our network's input (BGR x 255 minus the Caffe means)."""
    return np.asarray(rgb, np.float32)[..., ::-1] * np.float32(255.0) - np.float32(BGR_MEAN)


def agreement(ours, net, filters, steps):
    """Both frameworks render `filters` for `steps` steps; their final pictures scored alike."""
    mine = ours.score([r.image for r in ours.render(filters, steps, len(filters))], filters)
    theirs = ours.score(list(to_network(lucent_peer.render(net, LAYER, filters, SIZE, steps).pictures)),
                        filters)
    ratio = float(np.mean(theirs) / np.mean(mine))
    return Agreement(filters, steps, mine, theirs, round(ratio, 3), AGREEMENT_FACTOR,
                     1 / AGREEMENT_FACTOR <= ratio <= AGREEMENT_FACTOR)


def _cycle(filters, n):
    return (filters * (n // len(filters) + 1))[:n]


def _row(name, framework, method, batch, steps, measured):
    seconds, filter_steps, mib, median = measured
    filters = filter_steps / steps
    return Row(name, framework, method, batch, steps, round(seconds / filter_steps * 1000, 1),
               round(median / filter_steps * 1000, 1), round(seconds / filters, 2),
               round(median / filters, 2), round(mib))


def time_framework(framework, method, run, filters, steps, batches, progress):
    """Rows at batch 1 and at the best of `batches` (one row if that is 1) for run(chunk, steps)
    -> filter-steps."""
    search = []
    for n in batches:
        chunk = _cycle(filters, n)
        run(chunk, 1)  # warm-up: makes (or freezes) the step for this shape
        s, done, _, _ = timed(lambda: run(chunk, SEARCH_STEPS))
        search.append((s / done, n))
        progress(f"  {framework} {method}, batch {n}: {s / done * 1000:.1f} ms/filter-step "
                 f"({SEARCH_STEPS} steps)")
    best = min(search)[1]
    rows = []
    runs = [("batch 1, the best batch" if best == 1 else "batch 1", 1, ONE_AT_A_TIME_REPEATS)]
    runs += [("best batch", best, REPEATS)] if best > 1 else []  # batch 1 is not timed twice
    for label, n, repeats in runs:
        chunk = _cycle(filters, n)
        measured = timed(lambda: run(chunk, steps), repeats)
        rows.append(_row(f"{framework} {method}, {label}", framework, method, n, steps, measured))
        progress(f"  {rows[-1].row} ({n}): {rows[-1].ms_per_filter_step} ms/filter-step, "
                 f"{rows[-1].s_per_filter} s/filter")
    return rows


PARTS = ("agreement", "lucent", "ours")  # each runs in a process of its own (compare)


def _setup(weights, steps, max_batch):
    """(steps, batches, the modern Pipeline's WeightSet) of a part's process."""
    configure_runtime()
    batches = [n for n in BATCHES if max_batch is None or n <= max_batch]
    return steps or TABLE["fourier"].steps, batches, PIPELINES["modern"].read_weights(weights, True)


def _ours(weight_set):
    """Our side on the modern VGG16: built only in the parts that run it (lucent's part runs no
    TensorFlow, so that its timing is lucent's alone)."""
    return Ours(PIPELINES["modern"].build_model(False, SIZE, weight_set)[0])


def _run_ours(ours, method):
    def run(chunk, n):
        return sum(len(r.losses) for r in ours.render(chunk, n, len(chunk), method))
    return run


def part(name, weights, steps=None, max_batch=None, live=None, progress=print):
    """One part of the comparison, as a dict for JSON: "agreement" (the live filters; lucent and
    ours render the same filters, scored alike, or why lucent cannot run), "lucent" or "ours"
    (the timed rows of that framework on `live`)."""
    steps, batches, weight_set = _setup(weights, steps, max_batch)
    if name == "agreement":
        ours = _ours(weight_set)
        live = ours.live(max(batches))
        if not live:
            raise ArgumentError(f"{LAYER}: none of filters 0-{CANDIDATES - 1} is live at the first step "
                                "with these weights: nothing to time")
        missing = lucent_peer.unavailable()
        if missing:
            return {"live": live, "agreement": None, "notes": [missing]}
        net = torch_peer.build(weight_set.params, LAYER)
        return {"live": live, "notes": [],
                "agreement": dataclasses.asdict(agreement(ours, net, live[:CHECK_FILTERS], steps))}
    if name == "lucent":
        net = torch_peer.build(weight_set.params, LAYER)

        def run_lucent(chunk, n):
            lucent_peer.render(net, LAYER, chunk, SIZE, n)
            return n * len(chunk)

        rows = time_framework("lucent", "fourier", run_lucent, live, steps, batches, progress)
    else:
        ours = _ours(weight_set)
        crops = TABLE["maco"].crops  # a maco filter is `crops` pictures a step: smaller batches of filters
        rows = time_framework("ours", "fourier", _run_ours(ours, "fourier"), live, steps, batches, progress)
        rows += time_framework("ours", "maco", _run_ours(ours, "maco"), live, steps,
                               [n for n in batches if n == 1 or n * crops <= max(batches)], progress)
    return {"rows": [dataclasses.asdict(r) for r in rows]}


def _in_a_process(name, weights, steps, max_batch, live=None):
    """part(name, ...) in a fresh process (its JSON on the last line of stdout; progress lines
    pass through on stderr): each framework is timed alone, without the other's thread pools
    and caches in its process (lucent measured after TensorFlow in one process ran 4x slower)."""
    cmd = [sys.executable, "-m", "bench.methods", "--weights", weights, "--part", name]
    cmd += (["--steps", str(steps)] if steps else []) + (["--max-batch", str(max_batch)] if max_batch else [])
    cmd += ["--filters", ",".join(map(str, live))] if live else []
    proc = subprocess.run(cmd, cwd=REPO, stdout=subprocess.PIPE, text=True)
    if proc.returncode:  # the part has said why on stderr, in one line
        raise SystemExit(proc.returncode)
    return json.loads(proc.stdout.splitlines()[-1])


def compare(weights, steps=None, max_batch=None, progress=print):
    """The agreement check, then the rows: lucent's (fourier; only if it agrees) and ours
    (fourier, maco), each part in a process of its own; a peer that cannot run or does not agree
    is a note of one line."""
    first = _in_a_process("agreement", weights, steps, max_batch)
    live = first["live"]
    result = Result(LAYER, SIZE, steps or TABLE["fourier"].steps, live, notes=first["notes"],
                    versions=_versions())
    progress(f"methods: {LAYER} at {SIZE}x{SIZE}, {result.steps} steps, live filters {live}")
    if first["agreement"] is not None:
        a = result.agreement = Agreement(**first["agreement"])
        progress(f"  agreement: lucent's mean score / ours = {a.ratio} (ours {np.round(a.ours, 2).tolist()}, "
                 f"lucent {np.round(a.lucent, 2).tolist()}; within a factor {a.factor:g} wanted)")
        if a.agrees:
            lucent = _in_a_process("lucent", weights, steps, max_batch, live)
            result.rows += [Row(**r) for r in lucent["rows"]]
        else:  # not the same work: no rows, and the rest of the bench still runs
            result.notes.append(f"lucent: its mean score is {a.ratio:.2f} x ours, not within a "
                                f"factor {a.factor:g}: not timed")
    result.rows += [Row(**r) for r in _in_a_process("ours", weights, steps, max_batch, live)["rows"]]
    result.notes.append(XPLIQUE_NOTE if importlib.util.find_spec("xplique") is None else
                        f"xplique {importlib.metadata.version('xplique')} is installed, but this bench has "
                        "no runner for it (it did not install beside TensorFlow 2.21 when the bench was "
                        "written)")
    return result


def _versions():
    versions = {}
    for name in ("torch", "torch-lucent", "kornia", "xplique"):
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            pass
    return versions


@cli_entry
def main(argv=None):
    p = Parser(prog="python -m bench.methods",
               description="make bench's feature-visualisation part: our fourier and maco methods "
                           "against lucent on conv3_1 of VGG16, one line of JSON on stdout")
    p.add_argument("--weights", required=True, help="the modern pipeline's (keras-layout) weight file")
    p.add_argument("--steps", type=int, default=None,
                   help="steps per filter (default: the fourier method's, 128; fewer for a smoke run)")
    p.add_argument("--max-batch", type=int, default=None,
                   help=f"largest batch tried (default {BATCHES[-1]})")
    p.add_argument("--part", choices=PARTS, default=None,
                   help="run one part in this process (compare runs each in its own)")
    p.add_argument("--filters", default=None, help="the live filters the lucent and ours parts time: A,B,...")
    args = p.parse_args(argv)
    for flag, value in (("--steps", args.steps), ("--max-batch", args.max_batch)):
        if value is not None and value < 1:
            raise ArgumentError(f"{flag} {value}: expected a positive whole number")
    if args.part not in (None, "agreement") and not args.filters:
        raise ArgumentError(f"--part {args.part}: give the live filters it times (--filters A,B,...)")
    live = parse_indices(args.filters) if args.filters else None
    with open_weights(args.weights) as f:  # a missing or wrong file answers before TensorFlow loads
        require_layout(f, args.weights, MODERN)
    progress = lambda line: print(line, file=sys.stderr, flush=True)  # noqa: E731
    if args.part is None:
        print(json.dumps(dataclasses.asdict(compare(args.weights, args.steps, args.max_batch, progress))))
    else:
        print(json.dumps(part(args.part, args.weights, args.steps, args.max_batch, live, progress)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
