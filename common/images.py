"""Image pieces that do not depend on the layout: the seeded start image, the 2016
`deprocess_image`, the companion script's grid, the "synthetic weights" mark, and PNG + JSON
sidecar output. Arrays here are channels-last (H, W, 3); the pipelines convert at their edge.
"""

import dataclasses
import io
import os

import numpy as np

from common.errors import ArgumentError
from common.files import write_bytes
from common.layers import INPUT_CHANNELS

# PIL and imageio are imported where a picture is drawn or encoded: every command imports this
# module at start, and `--help` and argument errors answer without them.

# Input convention of the Caffe-trained VGG16: per-channel means in B, G, R order on a 0-255
# scale; the network sees BGR.
BGR_MEAN = (103.939, 116.779, 123.68)
# The 2016 start image and deprocessing.
NOISE_SCALE = 20.0  # start image: uniform[0, 1) * 20 + 128
NOISE_OFFSET = 128.0
DEPROCESS_EPSILON = 1e-5  # x / (std + 1e-5)
DEPROCESS_STD = 0.1
GRID_MARGIN = 5  # pixels between grid cells
DEFAULT_SEED = 0

MARK_HEIGHT = 14  # pixels of a strip of text added under a figure (mark)
SYNTHETIC_MARK = ("synthetic weights (untrained VGG16)", "synthetic", (255, 230, 0))  # text, short, colour
# A single filter that stayed at 0 from the start image: its picture is the start noise unchanged
DEAD_MARK = ("dead filter: 0 from the start image", "dead filter", (200, 200, 200))
# A grid cell with no filter to show (fewer live filters than cells): dark grey, crossed, labelled
# where the label fits, so it is never taken for a black picture
MISSING_CELL = ("no live filter", (48, 48, 48), (112, 112, 112))  # label, ground, cross and label


def check_seed(seed, flag="--seed"):
    """A seed numpy accepts: a whole number >= 0 (a negative one would fail deep in a run)."""
    if isinstance(seed, bool) or int(seed) != seed or seed < 0:
        raise ArgumentError(f"{flag} {seed}: expected a whole number >= 0, e.g. {flag} 0")
    return int(seed)


def initial_image(size, seed=DEFAULT_SEED, index=0):
    """The blog's start image, (H, W, 3) float32: uniform[0, 1) * 20 + 128 (grey noise).

    Seeded by (seed, index), so every filter or class gets its own noise, the same in both
    pipelines (the legacy start is this array transposed to (3, H, W)) and in every run.
    """
    h, w = (size, size) if np.isscalar(size) else size
    rng = np.random.default_rng((int(seed), int(index)))
    return (rng.random((h, w, INPUT_CHANNELS)) * NOISE_SCALE + NOISE_OFFSET).astype(np.float32)


def deprocess_hwc(x):
    """The 2016 deprocess_image on an (H, W, 3) array: centre, std 0.1, +0.5, clip, x255, uint8."""
    x = np.array(x, dtype=np.float64)  # a copy: the 2016 function worked in place
    x -= x.mean()
    x /= x.std() + DEPROCESS_EPSILON
    x *= DEPROCESS_STD
    x += 0.5
    x = np.clip(x, 0, 1)
    x *= 255
    return np.clip(x, 0, 255).astype("uint8")


def bgr_to_rgb(img):
    """Swap the channel order of an (H, W, 3) image (the network sees BGR)."""
    return np.ascontiguousarray(img[..., ::-1])


def stitch(images, rows, cols, margin=GRID_MARGIN):
    """rows x cols grid of equal (H, W, 3) uint8 images with black margins; missing cells stay black.

    Size: (rows * H + (rows - 1) * margin, cols * W + (cols - 1) * margin, 3), e.g. 1059 x 1059
    for the 8x8 grid of 128x128 filters.
    """
    if not images:
        raise ValueError("stitch needs at least one image")
    h, w, c = images[0].shape
    grid = np.zeros((rows * h + (rows - 1) * margin, cols * w + (cols - 1) * margin, c), np.uint8)
    for n, img in enumerate(images[: rows * cols]):
        i, j = divmod(n, cols)
        grid[i * (h + margin): i * (h + margin) + h, j * (w + margin): j * (w + margin) + w] = img
    return grid


def missing_cell(h, w):
    """The (h, w, 3) uint8 cell a grid shows where it has no live filter left (MISSING_CELL)."""
    from PIL import Image, ImageDraw, ImageFont

    label, ground, ink = MISSING_CELL
    cell = Image.new("RGB", (w, h), ground)
    draw = ImageDraw.Draw(cell)
    draw.line([(0, 0), (w - 1, h - 1)], fill=ink)
    draw.line([(0, h - 1), (w - 1, 0)], fill=ink)
    font = ImageFont.load_default(size=10)
    width = draw.textlength(label, font=font)
    if width <= w - 4 and h >= 30:  # under the crossing, on a patch of ground
        x, y = (w - width) / 2, h / 2 + 6
        draw.rectangle([x - 2, y - 1, x + width + 2, y + 12], fill=ground)
        draw.text((x, y), label, fill=ink, font=font)
    return np.asarray(cell)


def mark(img, what):
    """Add a strip of text under the image: `what` is (text, shorter text for a narrow image,
    strip colour), e.g. SYNTHETIC_MARK or DEAD_MARK."""
    from PIL import Image, ImageDraw, ImageFont

    text, short, colour = what
    h, w, _ = img.shape
    canvas = Image.new("RGB", (w, h + MARK_HEIGHT), colour)
    canvas.paste(Image.fromarray(img), (0, 0))
    draw = ImageDraw.Draw(canvas)
    font = ImageFont.load_default(size=10)
    label = text if draw.textlength(text, font=font) <= w - 4 else short
    draw.text((2, h + 1), label, fill=(0, 0, 0), font=font)
    return np.asarray(canvas)


def mark_synthetic(img):
    """Add the strip that says the figure was made from synthetic weights."""
    return mark(img, SYNTHETIC_MARK)


def png_bytes(img):
    """PNG encoding of an (H, W, 3) uint8 array (deterministic: same array, same bytes)."""
    import imageio.v3 as iio

    buf = io.BytesIO()
    iio.imwrite(buf, img, extension=".png")
    return buf.getvalue()


def save_figure(out_dir, stem, img, sidecar, synthetic, write=write_bytes):
    """Write `stem`.png (with the dead-filter and synthetic marks where they apply) and
    `stem`.json, its Sidecar (common/sidecar.py), each atomically with `write(path, bytes)`
    (common/files.py's write_bytes, or update_bytes to leave unchanged files alone).

    Returns the PNG path. The JSON sidecar is written last, so a PNG with its sidecar is complete.
    """
    os.makedirs(out_dir, exist_ok=True)
    if sidecar.kind == "filter" and sidecar.dead:  # one filter, dead: say so on the picture
        img = mark(img, DEAD_MARK)
    if synthetic:
        img = mark_synthetic(img)
    png = os.path.join(out_dir, f"{stem}.png")
    write(png, png_bytes(img))
    sidecar = dataclasses.replace(sidecar, details={**sidecar.details, "png": os.path.basename(png),
                                                    "synthetic": bool(synthetic)})
    write(os.path.join(out_dir, f"{stem}.json"), sidecar.to_json().encode())
    return png
