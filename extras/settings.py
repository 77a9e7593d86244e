"""The numbers of the extras (filter dreams, deep dream, the infinite zoom, gradient maps) and
the checks of their arguments: TensorFlow-free, so that a command line checks everything before
TensorFlow starts (and `--help` stays fast). The algorithms are in extras/dream.py, zoom.py,
filter_dream.py, gradient.py and regularizers.py; style transfer keeps its own in extras/style.py.
"""

import dataclasses

import numpy as np

from common.args import MIN_INPUT_SIZE
from common.errors import ArgumentError
from common.layers import find_layer

# Filter dream: the blog's ascent started from a photo. On a photo's 0-255 scale the blog's
# 20 steps of 1.0 move a pixel by ~20 grey levels (RMS), which barely shows; 3.0 makes the
# filter's pattern visible while the photo stays recognisable (our choice, not the blog's).
FILTER_DREAM_STEP = 3.0
# The filters of the filter_dream figure: (layer, filter), low to high layers; the write-up
# used block5_conv3 filter 0 on its cat.
FILTER_DREAM_FILTERS = (("conv3_1", 0), ("conv4_1", 0), ("conv4_3", 0),
                        ("conv5_1", 0), ("conv5_2", 0), ("conv5_3", 0), ("conv5_3", 1))

# Deep dream with octaves (the Keras deep_dream example and the Inceptionism recipe): the
# image is dreamed at `octaves` sizes, each 1.4x the previous, smallest first; the detail lost
# by shrinking is put back before each larger octave.
DREAM_LAYER = "conv4_3"
DREAM_SIZE = 512
DREAM_OCTAVES = 3
DREAM_OCTAVE_SCALE = 1.4
DREAM_STEPS = 10  # ascent steps per octave
DREAM_STEP_SIZE = 1.5  # in units of the normalised gradient (RMS 1), on the 0-255 scale
DREAM_MIN_SIZE = MIN_INPUT_SIZE  # VGG16's five poolings need 32 pixels: smaller octaves are refused
# Regularizers of the course chapter. Its text is cut off before the numbers, so
# these defaults are ours; each is off unless asked for (decay 1.0, blur 0, clip 0, levels 0).
MAX_NORM_EPSILON = 1e-8  # g / (max|g| + 1e-8): the chapter's max-abs normalisation
DREAM_DECAY = 0.99  # x *= decay after each step (pulls the image back to the mean)
DREAM_BLUR_SIGMA = 0.5  # Gaussian blur of the image, in pixels
DREAM_BLUR_EVERY = 4  # blur every n-th step
BLUR_TRUNCATE = 3.0  # the Gaussian kernel reaches 3 sigma (scipy.ndimage's default is 4)
DREAM_CLIP_PERCENTILE = 50.0  # zero gradient entries below this percentile of |g|
LAPLACIAN_LEVELS = 4  # bands of the Laplacian-pyramid normalisation (Inceptionism: 4)
LAPLACIAN_KERNEL_1D = (1.0, 4.0, 6.0, 4.0, 1.0)  # binomial 5-tap, / 16 per axis
LAPLACIAN_EPSILON = 1e-8  # band / max(rms, 1e-8)
DREAM_JITTER = 16  # random roll of the image by up to this many pixels each step, seeded
# Bounds of the dream arguments: beyond them a run is a mistake rather than a choice.
DREAM_MAX_SIZE = 4096  # pixels per side (a 4096^2 VGG16 step needs ~10 GB)
LAPLACIAN_MAX_LEVELS = 8  # 2^8 = 256: coarser bands of a <= 4096 image are a few pixels
BLUR_MAX_SIGMA = 10.0  # pixels
JITTER_MAX = 256  # pixels
FILTER_DREAM_COLS = 4  # cells per row of a filter-dream grid (the photo is the first cell)
# The infinite zoom (the course chapter's "Infinite Zoom / Fractal"): each frame is the previous
# one's centre 1/ZOOM_SCALE, scaled back up to the full size and dreamed again. Our numbers: 5%
# per frame is a slow, steady zoom at 10 frames a second; one octave of 5 steps per frame keeps
# the image from dissolving into the layer's pattern within a few frames.
ZOOM_SCALE = 1.05
ZOOM_FRAMES = 20
ZOOM_OCTAVES = 1
ZOOM_STEPS = 5
ZOOM_SIZE = 256
ZOOM_FPS = 10  # of the animated GIF
ZOOM_MAX_SCALE = 2.0  # a larger zoom per frame is a jump, not a zoom
ZOOM_MAX_FRAMES = 10000
# The 3-octave 512x512 deep dream at block4_conv3 must finish within this (the README's figure).
DREAM_BUDGET_S = 60.0

