"""Measures of one filter picture (a uint8 (H, W, 3) image), for the claims of reproduce/claims.py:
its power spectrum and orientation histogram, its share of flat colour, its characteristic
length, its lag-1 autocorrelation, and the same picture with its pixels shuffled (the baseline
that keeps every pixel value and destroys every spatial pattern). numpy only.
"""

import numpy as np

ORIENTATION_BINS = 12  # 15 degrees each, over 0-180 (a spectrum is symmetric)
MIN_RADIUS = 2  # frequencies below 2 cycles per picture are left out: they measure the window
# Spectral measures use the disc MIN_RADIUS <= radius <= side / 2: beyond side / 2 the square
# grid has frequencies only near the diagonals (its corners), which would give diagonal
# orientations extra power and short lengths extra weight.
FLAT_SHARE = 0.5  # a flat colour: at least half the variance lies between the channel means
DOMINANT_SHARE = 0.4  # one orientation: >= 40 % of the power in two adjacent 15-degree bins
# (isotropic noise puts 2/12 = 17 % there; a grating nearly 100 %)
def _grey(img):
    """(H, W) float64: the channel mean, minus its mean."""
    g = np.asarray(img, np.float64).mean(axis=2)
    return g - g.mean()


def _frequencies(shape):
    """(radius in cycles per picture side, angle in [0, pi)) of each bin of an fftshifted
    spectrum of `shape`; the angle is that of the wave vector (row axis, column axis)."""
    h, w = shape
    fy = np.fft.fftshift(np.fft.fftfreq(h)) * h
    fx = np.fft.fftshift(np.fft.fftfreq(w)) * w
    fy, fx = np.meshgrid(fy, fx, indexing="ij")
    return np.hypot(fy, fx), np.mod(np.arctan2(fy, fx), np.pi)


def power_spectrum(img):
    """|FFT|^2 of the grey picture under a Hann window (edges would add a cross), fftshifted."""
    g = _grey(img)
    window = np.outer(np.hanning(g.shape[0]), np.hanning(g.shape[1]))
    return np.abs(np.fft.fftshift(np.fft.fft2(g * window))) ** 2


def _disc(radius):
    """The frequencies the spectral measures use: MIN_RADIUS <= radius <= side / 2."""
    return (radius >= MIN_RADIUS) & (radius <= min(radius.shape) / 2)


def orientation_histogram(img, bins=ORIENTATION_BINS):
    """Share of the spectral power per orientation bin of the wave vector (sums to 1; uniform
    for a flat picture). A grating with stripes along angle a has its power at a + 90 degrees."""
    p = power_spectrum(img)
    radius, angle = _frequencies(p.shape)
    keep = _disc(radius)
    idx = np.minimum((angle[keep] / np.pi * bins).astype(int), bins - 1)
    hist = np.bincount(idx, weights=p[keep], minlength=bins)
    total = hist.sum()
    return hist / total if total > 0 else np.full(bins, 1.0 / bins)


def dominant_share(hist):
    """The largest share of power in two adjacent orientation bins (circularly)."""
    return float(np.max(hist + np.roll(hist, -1)))


def flat_colour_share(img):
    """Share of the picture's variance that lies between its channel means (1: one flat colour,
    0: grey patterns)."""
    x = np.asarray(img, np.float64).reshape(-1, np.asarray(img).shape[2])
    total = ((x - x.mean()) ** 2).sum()
    between = (x.shape[0] * (x.mean(axis=0) - x.mean()) ** 2).sum()
    return float(between / total) if total > 0 else 1.0


def radial_spectrum(img):
    """(radii, mean power on each ring): the radially averaged power spectrum of the grey
    picture, rings of whole cycles per picture side from MIN_RADIUS to side / 2."""
    p = power_spectrum(img)
    radius, _ = _frequencies(p.shape)
    ring = np.rint(radius).astype(int)
    top = min(p.shape) // 2
    radii = np.arange(MIN_RADIUS, top + 1)
    sums = np.bincount(ring.ravel(), p.ravel(), minlength=top + 1)[radii]
    counts = np.bincount(ring.ravel(), minlength=top + 1)[radii]
    return radii, sums / counts


def characteristic_length(img):
    """Pixels per cycle at the centroid of the radially averaged power spectrum (a grating of
    period P gives about P; white noise about 4 on any side; smoothed noise grows with its
    smoothing, tests/reproduce/test_claims.py).

    Each ring counts by its mean power, not its summed power: summed over the (2 pi r) bins of
    a ring, the many high-frequency bins outweigh a larger motif whenever the picture also has
    fine texture, and the length barely moves (issue 11: 3.5-4.2 px at every layer)."""
    radii, power = radial_spectrum(img)
    total = power.sum()
    if total <= 0:
        return float("nan")  # a constant picture has no length
    side = np.sqrt(np.prod(np.asarray(img).shape[:2]))
    return float(side / ((radii * power).sum() / total))


def lag1_autocorrelation(img):
    """Mean correlation of each pixel with its right and lower neighbour, per channel (0 for
    white noise, near 1 for smooth pictures; 1 for a constant channel)."""
    x = np.asarray(img, np.float64)
    values = []
    for c in range(x.shape[2]):
        ch = x[:, :, c]
        for a, b in ((ch[:, :-1], ch[:, 1:]), (ch[:-1, :], ch[1:, :])):
            a, b = a - a.mean(), b - b.mean()
            den = np.sqrt((a * a).sum() * (b * b).sum())
            values.append(1.0 if den == 0 else float((a * b).sum() / den))
    return float(np.mean(values))


def patterned(img):
    """Whether a picture has a grey pattern to measure: not one flat colour (its grey is only
    the rounding of the colour, or a border line, and its length and orientation say nothing)."""
    return flat_colour_share(img) < FLAT_SHARE and float(_grey(img).std()) > 0


def shuffled(img, rng):
    """The picture with its pixel positions permuted (the same permutation for every channel)."""
    x = np.asarray(img)
    flat = x.reshape(-1, x.shape[2])
    return flat[rng.permutation(flat.shape[0])].reshape(x.shape)
