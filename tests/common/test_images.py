"""The layout-independent image pieces against the 2016 definitions."""

import json

import imageio.v3 as iio
import numpy as np

from common.ascent import AscentResult, make_grid
from common.images import (
    DEAD_MARK,
    MISSING_CELL,
    bgr_to_rgb,
    deprocess_hwc,
    initial_image,
    mark_synthetic,
    missing_cell,
    save_figure,
    stitch,
)
from common.sidecar import SCHEMA, Sidecar


def test_initial_image_is_seeded_grey_noise():
    a, b, c = initial_image(16, 0, 0), initial_image(16, 0, 0), initial_image(16, 0, 1)
    assert a.shape == (16, 16, 3) and a.dtype == np.float32
    assert np.array_equal(a, b) and not np.array_equal(a, c)
    assert 128 <= a.min() and a.max() < 148


def test_deprocess_matches_the_2016_function():
    x = np.random.default_rng(0).normal(3, 7, (5, 6, 3))
    y = x - x.mean()
    y /= y.std() + 1e-5
    want = np.clip(np.clip(y * 0.1 + 0.5, 0, 1) * 255, 0, 255).astype("uint8")
    got = deprocess_hwc(x)
    assert got.dtype == np.uint8 and np.array_equal(got, want)
    assert abs(got.astype(float).mean() - 127.5) < 1.5  # centred on mid-grey


def test_stitch_geometry():
    imgs = [np.full((128, 128, 3), i + 1, np.uint8) for i in range(64)]
    grid = stitch(imgs, 8, 8, 5)
    assert grid.shape == (1059, 1059, 3)  # 8 * 128 + 7 * 5, as the companion script
    assert grid[0, 0, 0] == 1 and grid[0, 133, 0] == 2 and grid[130, 0, 0] == 0  # margin black
    assert grid[133 * 7, 133 * 7, 0] == 64


def test_grid_keeps_live_filters_by_loss_and_names_the_dead():
    def res(i, final, dead=False):
        return AscentResult(i, np.full((4, 4, 3), float(i)), [0.1, final], dead)

    results = [res(0, 1.0), res(1, 0.0, dead=True), res(2, 3.0), res(3, 2.0)]
    def to_hwc(x):
        return np.full((4, 4, 3), int(x[0, 0, 0]) * 10, np.uint8)

    g = make_grid(results, 2, 2, to_hwc)
    assert g.kept == [2, 3, 0] and g.dead == [1]
    assert g.image.shape == (13, 13, 3)
    assert g.image[0, 0, 0] == 20 and g.image[0, 9, 0] == 30 and g.image[9, 0, 0] == 0
    # the fourth cell marked missing (only three live filters), never a black picture
    assert np.array_equal(g.image[9:, 9:], missing_cell(4, 4)) and g.image[9:, 9:].max() > 0
    every_dead = make_grid(results[1:2], 1, 2, to_hwc).image  # every cell marked, the grid's size kept
    assert every_dead.shape == (4, 13, 3) and np.array_equal(every_dead[:, 9:], missing_cell(4, 4))


def test_a_missing_cell_is_crossed_and_labelled_where_the_label_fits():
    cell = missing_cell(128, 128)
    ground, ink = MISSING_CELL[1], MISSING_CELL[2]
    assert tuple(cell[0, 0]) == ink and tuple(cell[127, 0]) == ink and tuple(cell[64, 64]) == ink  # the cross
    assert tuple(cell[10, 64]) == ground
    label = cell[64 + 6: 64 + 19, 30:98]  # under the crossing, where the label is written
    assert (label != ground).any(axis=2).sum() > 60  # letters, not only the two diagonals' ~26 px
    small = missing_cell(16, 16)
    assert (small == ink).all(axis=2).sum() <= 2 * 16  # no room for the label: the cross alone


def test_save_figure_writes_png_and_sidecar(tmp_path):
    img = np.random.default_rng(1).integers(0, 255, (20, 30, 3), dtype=np.uint8)
    png = save_figure(str(tmp_path), "x", img, Sidecar("filter", "x", seed=4), synthetic=False)
    assert np.array_equal(iio.imread(png), img)
    meta = json.loads((tmp_path / "x.json").read_text())
    assert meta["seed"] == 4 and meta["synthetic"] is False and meta["png"] == "x.png"
    assert Sidecar.from_dict(meta).kind == "filter" and meta["schema"] == SCHEMA  # one readable type
    marked = save_figure(str(tmp_path), "y", img, Sidecar("filter", "y"), synthetic=True)
    out = iio.imread(marked)
    assert out.shape[0] > 20 and np.array_equal(out[:20], img)  # a strip added, image untouched
    assert np.array_equal(mark_synthetic(img), mark_synthetic(img))
    dead = iio.imread(save_figure(str(tmp_path), "z", img, Sidecar("filter", "z", dead=[0]), synthetic=False))
    assert dead.shape[0] > 20 and tuple(dead[-1, -1]) == DEAD_MARK[2]  # a dead filter says so
    live = iio.imread(save_figure(str(tmp_path), "g", img, Sidecar("grid", "g", dead=[3]), synthetic=False))
    assert np.array_equal(live, img)  # a grid leaves its dead filters out: no strip
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".part"] == []


def test_bgr_to_rgb_swaps_the_channels_only():
    img = np.arange(2 * 3 * 3, dtype=np.uint8).reshape(2, 3, 3)
    out = bgr_to_rgb(img)
    np.testing.assert_array_equal(out[..., 0], img[..., 2])
    np.testing.assert_array_equal(out[..., 1], img[..., 1])
    np.testing.assert_array_equal(out[..., 2], img[..., 0])
    assert out.flags.c_contiguous and np.array_equal(bgr_to_rgb(out), img)
