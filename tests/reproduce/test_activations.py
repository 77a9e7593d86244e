"""reproduce/activations.py: the activation table is read from the run's cache when there,
with no model built (the models are the costly part)."""

import json

from reproduce.activations import activation_table


class NoModels:
    def model(self, p, include_top):
        raise AssertionError("a cached table needs no model")


def test_a_cached_table_is_reused_without_models(tmp_path):
    table = {"conv1_1": 1e-7, "fc8": 2e-6}
    (tmp_path / "activations.json").write_text(json.dumps(table))
    assert activation_table(NoModels(), str(tmp_path), 0) == table
