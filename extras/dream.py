"""Deep dream with octaves, as in the course chapter and the Keras deep_dream example:
the mean activation of a layer (or a weighted sum over layers) climbed at several scales
("octaves"), smallest first, with the chapter's regularizers (extras/regularizers.py) and a
seeded jitter. Images are (H, W, 3) network input: BGR minus the Caffe means.
"""

import dataclasses
import time

import numpy as np
import tensorflow as tf

from common.ascent import check_steps
from common.images import DEFAULT_SEED
from common.layers import INPUT_CHANNELS
from extras import regularizers as R
from extras import settings as S
from extras.settings import Regularizers, octave_shapes


def dream_loss(features, layer_weights):
    """loss(x (B, H, W, 3)) -> (B,): sum over layers of weight * mean activation of the layer."""
    weights = [w for _, w in layer_weights]

    def loss(x):
        acts = features(x)[: len(weights)]  # each (B, h, w, C)
        return tf.add_n([w * tf.reduce_mean(a, axis=[1, 2, 3]) for w, a in zip(weights, acts)])

    return loss


def _normalize(g, regs):
    """The gradient normalisation the regularizers name (fixed when the step is traced)."""
    if regs.norm == "rms":
        return R.normalize_rms(g)
    if regs.norm == "max":
        return R.normalize_max(g)
    return R.laplacian_normalize(g, regs.levels)


def make_dream_step(loss_fn, regs):
    """The compiled dream step, traced once for every image size (H and W are None):
    step(x (B, H, W, 3), shift (2,), step_size, blur_now) -> (loss (B,) before the step, new x).

    The regularizers are fixed when the step is made (they decide which ops are in the graph);
    the jitter shift, the step size and whether to blur are tensor arguments.
    """
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
        x = x + step_size * _normalize(g, regs)
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


def _resize(x, hw):
    return tf.image.resize(x, hw, method="bilinear")


@dataclasses.dataclass
class DreamResult:
    image: np.ndarray  # (H, W, 3) network input
    # per octave: {"shape", "start_loss" and "final_loss" (of the unshifted image on entering and
    # leaving the octave), "losses" (of the image before each step, jittered from the second on)}
    octaves: list
    seconds: float = 0.0


def deep_dream(step_fns, x0, octaves=S.DREAM_OCTAVES, steps=S.DREAM_STEPS,
               step=S.DREAM_STEP_SIZE, scale=S.DREAM_OCTAVE_SCALE, seed=DEFAULT_SEED,
               regs=Regularizers()):
    """Deep dream of x0 (H, W, 3), smallest octave first.

    Before each larger octave the dreamed image is upscaled and the detail that shrinking took
    out of the photo (photo at this size minus the upscaled small photo) is added back, as in
    the Keras deep_dream example. Returns a DreamResult with the loss history per octave.
    """
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
        shifts = R.jitter_shifts(seed, o, steps, regs.jitter)
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
