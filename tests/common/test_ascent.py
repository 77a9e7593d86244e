"""common/ascent.py compiled_step: which step a job gets, frozen or as traced (common/graph.py)."""

from common.ascent import compiled_step
from common.graph import FREEZE_MIN_FILTER_STEPS


class Model:  # a stand-in model: compiled steps are kept per model object (weakly)
    pass


def test_a_job_is_frozen_when_it_repays_it_and_a_frozen_step_is_reused():
    model, made = Model(), []

    def make(frozen):
        made.append(frozen)
        return ("frozen" if frozen else "traced", len(made))

    small, big = FREEZE_MIN_FILTER_STEPS - 1, FREEZE_MIN_FILTER_STEPS
    traced = compiled_step(model, ("filter", "conv5_1"), small, make)
    assert traced[0] == "traced" and compiled_step(model, ("filter", "conv5_1"), small, make) is traced
    frozen = compiled_step(model, ("filter", "conv5_1"), big, make)
    assert frozen[0] == "frozen"
    assert compiled_step(model, ("filter", "conv5_1"), small, make) is frozen  # made already: reused
    assert compiled_step(model, ("filter", "conv5_1"), big, make, freeze=False) is traced
    assert compiled_step(model, ("class",), 1, make, freeze=True)[0] == "frozen"
    assert made == [False, True, True]  # each made once
