"""`make bench`'s verdict and table: the issue's targets judged from a result, and the result as
markdown (out/bench.md)."""

from bench.measure import REPEATS
from extras.settings import DREAM_BUDGET_S

SCALING_STEPS = 3  # timed steps per scaling cell (after a 1-step warm-up): the step is steady


def _ms(result, prefix):
    for r in result["rows"]:
        if r["row"].startswith(prefix):
            return r["ms_per_filter_step"]
    return None


def targets(result):
    """The issue's figures, each (what, measured, target, met)."""
    out = []
    eng = _ms(result, "modern engine")
    tk1, tkb = _ms(result, "tf-keras-vis, batch 1"), _ms(result, "tf-keras-vis, best")
    if tk1:
        out.append(("tf-keras-vis batch 1 / engine best batch", round(tk1 / eng, 2), ">= 2",
                    tk1 / eng >= 2))
        out.append(("tf-keras-vis best batch / engine best batch", round(tkb / eng, 2), ">= 1.7",
                    tkb / eng >= 1.7))
    frac = next(r["fraction_of_matmul"] for r in result["rows"] if r["row"].startswith("modern engine"))
    out.append(("engine best batch, fraction of matmul", frac, ">= 0.90", frac >= 0.9))
    torch = "PyTorch eager channels_last"
    pt1, ptc = _ms(result, f"{torch}, batch 1"), _ms(result, f"{torch}, class")
    for how, suffix in (("as traced", ""), ("frozen", ", frozen")):
        leg1, mod1 = _ms(result, f"legacy, one filter at a time (the 2016 loop){suffix}"), _ms(
            result, f"modern, one filter at a time{suffix}")
        leg8, mod8 = _ms(result, f"legacy, batch 8{suffix}"), _ms(result, f"modern, batch 8{suffix}")
        if leg1 and mod1:
            out.append((f"legacy / modern, one at a time, {how}", round(leg1 / mod1, 2), "<= 1.2",
                        leg1 / mod1 <= 1.2))
        if leg8 and mod8:
            out.append((f"legacy / modern, batch 8, {how}", round(leg8 / mod8, 2), "<= 1.2",
                        leg8 / mod8 <= 1.2))
        if pt1 and mod1:
            out.append((f"modern one at a time, {how} / PyTorch eager batch 1", round(mod1 / pt1, 2),
                        "<= 1.0", mod1 / pt1 <= 1.0))
    modc = _ms(result, "modern, class")
    if ptc and modc:
        out.append(("modern class at 224 / PyTorch eager", round(modc / ptc, 2), "<= 1.0", modc / ptc <= 1.0))
    if "grid_200_seconds" in result:
        g = result["grid_200_seconds"]
        out.append(("200-filter conv5_1 grid, end to end (s)", g, "<= 300", g <= 300))
    if "deep_dream_512_seconds" in result:
        d = result["deep_dream_512_seconds"]
        out.append(("deep dream 512x512, 3 octaves, block4_conv3, end to end (s)", d,
                    f"<= {DREAM_BUDGET_S:g}", d <= DREAM_BUDGET_S))
    return [{"what": w, "measured": m, "target": t, "met": bool(ok)} for w, m, t, ok in out]


def _matmul(result):
    m = result.get("matmul")
    return f" (TensorFlow 8192^2: {m['tensorflow']}, numpy 4096^2: {m['numpy']})" if m else ""


def _machine(result):
    m = result.get("machine")
    return f"CPU {m['model']}, {m['cores']} cores, flags {' '.join(m['flags']) or 'none'}; " if m else ""


def markdown(result):
    lines = [f"conv5_1 at {result['size']}x{result['size']}, {result['steps']} steps, live filters "
             f"only, each row the best of {REPEATS} runs or more; one step = {result['step_gflop']} "
             f"GFLOP per filter ({result['step_gflop_class_224']} GFLOP for the class at 224x224); "
             f"float32 matmul peak {result['matmul_gflops']} GFLOP/s{_matmul(result)}; "
             f"{_machine(result)}"
             f"{', '.join(f'{k} {v}' for k, v in result['versions'].items())}", "",
             "| row | batch | ms / filter-step (min) | median | GFLOP/s | of matmul peak | peak memory MiB |",
             "|---|---|---|---|---|---|---|"]
    dash = lambda v: "-" if v is None else v  # noqa: E731
    lines += [f"| {r['row']} | {dash(r['batch'])} | {dash(r['ms_per_filter_step'])} | "
              f"{dash(r.get('median_ms'))} | {r['gflops']} | "
              f"{r['fraction_of_matmul']:.0%} | {dash(r['peak_mib'])} |" for r in result["rows"]]
    lines += ["", f"Scaling of the modern engine ({SCALING_STEPS} timed steps per cell, best of "
              f"{REPEATS} runs; memory allows "
              f"batches up to {result['memory_batch_limit']} at {result['size']}x{result['size']}):", "",
              "| image size | batch | ms / filter-step | peak memory MiB |", "|---|---|---|---|"]
    lines += [f"| {r['size']} | {r['batch']} | {r['ms_per_filter_step']} | {r['peak_mib']} |"
              for r in result["scaling"]]
    if "grid_200_seconds" in result:
        lines += ["", f"The 200-filter conv5_1 grid (`python -m modern.visualize --layer conv5_1 "
                  f"--filters 0-199 --grid 8x8`), end to end: {result['grid_200_seconds']} s"]
    if "deep_dream_512_seconds" in result:
        lines += ["", f"The deep dream (`python -m extras dream deep --layer conv4_3 --size 512 "
                  f"--octaves 3`), end to end: {result['deep_dream_512_seconds']} s"]
    lines += ["", "| target | measured | wanted | met |", "|---|---|---|---|"]
    lines += [f"| {t['what']} | {t['measured']} | {t['target']} | {'yes' if t['met'] else 'NO'} |"
              for t in result["targets"]]
    return "\n".join(lines) + "\n"
