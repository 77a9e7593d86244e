"""`make bench`'s instruments: the peak-memory window and the timer (min and median of n runs)
that every row of bench/run.py is measured with. The matmul peak is bench/machine.py's."""

import resource
import statistics
import time

REPEATS = 2  # every row and cell is the best of this many runs (one-at-a-time rows: 3)


def reset_peak_memory():
    """Start a new peak-RSS window (Linux: writing 5 to clear_refs resets VmHWM)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def peak_memory_mib():
    """Peak resident memory since the last reset (VmHWM), or of the whole process elsewhere."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(run, repeats=REPEATS):
    """(best seconds, filter-steps, peak MiB, median seconds) of run() -> filter-steps done;
    warm-up excluded. The best of `repeats` runs is the row's figure: this machine is a VM whose
    neighbours steal cycles (seen: one run 10% slower than the next), and the fastest run is the
    one least disturbed; the median says how far the others were."""
    times, steps, peak = [], 0, 0.0
    for _ in range(repeats):
        reset_peak_memory()
        t = time.perf_counter()
        steps = run()
        times.append(time.perf_counter() - t)
        peak = max(peak, peak_memory_mib())
    return min(times), steps, peak, statistics.median(times)
