"""The work `make bench` times (bench/work.py): the live-filter choice on the synthetic VGG16."""

import numpy as np

from bench.work import live_filters


def test_live_filters_start_above_zero(modern_conv):
    from modern import visualize as MV
    from modern.model import feature_model

    chosen = live_filters(modern_conv, 5)
    assert len(chosen) == 5 == len(set(chosen)) and chosen == sorted(chosen)
    act = feature_model(modern_conv, ["block5_conv1", "block5_conv1"])(
        np.stack([MV.start_image(modern_conv, 0, i) for i in chosen]))[0].numpy()
    assert all(act[k, :, :, i].mean() > 0 for k, i in enumerate(chosen))
