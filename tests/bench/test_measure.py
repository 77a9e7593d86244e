"""`make bench`'s instruments (bench/measure.py): the peak-memory window."""

import numpy as np

from bench.measure import peak_memory_mib, reset_peak_memory

MIB = 2 ** 20


def test_peak_memory_window_resets():
    """A window opened after an earlier, higher peak (a worker that built VGG16s before this test)
    sees only its own: the window's peak rises by what is allocated in it, and a reset after
    freeing it falls back below. 200 MiB against a 150 MiB margin: page tables and allocator
    slack move the resident size by a few MiB."""
    held = np.ones(400 * MIB // 8)  # an earlier, higher peak, then freed
    del held
    reset_peak_memory()
    base = peak_memory_mib()
    big = np.ones(200 * MIB // 8)  # 200 MiB touched
    high = peak_memory_mib()
    assert high >= base + 150, (base, high)
    del big
    reset_peak_memory()
    assert peak_memory_mib() <= high - 150, (base, high, peak_memory_mib())
