"""Beyond grey noise, on the modern (keras.applications, channels-last) VGG16: filter dreams on
photos, deep dream with octaves and regularizers, and gradient maps.

What it reproduces:
- the blog's "Convnet dreams" (`filter_dream.jpg`): the filter ascent of the blog started from a
  photo, for one filter (the existing compiled engine, modern/ascent.py) or a weighted
  combination of filters of one layer;
- deep dream as in the course chapter (seed 004) and the Keras deep_dream example: the mean
  activation of a layer (or a weighted sum over layers) climbed at several scales ("octaves"),
  with the chapter's regularizers (modern/regularizers.py) and a seeded jitter;
- the chapter's "Infinite Zoom / Fractal": deep dream applied again and again to a zoomed-in
  crop of its own output;
- the chapter's "Visualizing the gradient": d(filter's mean activation or class probability) /
  d(input) on a photo, shown beside the photo.

`python -m modern.dream --help` for the command line. Images here are (H, W, 3) network input:
BGR minus the Caffe means (common/photos.py converts photos both ways).
"""

import dataclasses
import sys

import numpy as np

from common import constants as C
from common.ascent import ASCENT_STEPS
from common.errors import ArgumentError
from common.images import DEFAULT_SEED
from common.layers import INPUT_CHANNELS
from common.layout import MODERN_CHANNEL_AXIS
from common.photos import PIXEL_MAX

PIPELINE = "modern"


# --- models -------------------------------------------------------------------------------------

def dream_model(weights, layers):
    """(features, weight summary): the conv-only VGG16 with any input size (H, W = None),
    truncated to a model from the input to the outputs of `layers` (either spelling), so nothing
    above the deepest one is computed."""
    from modern.load import load_weights
    from modern.model import build_vgg16, feature_model

    for name in layers:
        _check_conv(name)
    model = build_vgg16(include_top=False, input_shape=(None, None, INPUT_CHANNELS))
    summary = load_weights(model, weights)
    return feature_model(model, list(layers) + [layers[0]]), summary  # extra output: always a list


def _check_conv(name):
    from common.layers import find_layer

    if find_layer(name).kind != "conv":
        raise ArgumentError(f"--layer {name}: deep dream needs a conv layer (conv1_1 ... conv5_3)")


def parse_layer_weights(items):
    """['conv4_3', 'conv5_1:0.5'] -> [('conv4_3', 1.0), ('conv5_1', 0.5)]; conv layers only."""
    out = []
    for item in items:
        name, _, w = item.partition(":")
        _check_conv(name)
        try:
            weight = float(w) if w else 1.0
        except ValueError:
            raise ArgumentError(f"--layer {item!r}: expected NAME or NAME:WEIGHT, e.g. conv5_1:0.5") from None
        if not np.isfinite(weight):
            raise ArgumentError(f"--layer {item!r}: the weight must be a finite number")
        out.append((name, weight))
    return out


# --- deep dream ---------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Regularizers:
    """Which regularizers a dream step applies (all off but the RMS normalisation by default).

    norm: "rms" (the blog's), "max" (the chapter's) or "laplacian" (band-wise RMS, `levels`).
    clip_percentile: zero gradient entries below this percentile of |g| (0: off).
    decay: x *= decay after each step (1.0: off). blur_sigma / blur_every: Gaussian blur of the
    image every n-th step (0: off). clip_image: keep every pixel a 0-255 colour.
    jitter: roll the image by up to this many pixels (seeded) before each gradient.
    """

    norm: str = "rms"
    levels: int = C.LAPLACIAN_LEVELS
    clip_percentile: float = 0.0
    decay: float = 1.0
    blur_sigma: float = 0.0
    blur_every: int = C.DREAM_BLUR_EVERY
    clip_image: bool = True
    jitter: int = 0

    def check(self):
        if self.norm not in ("rms", "max", "laplacian"):
            raise ArgumentError(f"--norm {self.norm!r}: expected rms, max or laplacian")
        if int(self.levels) != self.levels or not 1 <= self.levels <= C.LAPLACIAN_MAX_LEVELS:
            raise ArgumentError(f"--levels {self.levels}: expected 1..{C.LAPLACIAN_MAX_LEVELS} "
                                "pyramid levels")
        if not 0 <= self.clip_percentile < 100:
            raise ArgumentError(f"--clip {self.clip_percentile}: expected a percentile in [0, 100)")
        if not 0 < self.decay <= 1:
            raise ArgumentError(f"--decay {self.decay}: expected 0 < decay <= 1 (1 is off)")
        if not 0 <= self.blur_sigma <= C.BLUR_MAX_SIGMA:
            raise ArgumentError(f"--blur {self.blur_sigma}: expected a sigma in "
                                f"[0, {C.BLUR_MAX_SIGMA:g}] pixels")
        if int(self.blur_every) != self.blur_every or self.blur_every < 1:
            raise ArgumentError(f"--blur-every {self.blur_every}: expected a positive whole number")
        if int(self.jitter) != self.jitter or not 0 <= self.jitter <= C.JITTER_MAX:
            raise ArgumentError(f"--jitter {self.jitter}: expected 0..{C.JITTER_MAX} pixels")
        return self


