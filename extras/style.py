"""The course chapter's "Style Net" section on the modern (channels-last) VGG16: the
neural algorithm of artistic style of Gatys, Ecker and Bethge ("A Neural Algorithm of Artistic
Style", arXiv 2015; "Image Style Transfer Using Convolutional Neural Networks", CVPR 2016).

Where each choice comes from:
- content: the features of conv4_2 (block4_conv2), compared with the content photo's by
  L_content = 1/2 * sum (F - P)^2 (the paper's eq. 1);
- style: the Gram matrices G = F^T F (C x C, F the (h*w, C) feature map) of conv1_1 ... conv5_1,
  each compared with the style photo's with the paper's normalisation
  E_l = sum (G - A)^2 / (4 N_l^2 M_l^2) (N_l = C channels, M_l = h*w positions; eq. 4), weighted
  w_l = 1/5 each (eq. 5);
- total variation: sum of the squared differences of neighbouring pixels (Mahendran & Vedaldi
  2015, the regulariser the style-transfer implementations after Gatys add; the paper has none);
- the total alpha * content + beta * style + gamma * tv with alpha/beta = 1e-3 (the paper's
  ratio for its figures);
- the image starts from the content photo (the CVPR paper's figure 6 shows both starts; from the
  photo converges in fewer steps) or, with --init noise, from seeded noise (the paper's default);
- optimiser: L-BFGS, as the paper, through scipy's L-BFGS-B with the pixel range as bounds (the
  image stays a 0-255 colour). Adam is here as well: at the same wall time (measured on a 2-core AMD EPYC,
  2026-11-25), L-BFGS reaches a lower loss (128 px, 2 shared cores: 40 L-BFGS steps, 19 s, total
  1.00e6; 80 Adam steps, 17-23 s, total 1.05e6 at the best of 4 step sizes, 1.8e6 at 4).

The image stays in the network's space (BGR minus the Caffe means, (H, W, 3)); the CLI
(extras/style_cli.py) saves it in the photo's colours. Every loss and its gradient come from one
compiled function, traced once per image size.
"""

import dataclasses
import time

import numpy as np

from common.errors import ArgumentError
from common.images import BGR_MEAN, DEFAULT_SEED
from common.layers import INPUT_CHANNELS
from common.photos import PIXEL_MAX

# TensorFlow, Keras (extras/model.py) and scipy are imported inside the functions that use them:
# the command line (extras/style_cli.py) reads its defaults and checks from this module at start,
# and `--help` and argument errors answer without them.

CONTENT_LAYER = "conv4_2"
STYLE_LAYERS = ("conv1_1", "conv2_1", "conv3_1", "conv4_1", "conv5_1")
CONTENT_WEIGHT = 1.0  # alpha
STYLE_WEIGHT = 1e3  # beta: alpha / beta = 1e-3, the paper's ratio
TV_WEIGHT = 1e-3  # gamma: at 1e-2 tv was ~40% of the total after 40 steps at 128 px; at 1e-3 ~7%
STEPS = 100
SIZE = 256
MIN_SIZE = 32  # five poolings: conv5_1 needs 16 px, but a 32 px image keeps conv5_1 2x2
MAX_SIZE = 1024  # a 1024^2 L-BFGS run keeps ~10 float64 copies of the image: fine; beyond, slow
OPTIMIZERS = ("lbfgs", "adam")
INITS = ("content", "noise")
ADAM_RATE = 16.0  # pixels (0-255 scale) per step: the best of 2, 4, 8, 16 at 128 px, 80 steps
NOISE_STD = 32.0  # of the --init noise start, on the 0-255 scale around the mean colour
LOSS_NAMES = ("content", "style", "tv", "total")


# --- the losses (tensors; tests compare them with numpy) -----------------------------------------

def gram(features):
    """(B, h, w, C) -> (B, C, C): F^T F over the h*w positions, not normalised (the paper's G)."""
    import tensorflow as tf

    return tf.einsum("bhwc,bhwd->bcd", features, features)


