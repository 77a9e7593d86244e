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


def _methods(ours_s, lucent_s, lucent_best=4):
    def row(framework, method, label, batch, s):
        return {"row": f"{framework} {method}, {label}", "framework": framework, "method": method,
                "batch": batch, "steps": 128, "ms_per_filter_step": round(s / 128 * 1000, 1),
                "median_ms": 1.0, "s_per_filter": s, "median_s": s, "peak_mib": 100}

    return {"layer": "conv3_1", "size": 128, "steps": 128, "live_filters": [0, 1],
            "rows": [row("lucent", "fourier", "batch 1", 1, lucent_s * 1.2),
                     row("lucent", "fourier", "best batch", lucent_best, lucent_s),
                     row("ours", "fourier", "batch 1, the best batch", 1, ours_s),
                     row("ours", "maco", "batch 1", 1, 9.0)],
            "agreement": {"filters": [0, 1], "steps": 128, "ours": [1.0, 2.0], "lucent": [1.1, 1.9],
                          "ratio": 1.0, "factor": 2.0, "agrees": True},
            "notes": ["xplique: did not install"], "versions": {"torch-lucent": "0.1.8"}}


def test_methods_alone_are_judged_and_shown():
    """`--only methods`: a result with the methods part only (no 2016 rows) has its own target,
    each peer's best batch against ours (a best batch of 1 counts as ours), and its own table."""
    result = {"versions": {"python": "3"}, "methods": _methods(2.0, 5.0)}
    result["targets"] = targets(result)
    assert [(t["what"], t["measured"], t["met"]) for t in result["targets"]] == [
        ("lucent fourier best batch / ours, seconds per filter", 2.5, True)]
    assert not targets({"versions": {}, "methods": _methods(2.0, 3.0)})[0]["met"]
    text = markdown(result)
    for r in result["methods"]["rows"]:
        assert f"| {r['row']} | {r['batch']} |" in text
    assert "Not run: xplique: did not install" in text and "lucent's mean / ours = 1.0" in text


def test_methods_follow_the_step_rows():
    result = _result(100, 210, 180, 115, 100, 0.95, 290)
    result["methods"] = _methods(2.0, 5.0)
    result["targets"] = targets(result)
    assert len(result["targets"]) == 7  # the step part's six, and the methods' one
    text = markdown(result)
    assert text.index("modern engine, best batch") < text.index("lucent fourier, best batch")
