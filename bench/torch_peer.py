"""The bench's PyTorch peer: the blog's gradient-ascent step in PyTorch eager, channels_last.

What lucent and most PyTorch visualisation code run: the same VGG16 (the keras-layout arrays
copied in, kernels (kh, kw, in, out) -> (out, in, kh, kw); both libraries cross-correlate, so no
flip), the same objectives (a filter's mean activation; a class's softmax probability), the same
update (x += step * g / (sqrt(mean(g^2)) + 1e-5), per image). Installed for the bench only
(requirements-bench.txt); `available()` says whether it is here.
"""

import importlib.util

import numpy as np

from common.ascent import GRAD_EPSILON  # the 2016 recipe: g / (sqrt(mean(g^2)) + 1e-5)
from common.layers import conv_layer_names

# torch is imported inside the functions that use it: it is installed for the bench only, and
# `python -m bench` imports this module at start (through bench/peers.py), where `--help` and
# argument errors answer without it.

POOL_AFTER = ("conv1_2", "conv2_2", "conv3_3", "conv4_3", "conv5_3")  # each block's last conv


def available():
    return importlib.util.find_spec("torch") is not None


def _conv_names(layer):
    """The conv layers from conv1_1 up to `layer` (legacy spelling), in order."""
    names = conv_layer_names()
    return names[: names.index(layer) + 1]


def build(params, layer=None, include_top=False, threads=None):
    """A torch VGG16 (eval mode, channels_last, no weight gradients) from a keras-layout
    WeightSet's params {legacy name: [w, b]}: up to conv `layer` (its ReLU output), or the whole
    network with the softmax head when include_top."""
    import torch
    from torch import nn

    if threads:
        torch.set_num_threads(threads)
    mods = []
    for name in _conv_names("conv5_3" if include_top else layer):
        w, b = params[name]  # (3, 3, in, out), (out,)
        conv = nn.Conv2d(w.shape[2], w.shape[3], 3, padding=1)
        conv.weight.data = torch.from_numpy(np.ascontiguousarray(w.transpose(3, 2, 0, 1)))
        conv.bias.data = torch.from_numpy(np.asarray(b))
        mods += [conv, nn.ReLU()]
        if include_top and name in POOL_AFTER:
            mods.append(nn.MaxPool2d(2))
        elif not include_top and name in POOL_AFTER and name != layer:
            mods.append(nn.MaxPool2d(2))
    if include_top:
        mods.append(_Flatten())
        for name in ("fc6", "fc7", "fc8"):
            w, b = params[name]  # (in, out), (out,)
            lin = nn.Linear(w.shape[0], w.shape[1])
            lin.weight.data = torch.from_numpy(np.ascontiguousarray(w.T))
            lin.bias.data = torch.from_numpy(np.asarray(b))
            mods += [lin, nn.ReLU() if name != "fc8" else nn.Softmax(dim=1)]
    model = nn.Sequential(*mods).eval().to(memory_format=torch.channels_last)
    for p in model.parameters():
        p.requires_grad_(False)
    return model


def _Flatten():
    """Flatten as keras does on channels-last features: (B, C, 7, 7) -> (B, 7*7*C) in (h, w, c)
    order, so keras's fc6 rows apply unchanged."""
    from torch import nn

    class Flatten(nn.Module):
        def forward(self, x):
            return x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)

    return Flatten()


def ascent(model, x0_nhwc, indices, steps, step=1.0, kind="filter"):
    """`steps` steps of the blog's update on a batch; returns (losses (steps, B), final (B, H, W, 3)).

    x0_nhwc: (B, H, W, 3) float32 start images (our layout: the channels_last tensor is a view of
    it, no copy). indices: a filter (kind "filter") or class ("class") per image."""
    import torch

    x = torch.from_numpy(np.ascontiguousarray(x0_nhwc, np.float32)).permute(0, 3, 1, 2)
    idx = torch.as_tensor(np.asarray(indices, np.int64))
    rows = torch.arange(len(indices))
    losses = []
    for _ in range(steps):
        x.requires_grad_(True)
        out = model(x)  # (B, C, h, w) channels_last, or (B, 1000) probabilities
        loss = out[rows, idx].mean(dim=(1, 2)) if kind == "filter" else out[rows, idx]
        (g,) = torch.autograd.grad(loss.sum(), x)  # images independent: d sum / d x_b = d loss_b / d x_b
        with torch.no_grad():
            rms = g.square().mean(dim=(1, 2, 3), keepdim=True).sqrt()
            x = x + step * g / (rms + GRAD_EPSILON)
        losses.append(loss.detach().numpy().copy())
    return np.stack(losses), x.detach().permute(0, 2, 3, 1).numpy()


def check_losses(ours, theirs, rtol=1e-5):
    """Raise AssertionError unless the first step's losses agree to `rtol` (relative): the same
    network on the same start images, before any update, so only float32 summation order
    differs (measured ~1e-7). Later steps are not compared: 20 normalised updates let those
    last-bit differences grow, and the peer is checked for doing the same work, not for
    reproducing our last bits."""
    ours, theirs = np.asarray(ours, np.float64), np.asarray(theirs, np.float64)
    worst = float(np.max(np.abs(ours - theirs) / np.maximum(np.abs(ours), 1e-12)))
    if worst > rtol:
        raise AssertionError(f"PyTorch peer: first-step losses differ from ours by {worst:.2e} "
                             f"(relative) > {rtol:.0e}: not the same computation")
    return worst