def style_layer_loss(features, target_gram):
    """(B,): sum (G - A)^2 / (4 N^2 M^2) for features (B, h, w, C) and A (B or 1, C, C)."""
    import tensorflow as tf

    shape = tf.shape(features)
    n = tf.cast(shape[3], features.dtype)
    m = tf.cast(shape[1] * shape[2], features.dtype)
    return tf.reduce_sum(tf.square(gram(features) - target_gram), axis=[1, 2]) / (4.0 * n * n * m * m)


def content_loss(features, target):
    """(B,): 1/2 sum (F - P)^2 over (h, w, C)."""
    import tensorflow as tf

    return 0.5 * tf.reduce_sum(tf.square(features - target), axis=[1, 2, 3])


def tv_loss(x):
    """(B,): sum of squared differences between vertical and horizontal neighbours of x (B, H, W, 3)."""
    import tensorflow as tf

    dy = x[:, 1:, :, :] - x[:, :-1, :, :]
    dx = x[:, :, 1:, :] - x[:, :, :-1, :]
    return tf.reduce_sum(tf.square(dy), axis=[1, 2, 3]) + tf.reduce_sum(tf.square(dx), axis=[1, 2, 3])


# --- the network and the compiled loss ---------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class LossWeights:
    """alpha (content), beta (style, shared equally by the style layers), gamma (tv)."""

    content: float = CONTENT_WEIGHT
    style: float = STYLE_WEIGHT
    tv: float = TV_WEIGHT

    def check(self):
        for name, v in dataclasses.asdict(self).items():
            if not (np.isfinite(v) and v >= 0):
                raise ArgumentError(f"--{name}-weight {v}: expected a finite number >= 0")
        if self.content == 0 and self.style == 0:
            raise ArgumentError("--content-weight and --style-weight are both 0: nothing to optimise")
        return self


def style_features(weights):
    """(features, weight summary): the conv-only VGG16 of any size, cut at conv5_1, with outputs
    [conv4_2, conv1_1, conv2_1, conv3_1, conv4_1, conv5_1] (the content layer first)."""
    from extras.model import dream_model

    return dream_model(weights, [CONTENT_LAYER, *STYLE_LAYERS])


def make_loss_and_grad(features, w=LossWeights()):
    """The compiled function (x (1, H, W, 3), content target (1, h, w, 512), 5 style Grams
    (1, C, C)) -> (content, style, tv, total, d total / d x), traced once per image size.

    Targets are arguments, not constants, so one trace serves every photo of that size."""
    import tensorflow as tf

    n = len(STYLE_LAYERS)
    spec = [tf.TensorSpec((1, None, None, INPUT_CHANNELS), tf.float32),
            tf.TensorSpec((1, None, None, None), tf.float32),
            [tf.TensorSpec((1, None, None), tf.float32) for _ in range(n)]]

    @tf.function(input_signature=spec, reduce_retracing=True)
    def loss_and_grad(x, content_target, style_grams):
        with tf.GradientTape(watch_accessed_variables=False) as tape:  # d/dx only
            tape.watch(x)
            acts = features(x)[: 1 + n]  # [conv4_2, conv1_1, ..., conv5_1], each (1, h, w, C)
            lc = content_loss(acts[0], content_target)[0]
            ls = tf.add_n([style_layer_loss(a, g)[0] for a, g in zip(acts[1:], style_grams)]) / n
            lt = tv_loss(x)[0]
            total = w.content * lc + w.style * ls + w.tv * lt
        return lc, ls, lt, total, tape.gradient(total, x)

    return loss_and_grad


def targets(features, content_x, style_x):
    """(P (1, h, w, 512) of the content photo at conv4_2, [A (1, C, C)] of the style photo)."""
    import tensorflow as tf

    n = len(STYLE_LAYERS)
    p = features(tf.constant(content_x[None]))[0]
    style_acts = features(tf.constant(style_x[None]))[1: 1 + n]
    return p, [gram(a) for a in style_acts]


# --- the optimisation --------------------------------------------------------------------------

@dataclasses.dataclass
class StyleResult:
    image: np.ndarray  # (H, W, 3) float32 network input
    losses: dict  # {"content", "style", "tv", "total"}: [start, after step 1, ..., after step N]
    seconds: float
    steps: int  # steps done (L-BFGS stops early when it converges)


