"""The figures beyond the blog, modern pipeline only (no 2016 counterpart to compare): the deep
dream with octaves, the gradient maps, Gatys et al.'s style transfer and the infinite zoom. One
builder per kind, each returning the uint8 (H, W, 3) image and its Sidecar.

The dream, gradient and zoom modules import TensorFlow, so they are imported inside the builders
that use them: `python -m reproduce --help` and its argument errors start without it."""

import dataclasses
import time

from common.images import stitch
from common.layers import TOP_INPUT_SIZE
from common.photos import photo_input, to_rgb_uint8
from common.sidecar import Sidecar
from extras import style as S
from extras.settings import (
    DREAM_JITTER,
    DREAM_OCTAVE_SCALE,
    DREAM_STEP_SIZE,
    GRADIENT_MAP_CLASS,
    ZOOM_OCTAVES,
    ZOOM_SCALE,
    ZOOM_STEPS,
    Regularizers,
)
from reproduce.chart import loss_chart
from reproduce.plan import PHOTO, STYLE_PHOTO


def _sidecar(fig, seconds, size, steps=None, step=None, losses=None, **details):
    return Sidecar(kind=fig.kind, figure=fig.stem, pipeline="modern", seconds=round(seconds, 3),
                   input_size=size, steps=steps, step=step, losses=losses,
                   details={"blog_file": fig.blog_file, "section": fig.section, "photo": PHOTO,
                            **details})


def _dream_fns(runner, layer):
    """(the compiled dream step, its regularizers) for `layer` of the conv-only VGG16."""
    from extras.dream import dream_loss, make_dream_step
    from extras.model import dream_model

    features, _ = dream_model(runner.weight_set(runner.modern, False), [layer])
    regs = Regularizers(jitter=DREAM_JITTER)
    return make_dream_step(dream_loss(features, [(layer, 1.0)]), regs), regs


def _deep(runner, fig):
    from extras.dream import deep_dream

    s = runner.settings
    fns, regs = _dream_fns(runner, fig.layer)
    photo = photo_input(PHOTO, s.dream_size)
    r = deep_dream(fns, photo, s.dream_octaves, s.dream_steps, DREAM_STEP_SIZE,
                     DREAM_OCTAVE_SCALE, runner.seed, regs)
    img = stitch([to_rgb_uint8(photo), to_rgb_uint8(r.image)], 1, 2)
    return img, _sidecar(fig, r.seconds, s.dream_size, s.dream_steps, DREAM_STEP_SIZE,
                         layer=fig.layer, octaves=r.octaves, octave_scale=DREAM_OCTAVE_SCALE,
                         regularizers=dataclasses.asdict(regs), layout="the photo | the dream")


def _gradient(runner, fig):
    """The gradient of a filter's mean activation and of a class probability on the photo."""
    from extras.gradient import gradient_image, gradient_map

    t = time.perf_counter()
    model = runner.model(runner.modern, True)  # 224x224 with the head: filter and class
    photo = photo_input(PHOTO, TOP_INPUT_SIZE)
    gf, vf = gradient_map(model, photo, fig.layer, fig.index, "filter")
    gc, vc = gradient_map(model, photo, None, GRADIENT_MAP_CLASS, "class")
    img = stitch([to_rgb_uint8(photo), gradient_image(gf), gradient_image(gc)], 1, 3)
    return img, _sidecar(
        fig, time.perf_counter() - t, TOP_INPUT_SIZE, layer=fig.layer, filter=fig.index,
        filter_objective=vf, class_index=GRADIENT_MAP_CLASS, class_probability=vc,
        layout=f"the photo | d mean({fig.layer} filter {fig.index}) / d input | "
               f"d p(class {GRADIENT_MAP_CLASS}) / d input (max |g| over channels)")


def _style(runner, fig):
    """PHOTO in the style of STYLE_PHOTO (extras/style.py's defaults: L-BFGS from the content
    photo), beside both photos and the loss curves."""
    s = runner.settings
    features, _ = S.style_features(runner.weight_set(runner.modern, False))
    content, style = photo_input(PHOTO, s.style_size), photo_input(STYLE_PHOTO, s.style_size)
    r = S.style_transfer(S.make_loss_and_grad(features), content, style, features,
                         s.style_steps, seed=runner.seed)
    chart = loss_chart(r.losses, s.style_size, s.style_size)
    img = stitch([to_rgb_uint8(content), to_rgb_uint8(style), to_rgb_uint8(r.image), chart], 1, 4)
    return img, _sidecar(
        fig, r.seconds, s.style_size, s.style_steps, losses=r.losses, style_photo=STYLE_PHOTO,
        steps_done=r.steps, optimizer="lbfgs", init="content",
        loss_weights=dataclasses.asdict(S.LossWeights()), content_layer=S.CONTENT_LAYER,
        style_layers=list(S.STYLE_LAYERS),
        layout="the content photo | the style photo | the result | the losses per step "
               "(log scale, each curve to its own range)")


