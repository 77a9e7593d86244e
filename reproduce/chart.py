"""A small line chart of loss curves as an image array, for the report's style-transfer figure
(Pillow, already a dependency, draws it: no plotting library for one chart)."""

import numpy as np
from PIL import Image, ImageDraw, ImageFont

COLOURS = {"content": (200, 30, 30), "style": (30, 140, 30), "tv": (30, 60, 200),
           "total": (0, 0, 0)}
MARGIN = 6  # pixels around the plot area


def loss_chart(series, height, width):
    """(height, width, 3) uint8: each series of `series` ({name: [values per step]}) as log10 of
    its values against the step, scaled to its own range (the curves differ by orders of
    magnitude; their shapes are what the chart shows), with a legend "name start -> end".
    Non-positive or non-finite values are left out of a curve."""
    img = Image.new("RGB", (width, height), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default(size=10)
    x0, x1, y0, y1 = MARGIN, width - MARGIN, MARGIN, height - MARGIN
    draw.rectangle((x0, y0, x1, y1), outline=(160, 160, 160))
    for name, values in series.items():
        v = np.asarray(values, np.float64)
        steps = np.arange(len(v))
        ok = np.isfinite(v) & (v > 0)
        colour = COLOURS.get(name, (120, 120, 120))
        if ok.sum() >= 2:
            logv = np.log10(v[ok])
            lo, hi = logv.min(), logv.max()
            ys = y1 - (logv - lo) / (hi - lo if hi > lo else 1.0) * (y1 - y0)
            xs = x0 + steps[ok] / max(1, len(v) - 1) * (x1 - x0)
            draw.line(list(zip(xs.tolist(), ys.tolist())), fill=colour, width=2)
    for n, (name, values) in enumerate(series.items()):  # after every curve: on top of them
        v, colour = np.asarray(values, np.float64), COLOURS.get(name, (120, 120, 120))
        if len(v):  # the legend, mid-height on a white box: falling curves hug the corners
            at = (x0 + (x1 - x0) // 4, (y0 + y1) // 2 - 24 + 12 * n)
            text = f"{name} {v[0]:.3g} -> {v[-1]:.3g}"
            draw.rectangle(draw.textbbox(at, text, font=font), fill=(255, 255, 255))
            draw.text(at, text, fill=colour, font=font)
    return np.asarray(img)