def start_image(content_x, init, seed):
    """The first image: the content photo, or seeded noise around the mean colour."""
    if init == "content":
        return np.array(content_x, np.float32)
    rng = np.random.default_rng(int(seed))
    return (rng.standard_normal(content_x.shape) * NOISE_STD).astype(np.float32)


def pixel_bounds(shape):
    """(low, high) arrays of `shape` (H, W, 3): the network values of colours 0 and 255."""
    mean = np.asarray(BGR_MEAN, np.float32)
    return np.broadcast_to(-mean, shape), np.broadcast_to(PIXEL_MAX - mean, shape)


def check_run(steps, optimizer, init):
    if int(steps) != steps or steps < 1:
        raise ArgumentError(f"--steps {steps}: expected a positive whole number")
    if optimizer not in OPTIMIZERS:
        raise ArgumentError(f"--optimizer {optimizer!r}: expected one of {', '.join(OPTIMIZERS)}")
    if init not in INITS:
        raise ArgumentError(f"--init {init!r}: expected one of {', '.join(INITS)}")


def style_transfer(loss_and_grad, content_x, style_x, features, steps=STEPS, optimizer="lbfgs",
                   init="content", seed=DEFAULT_SEED, progress=None):
    """Optimise an image (content_x's shape) for the loss of `loss_and_grad` over `steps` steps.
    progress(step, losses) after each step. Returns a StyleResult."""
    import tensorflow as tf

    check_run(steps, optimizer, init)
    t = time.perf_counter()
    p, grams = targets(features, content_x, style_x)
    shape = content_x.shape
    low, high = pixel_bounds(shape)
    x0 = np.clip(start_image(content_x, init, seed), low, high)
    history = {k: [] for k in LOSS_NAMES}

    def evaluate(x):
        out = loss_and_grad(tf.constant(x.reshape((1,) + shape), tf.float32), p, grams)
        return [float(v) for v in out[:4]], out[4].numpy()[0]

    def record(values):
        for k, v in zip(LOSS_NAMES, values):
            history[k].append(v)
        if progress and len(history["total"]) > 1:
            progress(len(history["total"]) - 1, values)

    if optimizer == "adam":
        x = _adam(evaluate, record, x0, steps, low, high)
    else:
        x = _lbfgs(evaluate, record, x0, steps, low, high)
    done = len(history["total"]) - 1
    return StyleResult(x.astype(np.float32), history, time.perf_counter() - t, done)


def _lbfgs(evaluate, record, x0, steps, low, high):
    """scipy's L-BFGS-B, the pixel range as bounds; losses recorded at each accepted iterate."""
    from scipy.optimize import minimize

    last = {}  # the losses of the latest evaluated point, by its bytes: the callback gets only x

    def fun(v):
        values, g = evaluate(v.astype(np.float32))
        last.clear()  # one entry: the accepted iterate is the line search's last evaluation
        last[v.tobytes()] = values
        return values[3], g.astype(np.float64).ravel()

    def accepted(v):
        values = last.get(v.tobytes())
        record(values if values is not None else evaluate(v.astype(np.float32))[0])

    first, _ = evaluate(x0)
    record(first)
    r = minimize(fun, x0.astype(np.float64).ravel(), jac=True, method="L-BFGS-B",
                 bounds=np.stack([low.ravel(), high.ravel()], 1), callback=accepted,
                 options={"maxiter": int(steps), "maxfun": 2 * int(steps) + 20})
    return r.x.reshape(x0.shape)


def _adam(evaluate, record, x0, steps, low, high, rate=ADAM_RATE, b1=0.9, b2=0.999, eps=1e-8):
    """Adam (Kingma & Ba 2015) in numpy on the pixels, clipped to the pixel range after each step.
    The losses of step i are those of the evaluation that gives step i+1 its gradient."""
    x = x0.astype(np.float64)
    m = np.zeros_like(x)
    v = np.zeros_like(x)
    for i in range(1, steps + 1):
        values, g = evaluate(x.astype(np.float32))
        record(values)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        x = np.clip(x - rate * (m / (1 - b1 ** i)) / (np.sqrt(v / (1 - b2 ** i)) + eps), low, high)
    record(evaluate(x.astype(np.float32))[0])
    return x
