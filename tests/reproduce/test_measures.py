"""reproduce/measures.py, each measure on pictures whose answer is known: a flat colour, a
grating at a known angle, its 90-degree rotation, white noise, smoothed noise, discs and arcs
(shapes), streaked textures; and the surrogates, which must keep what they promise to keep."""

import numpy as np
import pytest
from reproduce_pictures import (
    SIZE,
    arcs,
    discs,
    flat,
    grating,
    noise,
    noisy_grating,
    oriented_texture,
    smoothed_noise,
)

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


def test_noise_has_no_orientation_no_structure_and_a_short_length():
    h = M.orientation_histogram(noise())
    assert M.dominant_share(h) < 0.3  # measured ~0.2 (uniform 0.17)
    assert abs(M.lag1_autocorrelation(noise())) < 0.05  # 64x64x3: std of the estimate ~0.01
    assert M.characteristic_length(noise()) < 4.5  # measured 3.6 px per cycle (flat spectrum)


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
    """The fault found before: with every frequency bin weighted by its power, the many
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
    assert M.dominant_share(M.orientation_histogram(line)) > 0.4  # the artefact (noise: ~0.2)
    assert not M.patterned(line) and not M.patterned(flat())
    assert M.patterned(grating(30)) and M.patterned(noise())
    assert np.isnan(M.characteristic_length(np.full((SIZE, SIZE, 3), 7, np.uint8)))


def test_phase_surrogate_keeps_the_spectrum_and_the_colour():
    rng = np.random.default_rng(0)
    img = discs()
    s = M.phase_surrogate(img, rng)
    x = img.astype(np.float64)
    # the same amplitude at every frequency (to float rounding) and the same channel means
    np.testing.assert_allclose(np.abs(np.fft.fft2(s, axes=(0, 1))), np.abs(np.fft.fft2(x, axes=(0, 1))),
                               rtol=1e-9, atol=1e-6)
    np.testing.assert_allclose(s.mean(axis=(0, 1)), x.mean(axis=(0, 1)), atol=1e-9)
    assert np.abs(s - x).mean() > 10  # but another picture


def test_oriented_beats_isotropic_surrogates_only_when_there_is_a_direction():
    rng = np.random.default_rng(0)
    assert M.oriented(noisy_grating(30), rng) and M.oriented(oriented_texture(70), rng)
    # noise, smoothed noise and discs have a scale but no direction; a flat colour has neither
    for img in (noise(), smoothed_noise(2, size=SIZE), discs(), flat()):
        assert not M.oriented(img, rng)


def test_complexity_is_low_for_flat_noise_and_gratings_high_for_shapes():
    """Measured: flat 0.01, noise -0.01, noisy grating -0.00, smoothed noise 0.01; discs 0.18,
    arcs 0.38 (surrogate sizes vary by ~1 %, so 0.05 separates them with room)."""
    rng = np.random.default_rng(0)
    for img in (flat(), noise(), noisy_grating(30), smoothed_noise(2, size=SIZE)):
        assert abs(M.complexity(img, rng)) < 0.05
    assert M.complexity(discs(), rng) > 0.1 and M.complexity(arcs(), rng) > 0.25


def test_best_partner_finds_a_turned_copy_at_90_degrees_not_at_45():
    a, b = oriented_texture(20, seed=1), oriented_texture(100, seed=2)
    spectra = [M.anisotropic_spectrum(p) for p in (a, np.rot90(a), b)]
    no_turn = M.best_partner(spectra, 0)
    at_90 = M.best_partner(spectra, M.TURN_BINS // 2)
    at_45 = M.best_partner(spectra, M.TURN_BINS // 4)
    # a and its turned copy find each other at 90 degrees (b, at 80 degrees from a, is no copy)
    assert at_90[0] > 0.9 and at_90[1] > 0.9
    assert at_90[0] > no_turn[0] + 0.3 and at_90[0] > at_45[0] + 0.3
