"""Loading Baraldi's 2016 weight file into the legacy (channels-first) VGG16.

What it reproduces: the blog's loop over `layer_{k}` / `param_{p}` that copied each layer's
arrays into `model.layers[k]`, minus its silent `break` when the file had more layers than the
conv-only model. Here the layer count and every shape are checked before anything is set, and a
37-layer file serves the 31-layer model by reading only the conv layers, on purpose.

Kernels: Theano computed true convolutions, so Baraldi's kernels are flipped 180 degrees for
TensorFlow's cross-correlation (kernels="theano", the default); kernels="tensorflow" only
transposes, as Keras 1 on the TensorFlow backend did in 2016.
"""

import warnings

from common.ascent import forget_compiled
from common.errors import ProjectWarning
from common.layers import vgg16_layers
from common.layout import THEANO, check_kernels
from weights.baraldi import read_baraldi
from weights.convert import KERNEL, convert_params
from weights.h5files import LEGACY, MODERN, WeightSet, check_weight_set
from weights.reference import FLIPPED, UNFLIPPED, is_real_vgg16, kernel_orientation

__all__ = ["load_weights"]

def load_weights(model, path, kernels=THEANO):
    """Set the weights of a legacy.build_vgg16 model from a Baraldi-layout file (a path, or the
    WeightSet read_baraldi made of it, so that a command line can check the file before it
    starts TensorFlow).

    Returns a summary of the file (path, layout, has_top, synthetic seed).
    """
    check_kernels(kernels)
    include_top = any(layer.name == "fc6" for layer in model.layers)
    specs = vgg16_layers(include_top)
    names = [layer.name for layer in model.layers]
    assert names == [s.legacy_name for s in specs], f"not a legacy VGG16 model: {names}"
    if isinstance(path, WeightSet):
        ws = check_weight_set(path, LEGACY, include_top)
    else:
        ws = read_baraldi(path, include_top=include_top)
    _warn_if_orientation_mismatch(ws, kernels)
    # Keras 3 takes (3, 3, in, out) kernels even channels-first: the KERNEL aspect only; fc6's rows
    # stay in the channels-first flatten order of this model.
    params = convert_params(ws.params, MODERN, kernels, include_top, aspects=(KERNEL,))
    for spec in specs:
        if spec.has_params:
            model.layers[spec.index].set_weights(params[spec.legacy_name])
    forget_compiled(model)  # steps made before hold the old weights as constants
    return ws.summary(kernels=kernels)


def _warn_if_orientation_mismatch(ws, kernels):
    """Real weights tell their kernel orientation (conv1_1 matches the keras file's kernels as
    stored, or flipped as Theano convolved them: weights/reference.py); warn on a mismatch."""
    if not is_real_vgg16(ws):
        return
    orientation = kernel_orientation(ws)
    if kernels == THEANO and orientation == UNFLIPPED:
        warnings.warn(
            f"{ws.path}: these real VGG16 kernels look unflipped (conv1_1 matches the keras file's "
            f"orientation, not Baraldi's Theano-flipped one); load them with kernels=\"tensorflow\" "
            f"(--kernels tensorflow), or flipping them makes another network",
            ProjectWarning, stacklevel=3,
        )
    elif kernels != THEANO and orientation == FLIPPED:
        warnings.warn(
            f"{ws.path}: these real VGG16 kernels are Theano-flipped (Baraldi's original); load "
            f"them with kernels=\"theano\" (--kernels theano)",
            ProjectWarning, stacklevel=3,
        )
