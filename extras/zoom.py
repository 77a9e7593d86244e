"""The course chapter's "Infinite Zoom / Fractal": deep dream (extras/dream.py) applied again and
again to a zoomed-in crop of its own output. Images are (H, W, 3) network input.
"""

import numpy as np
import tensorflow as tf

from common.images import DEFAULT_SEED
from extras import settings as S
from extras.dream import deep_dream
from extras.settings import Regularizers, check_zoom


def zoom_in(x, scale):
    """The centre 1/scale of x (H, W, 3), scaled back up to (H, W) with bilinear interpolation."""
    h, w = x.shape[:2]
    ch, cw = max(1, int(round(h / scale))), max(1, int(round(w / scale)))
    top, left = (h - ch) // 2, (w - cw) // 2
    crop = np.asarray(x, np.float32)[None, top: top + ch, left: left + cw]  # (1, ch, cw, 3)
    return tf.image.resize(crop, (h, w), method="bilinear")[0].numpy()


def infinite_zoom(step_fns, x0, frames=S.ZOOM_FRAMES, zoom=S.ZOOM_SCALE, octaves=S.ZOOM_OCTAVES,
                  steps=S.ZOOM_STEPS, step=S.DREAM_STEP_SIZE, scale=S.DREAM_OCTAVE_SCALE,
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
