"""`python -m weights info FILE`: what a weight file holds and whether it is the real VGG16."""

import os

from common.files import md5sum
from common.layers import param_layers
from weights.convert import read_any
from weights.h5files import LAYOUTS, LEGACY
from weights.reference import (
    FLIPPED,
    UNFLIPPED,
    first_biases_matched,
    is_real_vgg16,
    kernel_orientation,
    reference_distance,
)
from weights.trained import read_provenance


def describe(path):
    """A dict describing the file (reads and validates every array)."""
    ws = read_any(path)
    real = is_real_vgg16(ws)
    orientation = kernel_orientation(ws) if real else None
    provenance = read_provenance(path)
    if not real:
        verdict = "not the real ImageNet VGG16 (reference values differ)"
    elif ws.layout == LEGACY:
        verdict = {
            FLIPPED: ("real VGG16, kernels Theano-flipped as in Baraldi's original: load with "
                      "kernels='theano'"),
            UNFLIPPED: "real VGG16, kernels NOT flipped: load with kernels='tensorflow'",
        }.get(orientation, "real VGG16 biases, but conv1_1 kernel matches neither orientation")
    else:
        verdict = {
            UNFLIPPED: "real VGG16, cross-correlation kernels as keras.applications stores them",
            FLIPPED: "real VGG16, but kernels are flipped (not what keras.applications expects)",
        }.get(orientation, "real VGG16 biases, but conv1_1 kernel matches neither orientation")
    shapes = {layer.legacy_name: [tuple(a.shape) for a in ws.params[layer.legacy_name]]
              for layer in param_layers(ws.has_top)}
    return {
        "path": os.fspath(path),
        "bytes": os.path.getsize(path),
        "md5": md5sum(path),
        "layout": ws.layout,
        "layout_name": LAYOUTS[ws.layout].name,
        "has_top": ws.has_top,
        "weighted_layers": len(shapes),
        "parameters": int(sum(a.size for arrays in ws.params.values() for a in arrays)),
        "shapes": shapes,
        "synthetic": ws.synthetic,
        "synthetic_seed": ws.synthetic_seed,
        "real_vgg16": real,
        "first_biases_matched": first_biases_matched(ws),
        "kernel_orientation": orientation,
        "provenance": provenance,
        "reference_distance": reference_distance(ws),
        "verdict": verdict,
    }


def format_description(d):
    lines = [
        f"file:        {d['path']}",
        f"size:        {d['bytes']:,} bytes, md5 {d['md5']}",
        f"layout:      {d['layout']} — {d['layout_name']}",
        f"dense head:  {'yes' if d['has_top'] else 'no (conv layers only)'}",
        f"layers:      {d['weighted_layers']} with weights, {d['parameters']:,} parameters",
    ]
    for name, shapes in d["shapes"].items():
        lines.append(f"  {name:8s} " + "  ".join(str(s) for s in shapes))
    if d["synthetic"]:
        lines.append(f"synthetic:   yes (python -m weights synth --seed {d['synthetic_seed']}) — "
                     "an untrained network")
    if d["provenance"]:
        p = d["provenance"]
        lines.append(f"source:      {p.get('source')} ({p.get('package')}, {p.get('file')}, "
                     f"sha256 {p.get('sha256', '')[:16]}...): {p.get('note')}")
    lines.append(f"real VGG16:  {d['verdict']} "
                 f"[{d['first_biases_matched']} first biases match the reference]")
    dist = d["reference_distance"]
    if not d["real_vgg16"]:
        first = sorted(dist["first_bias"].values())
        lines.append(f"distance:    from the ImageNet reference values: first bias of each layer "
                     f"{100 * first[0]:.1f}-{100 * first[-1]:.1f} % off (median "
                     f"{100 * first[len(first) // 2]:.1f} %), conv1_1 filter 0 "
                     f"{100 * dist['conv1_1_filter_0']:.1f} %")
    return "\n".join(lines)
