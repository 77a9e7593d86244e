"""`make bench`'s instruments: the peak-memory window, the matrix-multiply peak and the best-of-n
timer that every row of bench/run.py is measured with."""

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
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def matmul_gflops(n=2048, reps=20):
    """float32 n x n matrix multiply in TensorFlow, best of three runs: the practical peak."""
    import tensorflow as tf

    a, b = tf.random.normal((n, n)), tf.random.normal((n, n))
    mm = tf.function(lambda a, b: tf.matmul(a, b))
    mm(a, b).numpy()
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        for _ in range(reps):
            c = mm(a, b)
        c.numpy()
        best = min(best, time.perf_counter() - t)
    return 2 * n ** 3 * reps / best / 1e9


def timed(run, repeats=REPEATS):
    """(best seconds, filter-steps, peak MiB) of run() -> filter-steps done; warm-up excluded.
    The best of `repeats` runs: this machine is a VM whose neighbours steal cycles (seen: one
    run 10% slower than the next), and the fastest run is the one least disturbed."""
    best, steps, peak = float("inf"), 0, 0.0
    for _ in range(repeats):
        reset_peak_memory()
        t = time.perf_counter()
        steps = run()
        best = min(best, time.perf_counter() - t)
        peak = max(peak, peak_memory_mib())
    return best, steps, peak
