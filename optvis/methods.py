"""The methods a filter can be visualised with, by name, and their defaults.

- `2016`: the blog's method (legacy/ and modern/ keep it as it was): 20 RMS-normalised
  raw-pixel steps of size 1 from grey noise.
- `fourier`: lucid's recipe (Olah, Mordvintsev and Schubert, "Feature Visualization", Distill
  2017): optvis/fourier.py, lucid's standard transforms (optvis/transforms.py), Adam with
  lucid's learning rate 0.05; 128 steps (lucid renders 512; 128 gave frame-filling textures on
  this VGG16 and keeps a filter at seconds on a CPU).
- `maco`: Fel et al. (NeurIPS 2023) as xplique runs it: optvis/maco.py, random crops with noise
  0.08, Nadam with xplique's learning rate 1.0. Changed for a CPU: 4 crops a step (xplique: 32)
  and 128 steps (xplique: 256), the picture the model input's size (xplique: 512 px).

Nothing here imports TensorFlow: the command line checks --method and reads its defaults at once
(optvis/fourier.py and optvis/maco.py, which import it, when a parameterisation is made).
"""

import dataclasses

import numpy as np

from common.ascent import ASCENT_STEP_SIZE, ASCENT_STEPS
from common.errors import ArgumentError
from common.images import bgr_to_rgb
from common.photos import to_rgb_uint8
from optvis import transforms
from optvis.optimizers import Adam, Nadam

BLOG = "2016"
METHODS = (BLOG, "fourier", "maco")
DEFAULT_METHOD = BLOG
MACO_NOISE = 0.08  # xplique's noise_intensity


@dataclasses.dataclass(frozen=True)
class Method:
    name: str
    steps: int  # default number of steps
    step: float  # default step size (2016) or learning rate
    optimizer: type = None
    crops: int = 1  # pictures the network sees per filter and step
    fill: float = transforms.PAD_FILL  # what the network sees outside the picture

    def parameterisation(self, n, spectrum_folder=None):
        """The N x N picture's parameterisation (MACO's magnitude made or read from its cache)."""
        if self.name == "fourier":
            from optvis.fourier import FourierParam

            return FourierParam(n)
        if self.name == "maco":
            from optvis.maco import CACHE_DIR, MacoParam, natural_spectrum

            return MacoParam(n, natural_spectrum(n, spectrum_folder or CACHE_DIR))
        raise ValueError(f"method {self.name}: raw pixels, no parameterisation (legacy/, modern/)")

    def draw(self, rng, n, size, step, steps):
        """(affine (crops, 2, 3), noise (crops, size, size, 3)) of one filter at one step."""
        if self.name == "fourier":
            return transforms.lucid_affine(rng, n, size)[None], np.zeros((1, size, size, 3), np.float32)
        box = transforms.box_size(step, steps)
        affine = np.stack([transforms.crop_affine(rng, n, size, box) for _ in range(self.crops)])
        return affine, transforms.crop_noise(rng, self.crops, size, MACO_NOISE)


TABLE = {
    BLOG: Method(BLOG, ASCENT_STEPS, ASCENT_STEP_SIZE),
    "fourier": Method("fourier", 128, 0.05, Adam),
    "maco": Method("maco", 128, 1.0, Nadam, crops=4, fill=transforms.CROP_FILL),
}


def check_method(name, flag="--method"):
    """The Method called `name`; a one-line error naming the choices otherwise."""
    if name not in TABLE:
        raise ArgumentError(f"{flag} {name!r}: expected one of {', '.join(METHODS)} "
                            f"(default {DEFAULT_METHOD})")
    return TABLE[name]


def with_defaults(name, steps=None, step=None):
    """(steps, step) of a run of method `name`: the values given, else the method's defaults."""
    method = check_method(name)
    return (method.steps if steps is None else steps), (method.step if step is None else step)


def check_no_start(start, method, flag="--image"):
    """A start photo is the 2016 method's ("Convnet dreams"); the others start from their seeds."""
    if start is not None and method != BLOG:
        raise ArgumentError(f"{flag}: a start photo goes with --method {BLOG} only; --method {method} "
                            f"starts from its own seeded parameters (drop {flag} or the method)")


def method_deprocess(pipeline, method):
    """x (the network's input in the pipeline's layout) -> (H, W, 3) uint8 as saved: the 2016
    deprocess_image (centred, std 0.1) for 2016; for the others the picture's own pixels (the
    Caffe means added back, no stretch), in the network's BGR order as the 2016 pictures are
    saved (--rgb swaps)."""
    if method == BLOG:
        return pipeline.deprocess_image
    return lambda x: bgr_to_rgb(to_rgb_uint8(pipeline.to_nhwc(x)))
