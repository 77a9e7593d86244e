"""The loss chart of the style-transfer figure (reproduce/chart.py)."""

import numpy as np

from reproduce.chart import COLOURS, loss_chart


def test_curves_are_drawn_in_their_colours():
    series = {"style": [100.0, 10.0, 1.0], "tv": [1.0, 2.0, 4.0],
              "content": [0.0, float("nan"), 3.0], "total": [5.0, 5.0, 5.0]}  # one point, flat
    img = loss_chart(series, 200, 400)
    assert img.shape == (200, 400, 3) and img.dtype == np.uint8
    for name in ("style", "tv", "total"):  # content has one drawable point: legend only
        assert (img == COLOURS[name]).all(axis=-1).sum() > 20, name
    # style falls by equal factors: on the log scale a straight line from the plot's top-left
    # corner to its bottom-right one, so through (3/4 height, 3/4 width), right of the legend
    y, x = 6 + 3 * (200 - 12) // 4, 6 + 3 * (400 - 12) // 4
    assert (img[y - 3: y + 4, x - 3: x + 4] == COLOURS["style"]).all(axis=-1).any()
    assert not (img[20:40, 300:320] == COLOURS["style"]).all(axis=-1).any()  # not elsewhere
