"""`make bench`'s bookkeeping: the targets and the table from a hand-made result, the live-filter
choice on the synthetic VGG16, and the peak-memory window."""

import numpy as np

from bench.run import live_filters, markdown, peak_memory_mib, reset_peak_memory, targets


def _result(engine_ms, tfkv1_ms, tfkvb_ms, legacy_ms, modern_ms, frac, grid_s, dream_s=50):
    rows = [
        {"row": "legacy, one filter at a time (the 2016 loop)", "batch": 1, "ms_per_filter_step": legacy_ms},
        {"row": "modern, one filter at a time", "batch": 1, "ms_per_filter_step": modern_ms},
        {"row": "modern engine, best batch", "batch": 16, "ms_per_filter_step": engine_ms,
         "fraction_of_matmul": frac},
        {"row": "tf-keras-vis, batch 1", "batch": 1, "ms_per_filter_step": tfkv1_ms},
        {"row": "tf-keras-vis, best batch", "batch": 8, "ms_per_filter_step": tfkvb_ms},
        {"row": "float32 matmul 2048x2048 (TensorFlow)", "batch": None, "ms_per_filter_step": None},
    ]
    for r in rows:
        r.setdefault("fraction_of_matmul", 0.5)
        r.update(gflops=1.0, peak_mib=None if r["batch"] is None else 100)
    return {"rows": rows, "grid_200_seconds": grid_s, "deep_dream_512_seconds": dream_s, "size": 128, "steps": 20, "step_gflop": 18.84,
            "step_gflop_class_224": 61.88, "matmul_gflops": 190.0, "versions": {"python": "3"},
            "memory_batch_limit": 64, "scaling": [{"size": 128, "batch": 1, "ms_per_filter_step": 1.0,
                                                   "peak_mib": 9}]}


def test_targets_are_judged_from_the_rows():
    met = {t["what"]: t for t in targets(_result(100, 210, 180, 150, 100, 0.95, 290))}
    assert all(t["met"] for t in met.values()) and len(met) == 6
    assert met["tf-keras-vis batch 1 / engine best batch"]["measured"] == 2.1
    missed = {t["what"]: t["met"] for t in targets(_result(100, 190, 160, 170, 100, 0.85, 310, 61))}
    assert not any(missed.values())  # each target can fail


def test_table_shows_every_row_and_each_miss():
    result = _result(100, 190, 180, 150, 100, 0.95, 290)
    result["targets"] = targets(result)
    text = markdown(result)
    for r in result["rows"]:
        assert f"| {r['row']} |" in text
    assert text.count("| NO |") == 1 and "290 s" in text


def test_live_filters_start_above_zero(modern_conv):
    from modern import visualize as MV
    from modern.model import feature_model

    chosen = live_filters(modern_conv, 5)
    assert len(chosen) == 5 == len(set(chosen)) and chosen == sorted(chosen)
    act = feature_model(modern_conv, ["block5_conv1", "block5_conv1"])(
        np.stack([MV.start_image(modern_conv, 0, i) for i in chosen]))[0].numpy()
    assert all(act[k, :, :, i].mean() > 0 for k, i in enumerate(chosen))


def test_peak_memory_window_resets():
    big = np.ones(200 * 2 ** 20 // 8)  # 200 MiB touched
    high = peak_memory_mib()
    del big
    reset_peak_memory()
    assert peak_memory_mib() <= high - 150
