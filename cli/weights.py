"""The weights of a command: its --weights flag resolved through the one weight-selection
policy (weights/provision.py) or taken as a file, and read whole through the Pipeline."""

from common.images import DEFAULT_SEED
from common.paths import WEIGHTS_DIR
from weights.provision import CHOICES, CLASS, CONV, provision, source_of


def policy_weights(pipeline, include_top, choice="auto"):
    """Path of the weight file that the policy (`choice` one of weights.provision.CHOICES) picks
    for `pipeline` (a Pipeline) with (class figures) or without (conv figures) the dense head:
    the commands' default --weights. Only that kind of figure is provisioned (a filter run never
    writes the synthetic set that only class figures need). Prints the policy's line and its
    notices."""
    chosen = provision(choice, WEIGHTS_DIR, DEFAULT_SEED, kinds=(CLASS if include_top else CONV,))
    print(chosen.line())
    for notice in chosen.notices:
        print(notice)
    return chosen.for_model(include_top).path(pipeline.name)


def weights_for(spec, pipeline, include_top):
    """(path, WeightSet read and checked, weights_source) for a command's --weights `spec`:
    None or a choice of the policy (auto, imagenet, trained, synthetic) goes through
    policy_weights; anything else is a weight file. The file is read whole (pipeline.read_weights)
    before TensorFlow starts, so a bad one fails in a second."""
    path = spec
    if spec is None or spec in CHOICES:
        path = policy_weights(pipeline, include_top, spec or "auto")
    ws = read_weights(pipeline, path, include_top)
    return path, ws, source_of(ws)


def read_weights(pipeline, path, include_top):
    """The whole weight file at `path`, read and checked in `pipeline`'s layout (layers, shapes,
    finite values) before TensorFlow starts: a bad file fails in a second, not after the model
    was built."""
    return pipeline.read_weights(path, include_top)
