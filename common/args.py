"""The argument checks of every command, each written once: class index, filter index and range,
batch size, input size and grid shape. A bad value raises ArgumentError with one line naming the
flag, what was expected and an example (common/errors.py prints it and exits 2).

Used by cli/visualize.py, the library functions of legacy/ and modern/, extras/ and reproduce/.
"""

import re

from common.errors import ArgumentError

NUM_CLASSES = 1000  # ImageNet classes of VGG16's softmax (fc8 / predictions)
MIN_INPUT_SIZE = 32  # VGG16's five 2x2/2 poolings need at least 32 pixels per side


def check_index(index, count, what):
    """`index` a whole number in 0..count-1; `what` names the flag (and the count's origin)."""
    if int(index) != index or not 0 <= index < count:
        raise ArgumentError(f"{what} {index}: out of range, expected 0..{count - 1}")
    return int(index)


def check_class_index(index, flag="--class"):
    """An ImageNet class, 0..999."""
    return check_index(index, NUM_CLASSES, flag)


def check_batch_size(batch_size, flag="--batch-size"):
    """A positive whole number of images per step; None (choose one) passes through."""
    if batch_size is None:
        return None
    if isinstance(batch_size, bool) or int(batch_size) != batch_size or batch_size < 1:
        raise ArgumentError(f"{flag} {batch_size}: expected a positive whole number")
    return int(batch_size)


def check_input_size(size, flag="--size", least=MIN_INPUT_SIZE, hint="the blog used 128"):
    """A square input side of at least `least` pixels (VGG16's five poolings need 32)."""
    if int(size) != size or size < least:
        raise ArgumentError(f"{flag} {size}: VGG16's five 2x2 poolings need at least "
                            f"{least} pixels; {hint}")
    return int(size)


def parse_range(text, flag="--filters"):
    """'A-B' (inclusive) -> range(A, B + 1)."""
    m = re.fullmatch(r"(\d+)-(\d+)", text or "")
    if not m or int(m.group(1)) > int(m.group(2)):
        raise ArgumentError(f"{flag} {text!r}: expected A-B with A <= B, e.g. 0-199")
    return range(int(m.group(1)), int(m.group(2)) + 1)


def parse_indices(text, flag="--filters"):
    """'0,5,9-11' (whole numbers and inclusive ranges A-B, comma-separated) -> sorted indices."""
    out = set()
    for part in (text or "").split(","):
        m = re.fullmatch(r"\s*(\d+)(?:-(\d+))?\s*", part)
        if not m:
            raise ArgumentError(f"{flag} {text!r}: expected whole numbers or ranges A-B, "
                                f"comma-separated, e.g. {flag} 0,5,9-11")
        if m.group(2) and int(m.group(2)) < int(m.group(1)):
            raise ArgumentError(f"{flag} {text!r}: expected A-B with A <= B, e.g. {flag} 0-7")
        out.update(range(int(m.group(1)), int(m.group(2) or m.group(1)) + 1))
    return sorted(out)


def parse_grid(text, flag="--grid"):
    """'RxC' -> (R, C)."""
    m = re.fullmatch(r"(\d+)x(\d+)", text or "")
    if not m or int(m.group(1)) < 1 or int(m.group(2)) < 1:
        raise ArgumentError(f"{flag} {text!r}: expected RxC with R, C >= 1, e.g. 8x8")
    return int(m.group(1)), int(m.group(2))


def check_grid(grid, count, text, filters_text):
    """A grid of R x C cells needs at least R * C filters to choose from."""
    if grid[0] * grid[1] > count:
        raise ArgumentError(f"--grid {text}: {grid[0] * grid[1]} cells but only {count} filters "
                            f"asked for with --filters {filters_text}; ask for more filters or a "
                            f"smaller grid")
    return grid


def check_filter_indices(indices, count, flag, given, layer_text):
    """Filter indices (a list or range, checked by its ends) within a layer of `count` filters;
    layer_text describes the layer in the message."""
    if not (0 <= indices[0] and indices[-1] < count):
        raise ArgumentError(f"{flag} {given}: out of range for layer {layer_text}, "
                            f"expected 0..{count - 1}")
    return indices