def dream_loss(features, layer_weights):
    """loss(x (B, H, W, 3)) -> (B,): sum over layers of weight * mean activation of the layer."""
    import tensorflow as tf

    weights = [w for _, w in layer_weights]

    def loss(x):
        acts = features(x)[: len(weights)]  # each (B, h, w, C)
        return tf.add_n([w * tf.reduce_mean(a, axis=[1, 2, 3]) for w, a in zip(weights, acts)])

    return loss


def make_dream_step(loss_fn, regs):
    """The compiled dream step, traced once for every image size (H and W are None):
    step(x (B, H, W, 3), shift (2,), step_size, blur_now) -> (loss (B,) before the step, new x).

    The regularizers are fixed when the step is made (they decide which ops are in the graph);
    the jitter shift, the step size and whether to blur are tensor arguments.
    """
    import tensorflow as tf

    from modern import regularizers as R

    spec = [tf.TensorSpec((None, None, None, INPUT_CHANNELS), tf.float32),
            tf.TensorSpec((2,), tf.int32), tf.TensorSpec((), tf.float32), tf.TensorSpec((), tf.bool)]

    @tf.function(input_signature=spec)
    def step(x, shift, step_size, blur_now):
        shifted = R.roll(x, shift)  # the jitter: the network sees the image moved by `shift`
        with tf.GradientTape(watch_accessed_variables=False) as tape:  # d/dx only
            tape.watch(shifted)
            loss = loss_fn(shifted)
            total = tf.reduce_sum(loss)  # images are independent; only d/dx, no weight gradients
        g = R.roll(tape.gradient(total, shifted), -shift)  # back to the image's own pixels
        if regs.clip_percentile > 0:
            g = R.clip_gradient(g, regs.clip_percentile)
        if regs.norm == "rms":
            g = R.normalize_rms(g)
        elif regs.norm == "max":
            g = R.normalize_max(g)
        else:
            g = R.laplacian_normalize(g, regs.levels)
        x = x + step_size * g
        if regs.decay != 1.0:
            x = R.decay(x, regs.decay)
        if regs.blur_sigma > 0:
            x = tf.cond(blur_now, lambda: R.blur(x, regs.blur_sigma), lambda: x)
        if regs.clip_image:
            x = R.clip_image(x)
        return loss, x

    @tf.function(input_signature=spec[:1])
    def evaluate(x):
        return loss_fn(x)

    return step, evaluate


def octave_shapes(hw, octaves, scale=C.DREAM_OCTAVE_SCALE):
    """[(h, w) of the smallest octave, ..., (H, W)]: each octave `scale` times the previous."""
    if int(octaves) != octaves or octaves < 1:
        raise ArgumentError(f"--octaves {octaves}: expected a positive whole number")
    if not scale > 1:
        raise ArgumentError(f"--octave-scale {scale}: expected a scale above 1")
    shapes = [tuple(int(round(s / scale ** i)) for s in hw) for i in reversed(range(int(octaves)))]
    if min(shapes[0]) < C.DREAM_MIN_SIZE:
        raise ArgumentError(f"--octaves {octaves}: the smallest octave would be {shapes[0]}, below "
                            f"VGG16's {C.DREAM_MIN_SIZE} pixels; use fewer octaves or a larger --size")
    return shapes


def _resize(x, hw):
    import tensorflow as tf

    return tf.image.resize(x, hw, method="bilinear")


@dataclasses.dataclass
class DreamResult:
    image: np.ndarray  # (H, W, 3) network input
    # per octave: {"shape", "start_loss" and "final_loss" (of the unshifted image on entering and
    # leaving the octave), "losses" (of the image before each step, jittered from the second on)}
    octaves: list
    seconds: float = 0.0


