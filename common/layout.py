"""Every conversion between the 2016 (Theano, channels-first) and modern (TensorFlow,
channels-last) layouts, each in exactly one named function.

- Kernels. Baraldi's file stores conv kernels as (out, in, 3, 3) for Theano, whose conv2d is a
  true convolution (the kernel is rotated 180 degrees before it slides). TensorFlow and Keras 3
  compute cross-correlation with kernels shaped (3, 3, in, out). So a Theano-era kernel is
  flipped on both spatial axes and transposed; Keras 1 on TensorFlow only transposed.
- fc6 rows. The Theano-era Flatten is a C-order reshape of pool5 (512, 7, 7): row c*49 + h*7 + w.
  keras.applications flattens (7, 7, 512): row h*7*512 + w*512 + c.
- Tensors. Images and activations are (N, C, H, W) in 2016 and (N, H, W, C) now.

All functions are exact (pure index permutations): a round trip returns the same bits.
"""

import numpy as np

from common.errors import ArgumentError
from common.layers import POOL5_SHAPE_CHW

# TensorFlow is imported only where a tensor is transposed: the commands import this module at
# start, and `--help` and argument errors answer without TensorFlow.

LEGACY_CHANNEL_AXIS = 1  # (B, C, h, w): Theano's "th" ordering
MODERN_CHANNEL_AXIS = -1  # (B, h, w, C): TensorFlow's "tf" ordering

THEANO = "theano"  # kernels stored for a true convolution (Baraldi's file): flip + transpose
TENSORFLOW = "tensorflow"  # kernels stored for cross-correlation (Keras 1 on TF): transpose only
KERNEL_CONVENTIONS = (THEANO, TENSORFLOW)


def check_kernels(kernels):
    """Validate a kernel-convention argument."""
    if kernels not in KERNEL_CONVENTIONS:
        raise ArgumentError(
            f"kernels={kernels!r}: expected one of {KERNEL_CONVENTIONS} "
            "('theano' for Baraldi's original file, 'tensorflow' for an unflipped one)"
        )
    return kernels


def legacy_kernel_to_modern(w_oihw, kernels=THEANO):
    """(out, in, kh, kw) 2016 kernel -> (kh, kw, in, out) cross-correlation kernel for Keras 3.

    With kernels="theano" the kernel is first rotated 180 degrees, so that cross-correlation with
    the result equals Theano's true convolution with the stored kernel.
    """
    check_kernels(kernels)
    w = np.asarray(w_oihw)
    if kernels == THEANO:
        w = w[:, :, ::-1, ::-1]
    return np.ascontiguousarray(w.transpose(2, 3, 1, 0))


def modern_kernel_to_legacy(w_hwio, kernels=THEANO):
    """(kh, kw, in, out) Keras 3 kernel -> (out, in, kh, kw) 2016 kernel; inverse of the above."""
    check_kernels(kernels)
    w = np.asarray(w_hwio).transpose(3, 2, 0, 1)
    if kernels == THEANO:
        w = w[:, :, ::-1, ::-1]
    return np.ascontiguousarray(w)


def fc6_rows_legacy_to_modern(w, pool5_chw=POOL5_SHAPE_CHW):
    """fc6 weights (25088, 4096): rows in (c, h, w) order -> rows in (h, w, c) order."""
    c, h, wd = pool5_chw
    w = np.asarray(w)
    units = w.shape[1]
    return np.ascontiguousarray(w.reshape(c, h, wd, units).transpose(1, 2, 0, 3).reshape(-1, units))


def fc6_rows_modern_to_legacy(w, pool5_chw=POOL5_SHAPE_CHW):
    """fc6 weights (25088, 4096): rows in (h, w, c) order -> rows in (c, h, w) order."""
    c, h, wd = pool5_chw
    w = np.asarray(w)
    units = w.shape[1]
    return np.ascontiguousarray(w.reshape(h, wd, c, units).transpose(2, 0, 1, 3).reshape(-1, units))


def _is_tensorflow(x):
    """A TensorFlow tensor (eager, or symbolic in a traced step), told apart without importing it."""
    return type(x).__module__.startswith("tensorflow")


def _tensorflow_transpose(x, axes):
    """x (rank 3 or 4) transposed by TensorFlow with the 4-d `axes` (the batch axis dropped for 3-d)."""
    import tensorflow as tf

    if x.shape.rank not in (3, 4):
        raise ValueError(f"expected a 3-d or 4-d tensor, got shape {x.shape}")
    return tf.transpose(x, axes if x.shape.rank == 4 else [a - 1 for a in axes[1:]])


def identity(x):
    """The modern layout's conversion to and from (N, H, W, C): none, the tensor as it is."""
    return x


def nchw_to_nhwc(x):
    """(N, C, H, W) or (C, H, W) -> (N, H, W, C) or (H, W, C). A TensorFlow tensor (e.g. inside a
    traced step of optvis/) is transposed by TensorFlow, anything else by numpy."""
    if _is_tensorflow(x):
        return _tensorflow_transpose(x, (0, 2, 3, 1))
    x = np.asarray(x)
    if x.ndim == 3:
        return np.ascontiguousarray(x.transpose(1, 2, 0))
    if x.ndim == 4:
        return np.ascontiguousarray(x.transpose(0, 2, 3, 1))
    raise ValueError(f"expected a 3-d or 4-d channels-first array, got shape {x.shape}")


def nhwc_to_nchw(x):
    """(N, H, W, C) or (H, W, C) -> (N, C, H, W) or (C, H, W); a TensorFlow tensor by TensorFlow."""
    if _is_tensorflow(x):
        return _tensorflow_transpose(x, (0, 3, 1, 2))
    x = np.asarray(x)
    if x.ndim == 3:
        return np.ascontiguousarray(x.transpose(2, 0, 1))
    if x.ndim == 4:
        return np.ascontiguousarray(x.transpose(0, 3, 1, 2))
    raise ValueError(f"expected a 3-d or 4-d channels-last array, got shape {x.shape}")
