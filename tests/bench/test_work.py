"""The work `make bench` times (bench/work.py): the live-filter choice on the synthetic VGG16."""

import numpy as np

from bench.work import live_filters


def test_live_filters_start_above_zero(modern_conv):
    from modern.model import feature_model
    from modern.visualize import PIPELINE as MV

    chosen = live_filters(modern_conv, 5)
    assert len(chosen) == 5 == len(set(chosen)) and chosen == sorted(chosen)
    act = feature_model(modern_conv, ["block5_conv1", "block5_conv1"])(
        np.stack([MV.start_image(modern_conv, 0, i) for i in chosen]))[0].numpy()
    assert all(act[k, :, :, i].mean() > 0 for k, i in enumerate(chosen))


def test_steps_times_a_frozen_step_in_its_own_process_entry(pipeline, synth_files):
    """bench/steps.py's measurement (what each one-at-a-time row's process runs): one timed run
    of one step on one filter counts that one filter-step."""
    from bench.steps import measure

    out = measure(pipeline, synth_files[pipeline.name], [0], 1, True, 1, 1)
    assert out["filter_steps"] == 1 and out["seconds"] > 0 and out["median"] == out["seconds"]
    assert out["peak_mib"] > 100  # a VGG16 is loaded