def deep_dream(step_fns, x0, octaves=C.DREAM_OCTAVES, steps=C.DREAM_STEPS,
               step=C.DREAM_STEP_SIZE, scale=C.DREAM_OCTAVE_SCALE, seed=DEFAULT_SEED,
               regs=Regularizers()):
    """Deep dream of x0 (H, W, 3), smallest octave first.

    Before each larger octave the dreamed image is upscaled and the detail that shrinking took
    out of the photo (photo at this size minus the upscaled small photo) is added back, as in
    the Keras deep_dream example. Returns a DreamResult with the loss history per octave.
    """
    import time

    import tensorflow as tf

    from common.ascent import check_steps
    from modern.regularizers import jitter_shifts

    check_steps(steps, step)
    regs.check()
    step_fn, evaluate = step_fns
    t = time.perf_counter()
    original = tf.constant(np.asarray(x0, np.float32)[None])  # (1, H, W, 3)
    shapes = octave_shapes(original.shape[1:3], octaves, scale)
    shrunk = _resize(original, shapes[0])
    img = shrunk
    history = []
    step_t = tf.constant(step, tf.float32)
    for o, shape in enumerate(shapes):
        if o > 0:
            img = _resize(img, shape)
            detail = _resize(original, shape) - _resize(shrunk, shape)
            img = img + detail
            shrunk = _resize(original, shape)
        shifts = jitter_shifts(seed, o, steps, regs.jitter)
        # The octave's first step is not jittered: its loss, of the unshifted image, is the
        # octave's start loss for free (one forward pass fewer per octave; ~4% of the dream).
        shifts[0] = 0
        losses = []
        for i in range(steps):
            blur_now = tf.constant(regs.blur_sigma > 0 and (i + 1) % regs.blur_every == 0)
            loss, img = step_fn(img, tf.constant(shifts[i]), step_t, blur_now)
            losses.append(float(loss[0]))
        history.append({"shape": list(shape), "start_loss": losses[0], "losses": losses,
                        "final_loss": float(evaluate(img)[0])})
    return DreamResult(img[0].numpy(), history, time.perf_counter() - t)


# --- the infinite zoom --------------------------------------------------------------------------

def zoom_in(x, scale):
    """The centre 1/scale of x (H, W, 3), scaled back up to (H, W) with bilinear interpolation."""
    import tensorflow as tf

    h, w = x.shape[:2]
    ch, cw = max(1, int(round(h / scale))), max(1, int(round(w / scale)))
    top, left = (h - ch) // 2, (w - cw) // 2
    crop = np.asarray(x, np.float32)[None, top: top + ch, left: left + cw]  # (1, ch, cw, 3)
    return tf.image.resize(crop, (h, w), method="bilinear")[0].numpy()


def check_zoom(frames, scale):
    if int(frames) != frames or not 1 <= frames <= C.ZOOM_MAX_FRAMES:
        raise ArgumentError(f"--frames {frames}: expected 1..{C.ZOOM_MAX_FRAMES}")
    if not 1 < scale <= C.ZOOM_MAX_SCALE:
        raise ArgumentError(f"--zoom {scale}: expected a scale per frame above 1 and at most "
                            f"{C.ZOOM_MAX_SCALE:g} (e.g. {C.ZOOM_SCALE})")


def infinite_zoom(step_fns, x0, frames=C.ZOOM_FRAMES, zoom=C.ZOOM_SCALE, octaves=C.ZOOM_OCTAVES,
                  steps=C.ZOOM_STEPS, step=C.DREAM_STEP_SIZE, scale=C.DREAM_OCTAVE_SCALE,
                  seed=DEFAULT_SEED, regs=Regularizers(), on_frame=None):
    """The course chapter's infinite zoom: frame 0 is the deep dream of x0 (H, W, 3); frame k the
    deep dream of frame k-1 zoomed in by `zoom` (zoom_in). Frame k's jitter has seed seed + k.
    on_frame(k, DreamResult) after each frame (the caller writes it: finished frames survive a
    crash). Returns the list of DreamResults."""
    check_zoom(frames, zoom)
    results = []
    img = np.asarray(x0, np.float32)
    for k in range(int(frames)):
        if k > 0:
            img = zoom_in(img, zoom)
        r = deep_dream(step_fns, img, octaves, steps, step, scale, seed + k, regs)
        img = r.image
        results.append(r)
        if on_frame:
            on_frame(k, r)
    return results


# --- filter dream -------------------------------------------------------------------------------

