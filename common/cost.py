"""The analytic cost of a gradient-ascent step (the multiply-adds of every conv and dense layer
up to the target, from the layer table) and the batch size the available memory allows.

A step runs the forward pass up to the target layer and the gradient with respect to the input
only (no weight gradients): about twice the forward multiply-adds, 2 FLOPs each. Its memory is
dominated by the forward activations kept for the backward pass, so both follow from the layer
table alone, before any model is built.
"""

import os

from common.args import check_batch_size
from common.errors import ArgumentError
from common.layers import INPUT_CHANNELS, KERNEL_SIZE, find_layer, vgg16_layers

# The memory model of the batched engine (modern/ascent.py stream_ascent) and its batch size.
# Peak resident bytes of one image in a compiled step = STEP_MEMORY_FACTOR x 4 bytes x the floats
# of every layer output up to the target layer (forward activations kept for the backward pass,
# plus the backward's temporaries). Measured by `make bench` (scaling table): ~22 MB per image
# at conv5_1/128 against 19.4 MB of activations, so 1.2; 2.0 leaves room for the allocator.
STEP_MEMORY_FACTOR = 2.0
BATCH_MEMORY_FRACTION = 0.5  # of the memory available when the run starts
# Beyond this the time per filter-step no longer falls (make bench, scaling table) while memory
# and the time between progress updates keep growing.
MAX_AUTO_BATCH = 32


def _layers_up_to(layer, include_top):
    """Every layer of the 2016 Sequential from the input up to `layer` (either spelling)."""
    target = find_layer(layer).index
    out = []
    for spec in vgg16_layers(include_top):
        if spec.index > target:
            break
        out.append(spec)
    return out


def forward_macs(layer, size, include_top=False):
    """Multiply-adds of VGG16's forward pass from a size x size input up to `layer`."""
    macs, hw = 0, size
    for spec in _layers_up_to(layer, include_top or find_layer(layer).kind == "dense"):
        if spec.kind == "conv":
            macs += hw * hw * KERNEL_SIZE ** 2 * spec.fan_in * spec.units
        elif spec.kind == "pool":
            hw //= 2
        elif spec.kind == "dense":
            macs += spec.fan_in * spec.units
    return macs


def step_gflop(layer, size, include_top=False):
    """GFLOP of one ascent step on one image: forward + input gradient (x 2), 2 FLOPs per MAC."""
    return 2 * 2 * forward_macs(layer, size, include_top) / 1e9


def activation_floats(layer, size):
    """Floats of every conv and pool output from the input up to `layer`, for one image."""
    floats, hw, channels = 0, size, INPUT_CHANNELS
    for spec in _layers_up_to(layer, find_layer(layer).kind == "dense"):
        if spec.kind == "conv":
            channels = spec.units
            floats += hw * hw * channels
        elif spec.kind == "pool":
            hw //= 2
            floats += hw * hw * channels
        elif spec.kind == "dense":
            floats += spec.units
    return floats


def step_bytes_per_image(layer, size):
    return int(STEP_MEMORY_FACTOR * 4 * activation_floats(layer, size))


def available_memory_bytes():
    """Memory this process may still use: the smaller of the kernel's MemAvailable and the
    cgroup's limit minus its usage (containers), in bytes."""
    candidates = []
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    candidates.append(int(line.split()[1]) * 1024)
    except OSError:
        pass
    try:
        with open("/sys/fs/cgroup/memory.max") as f:
            limit = f.read().strip()
        with open("/sys/fs/cgroup/memory.current") as f:
            used = int(f.read())
        if limit != "max":
            candidates.append(int(limit) - used)
    except (OSError, ValueError):
        pass
    if not candidates:  # not Linux: the physical memory
        candidates.append(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    return max(0, min(candidates))


def memory_batch_limit(layer, size, available=None):
    """The largest batch whose step fits in BATCH_MEMORY_FRACTION of the available memory."""
    available = available_memory_bytes() if available is None else available
    return max(1, int(available * BATCH_MEMORY_FRACTION) // step_bytes_per_image(layer, size))


def check_batch_memory(layer, size, requested, available=None):
    """ArgumentError, before any work, when `requested` images per step (None: one, the least
    a run needs) would not fit in the memory this process may use (MemAvailable or the cgroup's
    limit): the estimate and the limit in one line. The whole available memory is the bar here,
    not BATCH_MEMORY_FRACTION: an explicit --batch-size may use the headroom the automatic
    choice leaves."""
    available = available_memory_bytes() if available is None else available
    per = step_bytes_per_image(layer, size)
    batch = 1 if requested is None else requested
    if batch * per > available:
        fits = available // per
        flag = f"--size {size}" if requested is None else f"--batch-size {requested}"
        raise ArgumentError(
            f"{flag}: a step of {batch} image{'s' if batch > 1 else ''} at {layer} {size}x{size} "
            f"needs about {batch * per / 2 ** 30:.1f} GiB ({per / 2 ** 20:.0f} MiB per image, "
            f"common/cost.py), more than the {available / 2 ** 30:.1f} GiB this process may use "
            f"(MemAvailable or the cgroup limit); give "
            f"{f'--batch-size {fits} or less' if fits else 'a smaller --size'}"
            f"{', or leave --batch-size out to choose one that fits' if requested else ''}")


def choose_batch_size(layer, size, count, requested=None, available=None):
    """Images per compiled step: `requested` (the --batch-size flag) if given and it fits in the
    memory, else the memory limit, capped at MAX_AUTO_BATCH and at the number of filters."""
    if requested is not None:
        requested = check_batch_size(requested)
        check_batch_memory(layer, size, requested, available)
        return requested
    return max(1, min(memory_batch_limit(layer, size, available), MAX_AUTO_BATCH, count))
