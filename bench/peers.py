"""`make bench`'s peers, each on the same model, filters and start images as our rows:
tf-keras-vis's ActivationMaximization (the Keras peer) and PyTorch eager channels_last (what
lucent users run; bench/torch_peer.py), whose first-step losses are checked against ours to 1e-5
before it is timed. Both are the bench's extras (requirements-bench.txt): a missing one is said,
and its rows left out."""

import numpy as np

from bench import torch_peer
from bench.table import SCALING_STEPS
from bench.work import LAYER, MODERN, cycle, tfkv, tfkv_available
from common.ascent import CLASS_SEA_SNAKE
from common.images import DEFAULT_SEED, initial_image
from common.layers import TOP_INPUT_SIZE

EXTRA = "requirements-bench.txt"
TFKV_BATCHES = (1, 2, 4, 8, 16, 32)  # tf-keras-vis's best batch is searched among these
TORCH_BATCHES = (1, 2, 4, 8, 16)  # and PyTorch's (the issue measured its best at 8)
TORCH = "PyTorch eager channels_last"
ONE_AT_A_TIME_REPEATS = 5  # batch-1 rows are short: more runs for a steadier min and median


def tf_keras_vis(b, modern, filters):
    """tf-keras-vis at batch 1 and at its best batch."""
    if not tfkv_available():
        b.progress(f"  tf-keras-vis not installed: pip install -r {EXTRA} (make bench does)")
        return
    tfkv(modern, filters[:1], 1)
    b.row("tf-keras-vis, batch 1", *b.timed(lambda: tfkv(modern, filters[:1], b.steps), 3), batch=1)
    best = _best_batch(b, lambda chunk, steps: tfkv(modern, chunk, steps), filters, TFKV_BATCHES)
    chunk = cycle(filters, best)
    b.row("tf-keras-vis, best batch", *b.timed(lambda: tfkv(modern, chunk, b.steps)), batch=best)


def _best_batch(b, run, filters, batches):
    """The batch among `batches` (within the memory limit) with the least time per filter-step,
    from SCALING_STEPS timed steps each."""
    search = []
    for n in [n for n in batches if n <= b.limit]:
        chunk = cycle(filters, n)
        run(chunk, 1)  # warm-up
        s, steps, _, _ = b.timed(lambda: run(chunk, SCALING_STEPS))
        search.append((s / steps, n))
    return min(search)[1]


def _starts(filters, size):
    return np.stack([initial_image(size, DEFAULT_SEED, i) for i in filters])


def pytorch(b, weight_set, modern, filters):
    """PyTorch eager channels_last on the filter objective: batch 1 and its best batch. Its
    first-step losses on 8 filters are checked against our engine's first (1e-5) before any
    timing: the same computation, or no row."""
    if not torch_peer.available():
        b.progress(f"  PyTorch not installed: pip install -r {EXTRA} (make bench does)")
        return
    net = torch_peer.build(weight_set.params, LAYER)
    check = cycle(filters, 8)
    ours = MODERN.visualize_filters(modern, LAYER, check, 1, batch_size=len(check))
    theirs, _ = torch_peer.ascent(net, _starts(check, b.size), check, 1)
    worst = torch_peer.check_losses([r.losses[0] for r in ours], theirs[0])
    b.progress(f"  {TORCH}: first-step losses within {worst:.1e} (relative) of ours")

    def run(chunk, steps):
        torch_peer.ascent(net, _starts(chunk, b.size), chunk, steps)
        return steps * len(chunk)

    run(filters[:1], 1)
    b.row(f"{TORCH}, batch 1", *b.timed(lambda: run(filters[:1], b.steps), ONE_AT_A_TIME_REPEATS),
          batch=1)
    best = _best_batch(b, run, filters, TORCH_BATCHES)
    chunk = cycle(filters, best)
    b.row(f"{TORCH}, best batch", *b.timed(lambda: run(chunk, b.steps)), batch=best)


def pytorch_class(b, weight_set, modern_full, flop):
    """PyTorch eager on the class objective at 224x224 with the head, one image, checked first."""
    if not torch_peer.available():
        return
    net = torch_peer.build(weight_set.params, include_top=True)
    x0 = _starts([CLASS_SEA_SNAKE], TOP_INPUT_SIZE)
    ours = MODERN.visualize_class(modern_full, CLASS_SEA_SNAKE, 1)
    theirs, _ = torch_peer.ascent(net, x0, [CLASS_SEA_SNAKE], 1, kind="class")
    torch_peer.check_losses(ours.losses[:1], theirs[0])

    def run():
        torch_peer.ascent(net, x0, [CLASS_SEA_SNAKE], b.steps, kind="class")
        return b.steps

    b.row(f"{TORCH}, class 65 at 224x224 with the head", *b.timed(run, 3), flop_per_step=flop,
          batch=1)
