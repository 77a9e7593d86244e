"""Decorrelated colour: the 3x3 colour-correlation matrix of natural images, as lucid uses it.

What it reproduces: lucid's `optvis/param/color.py` (Olah, Mordvintsev and Schubert, "Feature
Visualization", Distill 2017): the square root of ImageNet's RGB colour covariance, from its
singular value decomposition, with each column divided by the largest column norm. These are
lucid's numbers (also lucent's and, transposed, xplique's `recorrelate_colors`), not measured
here. A picture is optimised in the decorrelated space; `recorrelate` maps it back to RGB:
rgb = t @ M.T for t of shape (..., 3).
"""

import numpy as np
import tensorflow as tf

# lucid's color_correlation_svd_sqrt (rows: R, G, B)
COLOR_CORRELATION_SVD_SQRT = np.array([[0.26, 0.09, 0.02],
                                       [0.27, 0.00, -0.05],
                                       [0.27, -0.09, 0.03]], np.float32)
MAX_NORM_SVD_SQRT = np.max(np.linalg.norm(COLOR_CORRELATION_SVD_SQRT, axis=0))
# (3, 3): the matrix applied on the right, t_flat @ RECORRELATE (lucid: @ normalized.T)
RECORRELATE = (COLOR_CORRELATION_SVD_SQRT / MAX_NORM_SVD_SQRT).T.astype(np.float32)


def recorrelate(t):
    """(..., 3) decorrelated colour -> (..., 3) RGB (before the sigmoid); a TensorFlow tensor."""
    return tf.tensordot(t, tf.constant(RECORRELATE, t.dtype), axes=1)


def decorrelate(rgb):
    """The inverse, in numpy: (..., 3) RGB (before the sigmoid) -> (..., 3) decorrelated."""
    return np.asarray(rgb, np.float64) @ np.linalg.inv(RECORRELATE.astype(np.float64))
