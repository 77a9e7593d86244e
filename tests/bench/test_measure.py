"""`make bench`'s instruments (bench/measure.py): the peak-memory window."""

import numpy as np

from bench.measure import peak_memory_mib, reset_peak_memory


def test_peak_memory_window_resets():
    big = np.ones(200 * 2 ** 20 // 8)  # 200 MiB touched
    high = peak_memory_mib()
    del big
    reset_peak_memory()
    assert peak_memory_mib() <= high - 150