# Gradient map: the gradient of a filter's mean activation (or a class probability) with
# respect to the input, shown as max |g| over the channels, scaled so its 99.5th percentile is
# white (a few extreme pixels would otherwise make the rest black).
GRADIENT_MAP_PERCENTILE = 99.5
GRADIENT_MAP_CLASS = 281  # "tabby cat" (n02123045): the class of the bundled cat photo


NORMS = ("rms", "max", "laplacian")  # the gradient normalisations of a dream step


def check_conv(name):
    """A conv layer name (either spelling), or a one-line error: deep dream climbs conv layers."""
    if find_layer(name).kind != "conv":
        raise ArgumentError(f"--layer {name}: deep dream needs a conv layer (conv1_1 ... conv5_3)")


def parse_layer_weights(items):
    """['conv4_3', 'conv5_1:0.5'] -> [('conv4_3', 1.0), ('conv5_1', 0.5)]; conv layers only."""
    out = []
    for item in items:
        name, _, w = item.partition(":")
        check_conv(name)
        try:
            weight = float(w) if w else 1.0
        except ValueError:
            raise ArgumentError(f"--layer {item!r}: expected NAME or NAME:WEIGHT, e.g. conv5_1:0.5") from None
        if not np.isfinite(weight):
            raise ArgumentError(f"--layer {item!r}: the weight must be a finite number")
        out.append((name, weight))
    return out


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
    levels: int = LAPLACIAN_LEVELS
    clip_percentile: float = 0.0
    decay: float = 1.0
    blur_sigma: float = 0.0
    blur_every: int = DREAM_BLUR_EVERY
    clip_image: bool = True
    jitter: int = 0

    def check(self):
        if self.norm not in NORMS:
            raise ArgumentError(f"--norm {self.norm!r}: expected rms, max or laplacian")
        if int(self.levels) != self.levels or not 1 <= self.levels <= LAPLACIAN_MAX_LEVELS:
            raise ArgumentError(f"--levels {self.levels}: expected 1..{LAPLACIAN_MAX_LEVELS} "
                                "pyramid levels")
        if not 0 <= self.clip_percentile < 100:
            raise ArgumentError(f"--clip {self.clip_percentile}: expected a percentile in [0, 100)")
        if not 0 < self.decay <= 1:
            raise ArgumentError(f"--decay {self.decay}: expected 0 < decay <= 1 (1 is off)")
        if not 0 <= self.blur_sigma <= BLUR_MAX_SIGMA:
            raise ArgumentError(f"--blur {self.blur_sigma}: expected a sigma in "
                                f"[0, {BLUR_MAX_SIGMA:g}] pixels")
        if int(self.blur_every) != self.blur_every or self.blur_every < 1:
            raise ArgumentError(f"--blur-every {self.blur_every}: expected a positive whole number")
        if int(self.jitter) != self.jitter or not 0 <= self.jitter <= JITTER_MAX:
            raise ArgumentError(f"--jitter {self.jitter}: expected 0..{JITTER_MAX} pixels")
        return self


def octave_shapes(hw, octaves, scale=DREAM_OCTAVE_SCALE):
    """[(h, w) of the smallest octave, ..., (H, W)]: each octave `scale` times the previous."""
    if int(octaves) != octaves or octaves < 1:
        raise ArgumentError(f"--octaves {octaves}: expected a positive whole number")
    if not scale > 1:
        raise ArgumentError(f"--octave-scale {scale}: expected a scale above 1")
    shapes = [tuple(int(round(s / scale ** i)) for s in hw) for i in reversed(range(int(octaves)))]
    if min(shapes[0]) < DREAM_MIN_SIZE:
        raise ArgumentError(f"--octaves {octaves}: the smallest octave would be {shapes[0]}, below "
                            f"VGG16's {DREAM_MIN_SIZE} pixels; use fewer octaves or a larger --size")
    return shapes


def check_zoom(frames, scale):
    if int(frames) != frames or not 1 <= frames <= ZOOM_MAX_FRAMES:
        raise ArgumentError(f"--frames {frames}: expected 1..{ZOOM_MAX_FRAMES}")
    if not 1 < scale <= ZOOM_MAX_SCALE:
        raise ArgumentError(f"--zoom {scale}: expected a scale per frame above 1 and at most "
                            f"{ZOOM_MAX_SCALE:g} (e.g. {ZOOM_SCALE})")
