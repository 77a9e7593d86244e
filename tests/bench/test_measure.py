"""`make bench`'s instruments (bench/measure.py): the peak-memory window."""

import json
import subprocess
import sys

from helpers import REPO, command_env

# Run in a fresh process: an xdist worker that has built VGG16s holds gigabytes whose own ups and
# downs drown a 200 MiB window (seen once: a reset window read the worker's earlier peak).
WINDOW = """
import json, numpy as np
from bench.measure import peak_memory_mib, reset_peak_memory
held = np.ones(400 * 2 ** 20 // 8); del held  # an earlier, higher peak, then freed
reset_peak_memory(); base = peak_memory_mib()
big = np.ones(200 * 2 ** 20 // 8); high = peak_memory_mib()  # 200 MiB touched
del big; reset_peak_memory()
print(json.dumps([base, high, peak_memory_mib()]))
"""


def test_peak_memory_window_resets():
    """A window opened after an earlier, higher peak sees only its own: its peak rises by what is
    allocated in it, and a reset after freeing it falls back below. 200 MiB against a 150 MiB
    margin: page tables and allocator slack move the resident size by a few MiB."""
    proc = subprocess.run([sys.executable, "-c", WINDOW], capture_output=True, text=True, timeout=60,
                          cwd=REPO, env=command_env())
    assert proc.returncode == 0, proc.stderr
    base, high, after = json.loads(proc.stdout)
    assert high >= base + 150, (base, high)
    assert after <= high - 150, (base, high, after)
