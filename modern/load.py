"""Loading a keras.applications-layout weight file into the modern VGG16.

Keras's own `load_weights` needs the file's layers to match the model's one for one, so a full
file cannot serve the conv-only model. This reader checks the layer set and every shape first,
then sets each layer by name, so that one download serves both models.
"""

from common.ascent import forget_compiled
from common.layers import param_layers
from weights.h5files import MODERN, WeightSet, check_weight_set
from weights.keras_file import read_keras

__all__ = ["load_weights"]

def load_weights(model, path):
    """Set the weights of a modern.build_vgg16 model from a keras.applications-layout file (a
    path, or the WeightSet read_keras made of it).

    Returns a summary of the file (path, layout, has_top, synthetic seed).
    """
    include_top = any(layer.name == "fc1" for layer in model.layers)
    if isinstance(path, WeightSet):
        ws = check_weight_set(path, MODERN, include_top)
    else:
        ws = read_keras(path, include_top=include_top)
    for spec in param_layers(include_top):
        model.get_layer(spec.modern_name).set_weights(ws.params[spec.legacy_name])
    forget_compiled(model)  # steps made before hold the old weights as constants
    return ws.summary()