def filter_dream(model, layer, filters, photo, steps=ASCENT_STEPS, step=C.FILTER_DREAM_STEP,
                 seed=DEFAULT_SEED):
    """The blog's ascent for each filter, each started from `photo` ((H, W, 3) network input at
    the model's size): a list of AscentResult, through the batched engine of modern/ascent.py."""
    from modern.visualize import visualize_filters

    return visualize_filters(model, layer, list(filters), steps, step, seed, start=photo)


def combination_dream(model, layer, filter_weights, photo, steps=ASCENT_STEPS,
                      step=C.FILTER_DREAM_STEP):
    """One image that climbs sum_k w_k * mean activation of filter k ("picking specific
    combinations of filters", the blog's Convnet dreams), from `photo`. Returns an AscentResult.

    filter_weights: {filter index: weight}. Uses the compiled step of modern/ascent.py with an
    objective that weights the layer's channels.
    """
    import tensorflow as tf

    from common.ascent import check_filters, check_steps, compiled
    from modern.ascent import gradient_ascent, make_step
    from modern.model import feature_model

    check_steps(steps, step)
    name = check_filters(model, layer, sorted(filter_weights), PIPELINE, MODERN_CHANNEL_AXIS)
    channels = model.get_layer(name).output.shape[-1]
    w = np.zeros((1, channels), np.float32)  # (1, C): row 0 is this combination
    for f, v in filter_weights.items():
        w[0, f] = v
    features = compiled(model, ("features", name), lambda: feature_model(model, [name, name]))
    w_t = tf.constant(w)

    def loss(x, index):
        act = features(x)[0]  # (B, h, w, C)
        rows = tf.gather(w_t, index)  # (B, C): each image's weights
        return tf.reduce_mean(tf.einsum("bhwc,bc->bhw", act, rows), axis=[1, 2])

    step_fn = make_step(loss, model.input_shape[1:])  # traced for this combination only
    return gradient_ascent(step_fn, np.asarray(photo, np.float32)[None], [0], steps, step)[0]


# --- gradient maps ------------------------------------------------------------------------------

def _model_layer(model, layer):
    """The model's own layer called `layer`, in the model's spelling or VGG16's other one."""
    names = [x.name for x in model.layers]
    if layer in names:
        return model.get_layer(layer)
    from common.layers import layer_name

    name = layer_name(layer, PIPELINE)
    if name not in names:
        raise ArgumentError(f"--layer {layer!r}: this model has no such layer")
    return model.get_layer(name)


def gradient_map(model, x, layer=None, index=0, kind="filter"):
    """d objective / d x for one image x (H, W, 3); returns (gradient (H, W, 3), objective).

    kind "filter": objective = mean activation of filter `index` of `layer`;
    kind "class": objective = softmax probability of class `index` (the model's last output).
    Only the input's gradient is taken (no weight gradients).
    """
    import keras
    import tensorflow as tf

    if kind == "class":
        out = model.outputs[0]
    else:
        out = _model_layer(model, layer).output
    count = int(out.shape[-1])
    if int(index) != index or not 0 <= index < count:
        raise ArgumentError(f"--{'class' if kind == 'class' else 'filter'} {index}: out of range, "
                            f"expected 0..{count - 1}")
    sub = keras.Model(model.inputs[0], [out, out])  # two outputs keep keras from unwrapping
    xt = tf.constant(np.asarray(x)[None])
    with tf.GradientTape(watch_accessed_variables=False) as tape:  # d/dx only
        tape.watch(xt)
        act = sub(xt)[0]  # (1, h, w, C) or (1, C)
        value = tf.reduce_mean(act[..., index])
    return tape.gradient(value, xt)[0].numpy(), float(value)


def gradient_image(g, percentile=C.GRADIENT_MAP_PERCENTILE):
    """(H, W, 3) gradient -> (H, W, 3) uint8 grey: max |g| over the channels, the given
    percentile white (so that a few extreme pixels do not make the rest black)."""
    m = np.abs(np.asarray(g, np.float64)).max(axis=-1)
    top = np.percentile(m, percentile)
    v = np.clip(m / top, 0, 1) if top > 0 else np.zeros_like(m)
    grey = np.rint(v * PIXEL_MAX).astype(np.uint8)
    return np.repeat(grey[..., None], 3, axis=2)


def main(argv=None):
    from modern.dream_cli import dream_main

    return dream_main(argv)


if __name__ == "__main__":
    sys.exit(main())