def _zoom(runner, fig):
    """The infinite zoom of PHOTO: its frames in a row-major grid, 4 to a row."""
    from extras.zoom import infinite_zoom

    s = runner.settings
    fns, regs = _dream_fns(runner, fig.layer)
    results = infinite_zoom(fns, photo_input(PHOTO, s.zoom_size), s.zoom_frames, ZOOM_SCALE,
                              ZOOM_OCTAVES, ZOOM_STEPS, DREAM_STEP_SIZE,
                              DREAM_OCTAVE_SCALE, runner.seed, regs)
    cols = min(4, len(results))
    img = stitch([to_rgb_uint8(r.image) for r in results], -(-len(results) // cols), cols)
    seconds = sum(r.seconds for r in results)
    return img, _sidecar(
        fig, seconds, s.zoom_size, ZOOM_STEPS, DREAM_STEP_SIZE, layer=fig.layer,
        frames=s.zoom_frames, zoom=ZOOM_SCALE, octaves=ZOOM_OCTAVES,
        regularizers=dataclasses.asdict(regs),
        frame_losses=[[r.octaves[0]["start_loss"], r.octaves[-1]["final_loss"]] for r in results],
        seconds_per_frame=round(seconds / len(results), 3),
        layout=f"frames 0..{s.zoom_frames - 1}, row by row: each the deep dream of the previous "
               f"one's centre 1/{ZOOM_SCALE} scaled back up")


def _deep_rows(m):
    d = m.details
    rows = [("layer", d["layer"]), ("input", f"{m.input_size}x{m.input_size} photo `{d['photo']}`"),
            ("octaves", f"{len(d['octaves'])} (scale {d['octave_scale']}), "
                        f"{m.steps} steps of {m.step} each"),
            ("regularizers", ", ".join(f"{k} {v}" for k, v in d["regularizers"].items()))]
    return rows + [(f"octave {o['shape'][0]}x{o['shape'][1]}", f"mean activation {o['start_loss']:.4g}"
                    f" -> {o['final_loss']:.4g}") for o in d["octaves"]]


def _gradient_rows(m):
    d = m.details
    return [(f"{d['layer']} filter {d['filter']}", f"mean activation {d['filter_objective']:.4g}"),
            (f"class {d['class_index']}", f"probability {d['class_probability']:.4g}")]


def _style_rows(m):
    d = m.details
    rows = [("input", f"{m.input_size}x{m.input_size}: content `{d['photo']}`, "
                      f"style `{d['style_photo']}`"),
            ("method", f"Gatys et al.: content {d['content_layer']}, style Grams of "
                       f"{', '.join(d['style_layers'])}; {d['optimizer']} from the "
                       f"{d['init']} photo, {d['steps_done']} of {m.steps} steps"),
            ("loss weights", ", ".join(f"{k} {v:g}" for k, v in d["loss_weights"].items()))]
    return rows + [(f"{k} loss", f"{v[0]:.4g} -> {v[-1]:.4g}") for k, v in m.losses.items()]


def _zoom_rows(m):
    d = m.details
    return [("layer", d["layer"]),
            ("frames", f"{d['frames']} of {m.input_size}x{m.input_size}, zoom "
                       f"{d['zoom']} per frame, {d['octaves']} octave of {m.steps} "
                       f"steps each"),
            ("seconds per frame", f"{d['seconds_per_frame']:.2f}")]


@dataclasses.dataclass(frozen=True)
class Kind:
    """Everything about one kind of modern-only figure: how it is made and the rows of its table."""

    build: object  # (runner, fig) -> (uint8 (H, W, 3) image, Sidecar)
    rows: object  # Sidecar -> [(label, value)] (the report adds its seconds)


KINDS = {"deep": Kind(_deep, _deep_rows), "gradient": Kind(_gradient, _gradient_rows),
         "style": Kind(_style, _style_rows), "zoom": Kind(_zoom, _zoom_rows)}


def make_extra(runner, fig):
    """(uint8 (H, W, 3) image, Sidecar) of a modern-only figure."""
    if fig.kind not in KINDS:
        raise ValueError(f"figure {fig.stem!r}: unknown kind {fig.kind!r}; "
                         f"reproduce/extras.py builds {', '.join(KINDS)}")
    return KINDS[fig.kind].build(runner, fig)
