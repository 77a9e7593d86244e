"""The verified cache of finished work, shared by `make reproduce` and by
`python -m {legacy,modern}.visualize --filters A-B --grid RxC`.

Each finished filter or class is one `.npz` (its final image, losses, flags and seconds, and the
run key it was made under), written atomically the moment it finishes, so that an interrupted run
resumes. What is read back is checked: an entry that does not load (truncated, text, pickled
data: `allow_pickle` stays False), or whose arrays do not have the expected keys, shapes, dtypes,
index or run key, is reported in one `warning:` line, set aside under `<name>.bad`, and computed
again. The same holds for JSON files (sidecars, the activation table, the network's own
claims).
"""

import errno
import hashlib
import json
import os
import warnings
import zipfile

import numpy as np

from common.ascent import AscentResult
from common.errors import ProjectWarning
from common.files import atomic_path, write_bytes

# Every key of an entry, with its dtype kind and number of dimensions: image in the pipeline's
# layout and float type ((3, H, W) float64 legacy: the 2016 loop keeps its image float64 on the
# host; (H, W, 3) float32 modern), losses float64 (steps,) or shorter when the filter stopped,
# the rest scalars. The image is stored as computed, so a reused entry gives the same bytes.
_ENTRY = {"image": ("f", 3), "losses": ("f", 1), "index": ("i", 0), "dead": ("b", 0),
          "nonfinite": ("b", 0), "seconds": ("f", 0), "run_key": ("U", 0)}
_IMAGE_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


# Part of every run key: entries of an older layout (without the run key inside) live under
# another key and are never read.
CACHE_FORMAT = 2


def run_key(parts):
    """A short key for everything a cached result depends on (`parts`: JSON-able)."""
    text = json.dumps([parts, CACHE_FORMAT], sort_keys=True, default=list)
    return hashlib.md5(text.encode()).hexdigest()[:12]


class Damaged(Exception):
    """An entry that is present but cannot be used; the message says why."""


def set_aside(path, why):
    """Rename a damaged file to `<path>.bad` (kept for a look, never read again) and warn in one
    line; the caller computes it again."""
    bad = f"{path}.bad"
    os.replace(path, bad)
    warnings.warn(f"{path}: damaged cache entry ({why}); set aside as {os.path.basename(bad)} "
                  f"and computed again", ProjectWarning, stacklevel=2)


def save_result(path, r, seconds, run_key):
    """Write one finished AscentResult (atomically)."""
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as f:
            np.savez(f, image=r.image, losses=np.asarray(r.losses, np.float64), index=r.index,
                     dead=r.dead, nonfinite=r.nonfinite, seconds=seconds,
                     run_key=np.str_(run_key))


def _check_entry(z, index, run_key, image_shape, steps):
    """Damaged(why) unless the loaded npz `z` is an entry of this run for `index`."""
    keys = set(z.files)
    if keys != set(_ENTRY):
        raise Damaged(f"keys {sorted(keys)}, expected {sorted(_ENTRY)}")
    arrays = {k: z[k] for k in _ENTRY}
    for k, (kind, ndim) in _ENTRY.items():
        a = arrays[k]
        if a.dtype.kind != kind or a.ndim != ndim:
            raise Damaged(f"{k} is {a.dtype} with {a.ndim} dimensions, expected kind {kind!r} "
                          f"with {ndim}")
    if arrays["image"].dtype not in _IMAGE_DTYPES or arrays["image"].shape != tuple(image_shape):
        raise Damaged(f"image {arrays['image'].dtype} {arrays['image'].shape}, expected "
                      f"float32 or float64 {tuple(image_shape)}")
    if len(arrays["losses"]) > steps:
        raise Damaged(f"{len(arrays['losses'])} losses for {steps} steps")
    if str(arrays["run_key"]) != run_key:
        raise Damaged(f"run key {str(arrays['run_key'])!r}, expected {run_key!r}")
    if int(arrays["index"]) != index:
        raise Damaged(f"index {int(arrays['index'])}, expected {index}")
    return arrays


def load_result(path, index, run_key, image_shape, steps):
    """(AscentResult, seconds) of a finished entry, or None when there is none: absent, or
    damaged (then set aside with a warning, so that the caller computes it again)."""
    try:
        with np.load(path, allow_pickle=False) as z:
            a = _check_entry(z, index, run_key, image_shape, steps)
    except FileNotFoundError:
        return None
    except (Damaged, ValueError, OSError, EOFError, zipfile.BadZipFile, KeyError) as e:
        # np.load: ValueError for text or pickled data, BadZipFile/EOFError for a truncated zip,
        # OSError for a file it cannot parse at all
        if not os.path.exists(path):  # removed while we read it: simply not there
            return None
        set_aside(path, str(e) or type(e).__name__)
        return None
    r = AscentResult(int(a["index"]), a["image"], [float(v) for v in a["losses"]],
                     bool(a["dead"]), bool(a["nonfinite"]))
    return r, float(a["seconds"])


def load_json(path):
    """A JSON object written by this project, or None (absent, or damaged: set aside, warned)."""
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except FileNotFoundError:
        return None
    except (ValueError, UnicodeDecodeError) as e:
        set_aside(path, f"not JSON: {e}")
        return None
    if not isinstance(data, dict):
        set_aside(path, f"a JSON {type(data).__name__}, expected an object")
        return None
    return data


def cached_json(path, make):
    """The JSON object at `path` where it reads; else `make()`'s (a JSON-able dict), written there
    first (for work done once per run key: the activation table, the network's own claims)."""
    found = load_json(path)
    if found is None:
        found = make()
        write_bytes(path, json.dumps(found, indent=1).encode())
    return found


def cached_filters(folder, image_shape, indices, steps, key, compute, progress=None):
    """[(AscentResult, seconds)] for `indices` (images of `image_shape`, the pipeline's
    `input_shape(size)`), from the verified cache in `folder` where an
    entry is whole, else computed by `compute(missing, on_result)` and each result saved the
    moment it finishes (an interrupted run loses only the filters in flight). Returns the list and
    how many were computed. progress(n), when given, is told of the reused ones at once."""
    shape = tuple(image_shape)
    path = {i: os.path.join(folder, f"{i}.npz") for i in indices}
    found = {i: load_result(path[i], i, key, shape, steps) for i in indices}
    missing = [i for i in indices if found[i] is None]
    if progress is not None and len(missing) < len(indices):
        progress(len(indices) - len(missing))
    if missing:
        compute(missing, lambda r: save_result(path[r.index], r, r.seconds, key))
        for i in missing:  # read back, so that a resumed run and a clean one give the same bytes
            found[i] = load_result(path[i], i, key, shape, steps)
            if found[i] is None:  # saved a moment ago, gone now: the folder was removed
                raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), path[i])
    return [found[i] for i in indices], len(missing)
