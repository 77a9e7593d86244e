"""`make bench`'s verdict and table (bench/table.py), from a hand-made result."""

from bench.table import markdown, targets


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
    return {"rows": rows, "grid_200_seconds": grid_s, "deep_dream_512_seconds": dream_s, "size": 128,
            "steps": 20, "step_gflop": 18.84,
            "step_gflop_class_224": 61.88, "matmul_gflops": 190.0, "versions": {"python": "3"},
            "memory_batch_limit": 64, "scaling": [{"size": 128, "batch": 1, "ms_per_filter_step": 1.0,
                                                   "peak_mib": 9}]}


def test_targets_are_judged_from_the_rows():
    met = {t["what"]: t for t in targets(_result(100, 210, 180, 115, 100, 0.95, 290))}
    assert all(t["met"] for t in met.values()) and len(met) == 6
    assert met["tf-keras-vis batch 1 / engine best batch"]["measured"] == 2.1
    missed = {t["what"]: t["met"] for t in targets(_result(100, 190, 160, 170, 100, 0.85, 310, 61))}
    assert not any(missed.values())  # each target can fail


def test_table_shows_every_row_and_each_miss():
    result = _result(100, 190, 180, 115, 100, 0.95, 290)
    result["targets"] = targets(result)
    text = markdown(result)
    for r in result["rows"]:
        assert f"| {r['row']} |" in text
    assert text.count("| NO |") == 1 and "290 s" in text


def test_the_peer_and_batch_8_targets_appear_with_their_rows():
    result = _result(100, 210, 180, 115, 100, 0.95, 290)
    result["rows"] += [
        {"row": "legacy, batch 8", "batch": 8, "ms_per_filter_step": 130.0},
        {"row": "modern, batch 8", "batch": 8, "ms_per_filter_step": 100.0},
        {"row": "PyTorch eager channels_last, batch 1", "batch": 1, "ms_per_filter_step": 80.0},
        {"row": "modern, class 65 at 224x224 with the head", "batch": 1, "ms_per_filter_step": 200.0},
        {"row": "PyTorch eager channels_last, class 65 at 224x224 with the head", "batch": 1,
         "ms_per_filter_step": 250.0},
    ]
    for r in result["rows"]:
        r.setdefault("fraction_of_matmul", 0.5)
        r.setdefault("gflops", 1.0)
        r.setdefault("peak_mib", 100)
    got = {t["what"]: (t["measured"], t["met"]) for t in targets(result)}
    assert got["legacy / modern, batch 8, as traced"] == (1.3, False)  # 1.3 > 1.2: a miss
    assert got["modern one at a time, as traced / PyTorch eager batch 1"] == (1.25, False)
    assert "legacy / modern, batch 8, frozen" not in got  # no frozen rows, no frozen verdicts
    assert got["modern class at 224 / PyTorch eager"] == (0.8, True)
    result["rows"] += [
        {"row": "legacy, one filter at a time (the 2016 loop), frozen", "batch": 1,
         "ms_per_filter_step": 84.0},
        {"row": "modern, one filter at a time, frozen", "batch": 1, "ms_per_filter_step": 80.0},
        {"row": "legacy, batch 8, frozen", "batch": 8, "ms_per_filter_step": 66.0},
        {"row": "modern, batch 8, frozen", "batch": 8, "ms_per_filter_step": 60.0},
    ]
    for r in result["rows"]:
        r.setdefault("fraction_of_matmul", 0.5)
        r.setdefault("gflops", 1.0)
        r.setdefault("peak_mib", 100)
    got = {t["what"]: (t["measured"], t["met"]) for t in targets(result)}
    assert got["legacy / modern, one at a time, frozen"] == (1.05, True)
    assert got["legacy / modern, batch 8, frozen"] == (1.1, True)
    assert got["modern one at a time, frozen / PyTorch eager batch 1"] == (1.0, True)
    assert got["legacy / modern, batch 8, as traced"] == (1.3, False)  # the traced rows still judged
    result["targets"] = targets(result)
    result["machine"] = {"model": "Test CPU", "cores": 2, "flags": ["avx512f"]}
    result["matmul"] = {"tensorflow": 300.0, "numpy": 250.0, "peak": 300.0}
    text = markdown(result)
    assert "CPU Test CPU, 2 cores, flags avx512f" in text and "numpy 4096^2: 250.0" in text
