"""Photos as network input: bundled photos load offline, the BGR/mean conversion is exact both
ways, resizing crops to the aspect, and bad files give a one-line error naming --image."""

import imageio.v3 as iio
import numpy as np
import pytest

from common.errors import ArgumentError
from common.images import BGR_MEAN
from common.photos import load_photo, photo_input, photo_stem, resize, to_network, to_rgb_uint8


def test_bundled_photos_load_offline():
    cat = load_photo("cat")  # scikit-image's chelsea.png, package data: no download
    assert cat.shape == (300, 451, 3) and cat.dtype == np.uint8 and cat.std() > 20
    assert load_photo("coffee").shape == (400, 600, 3)


def test_network_input_is_bgr_minus_means_and_back_is_exact():
    rgb = np.zeros((2, 2, 3), np.uint8)
    rgb[0, 0] = (255, 0, 0)  # pure red
    x = to_network(rgb)
    assert x.dtype == np.float32
    # red is the network's last (R) channel: 255 - 123.68; B and G are minus their means
    np.testing.assert_allclose(x[0, 0], [-BGR_MEAN[0], -BGR_MEAN[1], 255 - BGR_MEAN[2]],
                               rtol=0, atol=1e-4)  # float32 of a 0-255 value: 1.5e-5 rounding
    photo = load_photo("cat")
    np.testing.assert_array_equal(to_rgb_uint8(to_network(photo)), photo)  # round trip, bit for bit
    assert to_rgb_uint8(np.full((1, 1, 3), 1e4, np.float32)).tolist() == [[[255, 255, 255]]]  # clipped


def test_resize_crops_to_the_aspect_deterministically():
    photo = load_photo("cat")  # 300 x 451: wider than square
    a, b = resize(photo, 64), resize(photo, 64)
    assert a.shape == (64, 64, 3) and a.dtype == np.uint8 and (a == b).all()
    assert resize(photo, (30, 40)).shape == (30, 40, 3)
    # a centre crop: the square resize of the middle 300 x 300 is the same picture
    middle = photo[:, 75:375]
    np.testing.assert_array_equal(resize(middle, 64), a)
    assert photo_input("cat", 32).shape == (32, 32, 3)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # imageio tries its DICOM plugin on junk
def test_files_grey_rgba_and_errors(tmp_path):
    grey = (np.arange(48 * 40) % 256).astype(np.uint8).reshape(48, 40)
    iio.imwrite(tmp_path / "grey.png", grey)
    rgba = np.zeros((10, 12, 4), np.uint8)
    rgba[..., 1], rgba[..., 3] = 200, 7
    iio.imwrite(tmp_path / "with alpha.png", rgba)
    g = load_photo(str(tmp_path / "grey.png"))
    assert g.shape == (48, 40, 3) and (g[..., 0] == grey).all() and (g[..., 2] == grey).all()
    a = load_photo(str(tmp_path / "with alpha.png"))
    assert a.shape == (10, 12, 3) and (a[..., 1] == 200).all()
    assert photo_stem(str(tmp_path / "with alpha.png")) == "with_alpha" and photo_stem("cat") == "cat"
    with pytest.raises(ArgumentError, match=r"^--image 'nope\.jpg': no such file.*cat"):
        load_photo("nope.jpg")
    (tmp_path / "junk.png").write_bytes(b"not a picture")
    with pytest.raises(ArgumentError, match="--image .*junk.png.*not a readable image"):
        load_photo(str(tmp_path / "junk.png"))
