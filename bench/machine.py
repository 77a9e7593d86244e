"""What the bench's numbers were measured on: the CPU's model name and the flags that decide
its float32 speed, and its float32 matmul peak (the yardstick every row is a fraction of)."""

import os
import time

import numpy as np

# TensorFlow is imported inside tf_matmul_gflops: `python -m bench` imports this module at start,
# and `--help` and argument errors answer without it.

# The instruction sets that change what a conv step costs here: AVX-512 (oneDNN's fast float32
# path), its bfloat16 extension, and AMX tiles (the only fast bfloat16 on these CPUs).
FLAGS = ("avx2", "fma", "avx512f", "avx512_bf16", "avx512_vnni", "amx_tile", "amx_bf16")
TF_MATMUL_N = 8192  # 1.1 TFLOP a product: long enough that launch costs vanish
NUMPY_MATMUL_N = 4096


def cpu_info(path="/proc/cpuinfo"):
    """{"model": the CPU's model name, "cores": logical cores, "flags": those of FLAGS present}."""
    model, flags = "unknown", set()
    try:
        with open(path) as f:
            for line in f:
                key, _, value = line.partition(":")
                if key.strip() == "model name" and model == "unknown":
                    model = value.strip()
                elif key.strip() == "flags" and not flags:
                    flags = set(value.split())
    except OSError:  # not Linux: say so in the table rather than fail the bench
        pass
    return {"model": model, "cores": os.cpu_count(), "flags": [f for f in FLAGS if f in flags]}


def _best(run, reps):
    best = float("inf")
    for _ in range(reps):
        t = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - t)
    return best


def tf_matmul_gflops(n=TF_MATMUL_N, reps=3):
    import tensorflow as tf

    a, b = tf.random.normal((n, n)), tf.random.normal((n, n))
    mm = tf.function(lambda a, b: tf.matmul(a, b))
    mm(a, b).numpy()  # trace and warm up
    return 2 * n ** 3 / _best(lambda: mm(a, b).numpy(), reps) / 1e9


def numpy_matmul_gflops(n=NUMPY_MATMUL_N, reps=3):
    rng = np.random.default_rng(0)
    a, b = rng.random((n, n), np.float32), rng.random((n, n), np.float32)
    a @ b  # warm up the BLAS threads
    return 2 * n ** 3 / _best(lambda: a @ b, reps) / 1e9


def matmul_peak():
    """{"tensorflow": GFLOP/s, "numpy": GFLOP/s, "peak": the better}: float32 matmul, best of
    runs, TensorFlow at 8192^2 and numpy at 4096^2."""
    tf_g, np_g = tf_matmul_gflops(), numpy_matmul_gflops()
    return {"tensorflow": round(tf_g, 1), "numpy": round(np_g, 1), "peak": round(max(tf_g, np_g), 1)}
