"""The bench's lucent peer: lucid's Fourier feature visualisation as lucent (torch-lucent 0.1.8,
PyTorch) renders it, on the VGG16 the PyTorch peer builds (bench/torch_peer.py: the same arrays).

All of the recipe is lucent's own code: `param.image(size, batch=B)` (each picture its 1/f-scaled
spectrum, sd 0.01, in decorrelated colour, through a sigmoid), the objective
`Objective.sum([channel(layer, f_b, batch=b) ...])` (picture b climbs its filter's mean
activation: lucent's way to render a batch of filters), `transform.standard_transforms` (pad 12,
jitter 8, random scale 0.9-1.1, random rotate -10..10 degrees, jitter 4; lucent draws them once
for the whole batch) and Adam at 0.05. The loop is the body of lucent's `render_vis` (zero_grad;
the transformed picture through the model; the objective; backward; step) without its progress
bar and picture display, which import IPython. Two things are ours, as render_vis lets a caller
choose them: the picture becomes the network's input as optvis/render.py makes it (RGB in 0..1 ->
BGR x 255 minus the Caffe means), where lucent would apply torchvision's normalisation for
torchvision's models; and it is resized to the model's input (render_vis's `fixed_image_size`:
bilinear, corners aligned), where lucent would upsample to 224.

Installed for the bench only (requirements-bench.txt, requirements-bench-nodeps.txt);
`unavailable()` says in one line why it cannot run here, or None.
"""

import dataclasses
import importlib.util
import sys
import types

import numpy as np

from common.images import BGR_MEAN

# lucent and torch are imported inside the functions that use them: they are installed for the
# bench only, lucent needs the torchvision stand-in in place first, and `python -m bench.methods`
# imports this module at start, where `--help` and argument errors answer without them.

LEARNING_RATE = 0.05  # render_vis's default Adam
PIXEL_MAX = 255.0
INSTALL = "pip install -r requirements-bench.txt && pip install --no-deps -r requirements-bench-nodeps.txt"


def unavailable():
    """None when lucent can run here; otherwise one line saying what is missing."""
    missing = [name for name, module in (("torch", "torch"), ("torch-lucent", "lucent"), ("kornia", "kornia"),
                                         ("decorator", "decorator"))
               if importlib.util.find_spec(module) is None]
    if missing:
        return f"lucent: {', '.join(missing)} not installed ({INSTALL}; make bench does)"
    try:
        _lucent()
    except Exception as e:  # any failure of a 2021 package on today's torch: said in one line
        return f"lucent: cannot be loaded: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
    return None


def _torchvision_stand_in():
    """lucent's transform module imports torchvision's Normalize for its `normalize()` (the input
    scaling of torchvision's models), which this bench does not use. The registry's torchvision
    for Linux is built against CUDA torch and fails to import beside the CPU build 2.13.0+cpu
    ("operator torchvision::nms does not exist"), so where no torchvision is installed a
    stand-in module answers that import; its Normalize refuses to be used."""
    if "torchvision" in sys.modules or importlib.util.find_spec("torchvision") is not None:
        return

    class Normalize:
        def __init__(self, *args, **kwargs):
            raise RuntimeError("torchvision is not installed: the bench gives lucent its own input scaling")

    package, transforms = types.ModuleType("torchvision"), types.ModuleType("torchvision.transforms")
    transforms.Normalize = Normalize
    package.transforms = transforms
    sys.modules.update({"torchvision": package, "torchvision.transforms": transforms})


def _lucent():
    """lucent's (param, objectives, transform) modules."""
    _torchvision_stand_in()
    from lucent.optvis import objectives, param, transform

    return param, objectives, transform


def network_input(rgb):
    """(B, 3, S, S) RGB in 0..1 -> the network's input: BGR x 255 minus the Caffe means (a torch tensor)."""
    import torch

    mean = torch.tensor(BGR_MEAN, dtype=rgb.dtype).view(1, 3, 1, 1)
    return rgb.flip(1) * PIXEL_MAX - mean


@dataclasses.dataclass
class Rendered:
    """lucent's pictures after the last step and the objective it climbed."""
    pictures: np.ndarray  # (B, S, S, 3) RGB in 0..1, NHWC as ours
    values: np.ndarray  # (B,) each filter's mean activation at the last step, on its transformed picture


def render(net, layer, filters, size, steps, seed=0, lr=LEARNING_RATE):
    """`steps` steps of lucent's Fourier recipe on a batch of `filters` of `layer` (picture b
    climbs filter filters[b]); the model's input is size x size."""
    import torch

    param, objectives, transform = _lucent()
    torch.manual_seed(seed)  # lucent's start spectrum
    np.random.seed(seed)  # and its transforms' draws
    params, image_f = param.image(size, batch=len(filters))  # fft and decorrelate: lucent's defaults
    optimizer = torch.optim.Adam(params, lr=lr)
    objective = objectives.Objective.sum([objectives.channel(layer, f, batch=b)
                                          for b, f in enumerate(filters)])
    transform_f = transform.compose(transform.standard_transforms + [
        network_input, torch.nn.Upsample(size=size, mode="bilinear", align_corners=True)])
    features = {}

    def hook(name):  # lucent's model hook, for the one layer this net ends at
        if name != layer:
            raise KeyError(f"the peer's network ends at {layer}, not {name}")
        return features[layer]

    for _ in range(steps):
        optimizer.zero_grad()
        features[layer] = net(transform_f(image_f()))
        loss = objective(hook)  # minus the sum of each picture's own filter mean
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        act = features[layer]
        values = act[torch.arange(len(filters)), torch.as_tensor(filters)].mean(dim=(1, 2))
        pictures = image_f().permute(0, 2, 3, 1)
    return Rendered(pictures.numpy().copy(), values.numpy().copy())
