"""Photos as network input, for the blog's "Convnet dreams" (filters applied to a photo instead of
grey noise), the deep dream and the gradient maps.

A photo is given by a path (any picture imageio reads) or by the name of one that scikit-image
ships as package data (`cat`, `coffee`, `astronaut`, `rocket`), so the defaults work offline.
It is centre-cropped to the wanted aspect, resized, and turned into the network's input: BGR
channels minus the Caffe means, on the 0-255 scale, channels-last (H, W, 3) float32 (the legacy
pipeline transposes at its edge). `to_rgb_uint8` goes back for saving.
"""

import os
import re

import numpy as np

from common.errors import ArgumentError
from common.images import BGR_MEAN, bgr_to_rgb

# scikit-image, imageio and PIL are imported where a photo is read or resized: the commands import
# this module at start, and `--help` and argument errors answer without them.

# Bundled photographs: scikit-image ships them as package data, so they work offline.
# name -> skimage.data function.
BUNDLED_PHOTOS = {"cat": "chelsea", "coffee": "coffee", "astronaut": "astronaut", "rocket": "rocket"}
DEFAULT_PHOTO = "cat"  # the later write-up dreams on a cat photo
PIXEL_MAX = 255.0  # photos are 0-255 before the mean is subtracted

ARG = "--image"


def photo_names():
    return sorted(BUNDLED_PHOTOS)


def load_photo(spec, arg=ARG):
    """(H, W, 3) uint8 RGB of a bundled photo name or an image file path.

    Grey images are repeated to three channels, an alpha channel is dropped, other dtypes are
    scaled to 0-255. Raises ArgumentError (naming `arg`) for a missing or unreadable file.
    """
    if spec in BUNDLED_PHOTOS:
        import skimage.data

        img = getattr(skimage.data, BUNDLED_PHOTOS[spec])()
    else:
        if not os.path.isfile(spec):
            raise ArgumentError(f"{arg} {spec!r}: no such file, and not a bundled photo "
                                f"(choose one of: {', '.join(photo_names())})")
        import imageio.v3 as iio

        try:
            img = iio.imread(spec)
        except Exception as e:  # imageio raises many kinds for a file it cannot decode
            raise ArgumentError(f"{arg} {spec!r}: not a readable image ({type(e).__name__})") from None
    return _as_rgb_uint8(np.asarray(img), spec, arg)


def _as_rgb_uint8(img, spec, arg):
    if img.ndim == 4:  # an animated GIF or multi-page TIFF: the first frame
        img = img[0]
    if img.ndim == 2:
        img = np.repeat(img[..., None], 3, axis=2)
    if img.ndim != 3 or img.shape[2] not in (1, 3, 4) or min(img.shape[:2]) < 1:
        raise ArgumentError(f"{arg} {spec!r}: expected an RGB or grey picture, got shape {img.shape}")
    if img.shape[2] == 1:
        img = np.repeat(img, 3, axis=2)
    img = img[..., :3]
    if img.dtype != np.uint8:
        from skimage.util import img_as_ubyte

        try:
            img = img_as_ubyte(img)
        except ValueError:  # floats outside [-1, 1]: take them as 0-255 values
            img = np.clip(np.rint(img.astype(np.float64)), 0, PIXEL_MAX).astype(np.uint8)
    return np.ascontiguousarray(img)


def resize(rgb, size):
    """Centre-crop (H, W, 3) uint8 to the aspect of `size` ((H, W) or a side) and resize to it
    with Lanczos (deterministic: PIL on the same array gives the same bytes)."""
    from PIL import Image

    h, w = (size, size) if np.isscalar(size) else size
    sh, sw = rgb.shape[:2]
    if sw * h > sh * w:  # too wide: crop the width
        cw = max(1, round(sh * w / h))
        rgb = rgb[:, (sw - cw) // 2: (sw - cw) // 2 + cw]
    elif sw * h < sh * w:  # too tall: crop the height
        ch = max(1, round(sw * h / w))
        rgb = rgb[(sh - ch) // 2: (sh - ch) // 2 + ch]
    if rgb.shape[:2] == (h, w):
        return np.ascontiguousarray(rgb)
    return np.asarray(Image.fromarray(np.ascontiguousarray(rgb)).resize((w, h), Image.LANCZOS))


def to_network(rgb):
    """(H, W, 3) uint8 RGB -> (H, W, 3) float32 network input: BGR minus the Caffe means."""
    return (np.asarray(rgb, np.float32)[..., ::-1] - np.float32(BGR_MEAN)).astype(np.float32)


def to_rgb_uint8(x):
    """(H, W, 3) network input (BGR minus means) -> (H, W, 3) uint8 RGB, clipped to 0-255."""
    bgr = np.asarray(x, np.float64) + np.asarray(BGR_MEAN)
    return bgr_to_rgb(np.clip(np.rint(bgr), 0, PIXEL_MAX).astype(np.uint8))


def photo_input(spec, size, arg=ARG):
    """A photo as (H, W, 3) float32 network input at `size` (a side or (H, W))."""
    return to_network(resize(load_photo(spec, arg), size))


def photo_stem(spec):
    """A short name for output files: the bundled name, or the file's name without extension."""
    if spec in BUNDLED_PHOTOS:
        return spec
    stem = os.path.splitext(os.path.basename(spec))[0]
    return re.sub(r"[^A-Za-z0-9_-]+", "_", stem)[:40] or "image"
