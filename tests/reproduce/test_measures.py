"""reproduce/measures.py, each measure on pictures whose answer is known: a flat colour, a
grating at a known angle, its 90-degree rotation, white noise, smoothed noise."""

import numpy as np
import pytest
from reproduce_pictures import SIZE, flat, grating, noise, smoothed_noise

from reproduce import claims as K
from reproduce import measures as M


def test_flat_colour():
    # noise of std 2 on channel means 40-200 apart: nearly all variance between the means
    assert M.flat_colour_share(flat()) > 0.99
    assert M.flat_colour_share(grating(30)) < 0.01 and M.flat_colour_share(noise()) < 0.05


@pytest.mark.parametrize("angle", [0, 45, 60, 120])
def test_grating_orientation_and_its_90_degree_turn(angle):
    h = M.orientation_histogram(grating(angle))
    bin_width = 180 / M.ORIENTATION_BINS
    # the peak bin holds the angle (or its neighbour, when the angle sits on a bin edge)
    assert abs(((np.argmax(h) + 0.5) * bin_width - angle + 90) % 180 - 90) <= bin_width
    assert M.dominant_share(h) > 0.8  # nearly all power in 30 degrees; noise: ~2/12
    turned = M.orientation_histogram(np.rot90(grating(angle)))
    assert np.corrcoef(np.roll(h, M.ORIENTATION_BINS // 2), turned)[0, 1] > 0.95
    assert K.rotation_match_share(np.stack([h, turned])) == 1.0


def test_noise_has_no_orientation_no_structure_and_a_short_length():
    h = M.orientation_histogram(noise())
    assert M.dominant_share(h) < 0.3  # measured ~0.2 (uniform 0.17)
    assert abs(M.lag1_autocorrelation(noise())) < 0.05  # 64x64x3: std of the estimate ~0.01
    assert M.characteristic_length(noise()) < 4.5  # measured 3.6 px per cycle (flat spectrum)
    assert K.colour_or_direction([noise(s) for s in range(5)]) == 0.0


@pytest.mark.parametrize("period,size", [(4.0, 64), (8.0, 64), (16.0, 64), (32.0, 128)])
def test_characteristic_length_is_the_period(period, size):
    # within 15 %: the Hann window spreads the peak over neighbouring frequencies (measured:
    # 4.0, 8.0, 16.6, 33.1)
    assert M.characteristic_length(grating(30, period, size)) == pytest.approx(period, rel=0.15)


def test_characteristic_length_grows_with_the_scale_of_broadband_patterns():
    """Patterns with a spread of frequencies, of known scale: smoothed noise. Measured lengths
    for sigma 1, 2, 4, 8: 9.5, 17.4, 28.8, 52.4 px; white noise 3.9."""
    lengths = [M.characteristic_length(smoothed_noise(s)) for s in (1, 2, 4, 8)]
    assert all(a < b for a, b in zip(lengths, lengths[1:])), lengths
    assert lengths[-1] / lengths[0] > 3  # the scale grew 8x; the length at least 3x
    assert M.characteristic_length(noise(size=128)) < lengths[0] / 2


def test_a_large_motif_under_fine_texture_moves_the_length():
    """The fault found in issue 11: with every frequency bin weighted by its power, the many
    high-frequency bins of fine texture outweighed a larger motif (3.5-4.2 px at every layer).
    A period-32 grating of amplitude 20 under white noise of std 30: the old measure went from
    2.6 to 3.1 px; the radially averaged centroid goes from 3.9 to 9.1."""
    rng = np.random.default_rng(0)
    cols = np.mgrid[0:128, 0:128][1]

    def picture(amplitude):
        g = 128 + amplitude * np.sin(2 * np.pi * cols / 32) + 30 * rng.standard_normal((128, 128))
        return np.repeat(np.clip(g, 0, 255)[:, :, None], 3, axis=2).astype(np.uint8)

    assert M.characteristic_length(picture(20)) > 2 * M.characteristic_length(picture(0))


def test_flat_pictures_have_no_pattern_to_measure():
    """A flat colour with a bright line at its border (as the trained conv1_1 gives) counted as
    'oriented' before: its grey is the line. It is left out of length and orientation now."""
    line = flat()
    line[8, :] = (0, 255, 0)  # near the border (the Hann window hides the outermost row)
    assert M.dominant_share(M.orientation_histogram(line)) > M.DOMINANT_SHARE  # the artefact
    assert not M.patterned(line) and not M.patterned(flat())
    assert M.patterned(grating(30)) and M.patterned(noise())
    assert np.isnan(M.characteristic_length(np.full((SIZE, SIZE, 3), 7, np.uint8)))


def test_structure_and_shuffled_null():
    rng = np.random.default_rng(0)
    g = grating(30, period=16)
    assert M.lag1_autocorrelation(g) > 0.9
    s = M.shuffled(g, rng)
    assert sorted(s.ravel()) == sorted(g.ravel())  # the same pixel values
    assert abs(M.lag1_autocorrelation(s)) < 0.1 and M.dominant_share(M.orientation_histogram(s)) < 0.3
