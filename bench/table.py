"""`make bench`'s verdict and table: the issue's targets judged from a result, and the result as
markdown (out/bench.md), each of its parts (the 2016 step's rows, the feature-visualisation
methods') where the result has it."""

from bench.measure import REPEATS
from extras.settings import DREAM_BUDGET_S

SCALING_STEPS = 3  # timed steps per scaling cell (after a 1-step warm-up): the step is steady


def _ms(result, prefix):
    for r in result["rows"]:
        if r["row"].startswith(prefix):
            return r["ms_per_filter_step"]
    return None


def targets(result):
    """The issue's figures, each (what, measured, target, met), of the parts the result has."""
    out = _step_targets(result) if "rows" in result else []
    if "methods" in result:
        out += _method_targets(result["methods"])
    return [{"what": w, "measured": m, "target": t, "met": bool(ok)} for w, m, t, ok in out]


# each peer's best batch must take at least this many times our best batch's seconds per filter
METHOD_SPEEDUP = 2.0


def _method_targets(methods):
    """fourier: each peer's best batch against ours, in seconds per filter."""
    best = {(r["framework"], r["method"]): r["s_per_filter"] for r in methods["rows"]
            if "best batch" in r["row"]}
    ours = best.get(("ours", "fourier"))
    out = []
    for (framework, method), seconds in sorted(best.items()):
        if framework != "ours" and method == "fourier" and ours:
            ratio = seconds / ours
            out.append((f"{framework} fourier best batch / ours, seconds per filter", round(ratio, 2),
                        f">= {METHOD_SPEEDUP:g}", ratio >= METHOD_SPEEDUP))
    return out


def _step_targets(result):
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
    return out


def _matmul(result):
    m = result.get("matmul")
    return f" (TensorFlow 8192^2: {m['tensorflow']}, numpy 4096^2: {m['numpy']})" if m else ""


def _machine(result):
    m = result.get("machine")
    return f"CPU {m['model']}, {m['cores']} cores, flags {' '.join(m['flags']) or 'none'}; " if m else ""


def markdown(result):
    """The result as markdown: the parts it has, then the targets."""
    lines = _steps_markdown(result) if "rows" in result else [_versions(result)]
    if "methods" in result:
        lines += _methods_markdown(result["methods"])
    lines += ["", "| target | measured | wanted | met |", "|---|---|---|---|"]
    lines += [f"| {t['what']} | {t['measured']} | {t['target']} | {'yes' if t['met'] else 'NO'} |"
              for t in result["targets"]]
    return "\n".join(lines) + "\n"


def _versions(result):
    return f"{_machine(result)}{', '.join(f'{k} {v}' for k, v in result['versions'].items())}"


def _methods_markdown(m):
    """The feature-visualisation rows, the agreement check and the peers that could not run."""
    versions = ", ".join(f"{k} {v}" for k, v in m["versions"].items())
    lines = ["", f"Feature visualisation (bench/methods.py): {m['layer']} at {m['size']}x{m['size']}, "
             f"{m['steps']} steps a filter, channel mean, Fourier 1/f spectrum in decorrelated colour "
             f"through a sigmoid, lucid's transforms, Adam 0.05 (maco: ours only, its crops and Nadam); "
             f"live filters {m['live_filters']}; {versions}", ""]
    a = m.get("agreement")
    if a:
        lines += [f"Agreement first, filters {a['filters']} after {a['steps']} steps, each final picture "
                  f"scored by our network untransformed (mean activation): ours "
                  f"{[round(v, 2) for v in a['ours']]}, lucent {[round(v, 2) for v in a['lucent']]}; "
                  f"lucent's mean / ours = {a['ratio']} (wanted within a factor {a['factor']:g}: the "
                  f"frameworks' random transforms differ; bench/methods.py)", ""]
    lines += ["| row | batch | ms / filter-step (min) | median | s / filter (min) | median | "
              "peak memory MiB |", "|---|---|---|---|---|---|---|"]
    lines += [f"| {r['row']} | {r['batch']} | {r['ms_per_filter_step']} | {r['median_ms']} | "
              f"{r['s_per_filter']} | {r['median_s']} | {r['peak_mib']} |" for r in m["rows"]]
    lines += [""] + [f"Not run: {note}" for note in m["notes"]] if m["notes"] else []
    return lines


def _steps_markdown(result):
    lines = [f"conv5_1 at {result['size']}x{result['size']}, {result['steps']} steps, live filters "
             f"only, each row the best of {REPEATS} runs or more; one step = {result['step_gflop']} "
             f"GFLOP per filter ({result['step_gflop_class_224']} GFLOP for the class at 224x224); "
             f"float32 matmul peak {result['matmul_gflops']} GFLOP/s{_matmul(result)}; "
             f"{_versions(result)}", "",
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
    return lines
