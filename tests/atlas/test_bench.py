"""atlas/bench.py: the throughput counts the steps each filter actually ran (no TensorFlow)."""

from atlas.bench import _time


def test_a_filter_that_died_early_counts_only_its_steps():
    # two chunks: one filter ran all 3 steps, one died after 1 (its losses stop there)
    def run(chunks):
        return [(c, [{"record": {"losses": [1.0, 2.0, 3.0]}}, {"record": {"losses": [0.0]}}])
                for c in chunks]

    steps, seconds = _time(run, ["a", "b"], repeats=2)
    assert steps == 2 * (3 + 1) and seconds >= 0.0
