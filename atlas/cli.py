"""`python -m atlas`: render the atlas (on Ray, or in this process with --no-ray), keep each
filter as its chunk finishes, then write the static site (DIR/index.html)."""

import os
import sys

from app.pipelines import NAMES, get_pipeline
from atlas import engine, plan, site
from atlas.plan import DEFAULT_CHUNK, AtlasSettings, parse_filters, parse_layers
from atlas.render import LocalPool, Renderer
from common.ascent import ASCENT_STEPS, check_steps
from common.cost import available_memory_bytes, step_bytes_per_image
from common.errors import ArgumentError, EnvironmentProblem, Parser, cli_entry
from common.files import check_writable_folder, output_lock
from common.images import DEFAULT_SEED, check_seed
from common.paths import WEIGHTS_DIR
from common.progress import Progress
from common.provenance import weights_md5
from optvis.methods import BLOG, check_method, with_defaults
from weights.provision import CHOICES, CONV, provision

# Ray (most of a second to import) is imported only to check it is installed, once the arguments
# are checked: `--help` and argument errors answer without it.

DEFAULT_OUT = os.path.join("out", "atlas")
MIN_SIZE, MAX_SIZE = 32, 1024  # 32: conv5's 2x2 map after four poolings; 1024: a sane page


def parser():
    p = Parser(prog="python -m atlas", description=(
        "The VGG16 atlas: every filter of the 13 conv layers (or those chosen), legacy and modern "
        "pipelines, rendered on Ray (this machine's cores, or a cluster with --address) and "
        "written as a static web site DIR/index.html. A rerun skips what is done."))
    p.add_argument("--layers", help="comma-separated conv layers, either spelling (default: all 13)")
    p.add_argument("--filters", help="filter indices: A-B or A,B,C-D (default: every filter)")
    p.add_argument("--pipelines", default="legacy,modern", help="legacy,modern (default both)")
    p.add_argument("--size", type=int, default=128, help="image size in pixels (default 128, the blog's)")
    p.add_argument("--method", default="2016", help="2016 (default), fourier or maco (optvis/); each "
                   f"method its own folder: {DEFAULT_OUT} for 2016, {DEFAULT_OUT}-fourier, ...")
    p.add_argument("--steps", type=int, default=None,
                   help=f"ascent steps (default the method's: {ASCENT_STEPS} for 2016, 128 for the others)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help="start-noise seed (default 0)")
    p.add_argument("--weights", default="auto", help="auto|trained|synthetic|imagenet: the policy of "
                   "`make reproduce` (default auto: trained weights offline)")
    p.add_argument("--workers", type=int, help="Ray workers (default: the cores, or the cluster's CPUs)")
    p.add_argument("--address", help="join this Ray cluster (e.g. 10.0.0.1:6379 or auto)")
    p.add_argument("--no-ray", action="store_true", help="run the same work in this one process")
    p.add_argument("--chunk", type=int, help="filters per chunk = per batch (default 16); part of "
                   "the settings: the same chunk gives the same bytes")
    p.add_argument("--out", default=None, help=f"output folder (default {DEFAULT_OUT}[-METHOD])")
    return p


def check_args(args):
    """(pipelines, layers, filters) after checking every argument, before TensorFlow or Ray."""
    pipelines = [get_pipeline(n.strip(), "--pipelines").name for n in args.pipelines.split(",")]
    pipelines = [n for n in NAMES if n in pipelines]
    layers = parse_layers(args.layers)
    filters = parse_filters(args.filters, layers)
    args.method = check_method(getattr(args, "method", BLOG)).name  # atlas/bench.py's own Namespace
    args.steps, args.step = with_defaults(args.method, args.steps)  # has neither method nor out
    args.out = getattr(args, "out", None) or (DEFAULT_OUT if args.method == BLOG else
                                              f"{DEFAULT_OUT}-{args.method}")
    check_steps(args.steps, args.step)
    check_seed(args.seed)
    if not MIN_SIZE <= args.size <= MAX_SIZE:
        raise ArgumentError(f"--size {args.size}: expected {MIN_SIZE}..{MAX_SIZE} pixels, e.g. --size 128")
    args.chunk = DEFAULT_CHUNK if args.chunk is None else args.chunk
    if args.chunk < 1:
        raise ArgumentError(f"--chunk {args.chunk}: expected a positive whole number, e.g. --chunk 16")
    if args.workers is not None and args.workers < 1:
        raise ArgumentError(f"--workers {args.workers}: expected a positive whole number")
    if args.no_ray and (args.address or args.workers):
        raise ArgumentError("--no-ray runs in this process: leave out --address and --workers")
    check_chunk_memory(layers, args.size, args.chunk)
    return pipelines, layers, filters


def check_chunk_memory(layers, size, chunk):
    """A chunk is one batch: refuse, before any work, one whose step would not fit in the memory
    this process may use (common/cost.py's estimate; the layer that keeps the most decides)."""
    per = max(step_bytes_per_image(layer, size) for layer in layers)
    available = available_memory_bytes()
    if chunk * per > available:
        raise ArgumentError(f"--chunk {chunk}: a batch of {chunk} images at {size}x{size} needs about "
                            f"{chunk * per / 2 ** 30:.1f} GiB (common/cost.py), more than the "
                            f"{available / 2 ** 30:.1f} GiB available; give --chunk "
                            f"{max(1, available // per)} or less, or a smaller --size")


def weights_and_settings(args, pipelines):
    """({pipeline: weight file}, AtlasSettings) from the weight-selection policy."""
    if args.weights not in CHOICES:
        raise ArgumentError(f"--weights {args.weights!r}: expected one of {', '.join(CHOICES)}")
    chosen = provision(args.weights, WEIGHTS_DIR, DEFAULT_SEED, kinds=(CONV,))
    print(chosen.line())
    for notice in chosen.notices:
        print(notice)
    w = chosen.for_model(False)
    # both pipelines' files in the settings, whichever run: a later --pipelines adds to the atlas
    paths = {n: os.path.abspath(w.path(n)) for n in NAMES}
    settings = AtlasSettings(size=args.size, steps=args.steps, seed=args.seed, weights_source=w.source,
                        weights_md5={n: weights_md5(paths[n]) for n in NAMES}, chunk=args.chunk,
                        step=args.step, method=args.method)
    return {n: paths[n] for n in pipelines}, settings


def require_ray():
    """EnvironmentProblem (exit 3) at once when Ray is missing, before any work."""
    try:
        import ray  # noqa: F401 (only to say at once when it is missing)
    except ImportError:  # depends on the environment
        raise EnvironmentProblem("Ray is not installed: run `make atlas` (installs "
                                 "requirements-atlas.txt), or add --no-ray") from None


def make_pool(args, weights, settings):
    """(pool, close) for the engine asked for."""
    if args.no_ray:
        return LocalPool(Renderer(weights, settings)), lambda: None
    ray, workers = engine.start(args.address, args.workers)
    # TensorFlow threads per worker: this machine's cores shared by its workers; on a cluster each
    # actor holds one of Ray's CPUs of its node, so one thread each
    threads = 1 if args.address else max(1, (os.cpu_count() or 1) // workers)
    pool = engine.RayPool(ray, workers, weights, settings, threads=threads)
    where = "cluster " + args.address if args.address else "this machine"
    print(f"ray: {workers} worker{'s' if workers != 1 else ''} ({where})")
    return pool, pool.close


@cli_entry
def main(argv=None, on_chunk=None):
    args = parser().parse_args(argv)
    pipelines, layers, filters = check_args(args)
    if not args.no_ray:
        require_ray()
    check_writable_folder(args.out, "--out")
    with output_lock([args.out], "python -m atlas"):
        weights, settings = weights_and_settings(args, pipelines)
        plan.check_settings(args.out, settings)
        chunks = plan.make_chunks(pipelines, layers, filters, args.chunk)
        todo = plan.pending(chunks, args.out)
        total = sum(len(c.filters) for c in chunks)
        computed = 0
        if todo:
            pool, close = make_pool(args, weights, settings)
            progress = Progress(sum(len(c.filters) for c in todo), "atlas", steps=args.steps)
            try:
                computed = plan.drive(todo, args.out, pool, progress, on_chunk)
            finally:
                close()
        index = site.build(args.out, settings)
        print(f"wrote {index} ({computed} filters computed, {total - computed} already done)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
