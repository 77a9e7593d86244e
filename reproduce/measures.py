"""Measures of one filter picture (a uint8 (H, W, 3) image), for the claims of reproduce/claims.py:
its power spectrum and orientation histogram, its share of flat colour, its characteristic
length, its lag-1 autocorrelation, its orientation against isotropic surrogates, its complexity
against phase-randomised surrogates, and its anisotropic spectrum (what the 90-degree turn test
compares). numpy, and scipy's map_coordinates for the polar grid, imported where it is used (a
second to import: the commands' --help starts without it).

The nulls keep what a claim does not speak of and destroy what it does. A phase-randomised
surrogate (J. Theiler, S. Eubank, A. Longtin, B. Galdrikian, J. D. Farmer, "Testing for
nonlinearity in time series: the method of surrogate data", Physica D 58, 1992; one set of random
phases for every channel, as D. Prichard and J. Theiler, "Generating surrogate data for time series
with several simultaneously measured variables", Phys. Rev. Lett. 73, 1994) keeps the picture's
power spectrum, channel means and cross-spectra, and destroys every structure beyond them: a
flat colour stays flat, a grating stays a grating, white noise stays white noise. An isotropic
surrogate keeps only the radially averaged spectrum: the picture's scale without its direction.
"""

import lzma

import numpy as np

ORIENTATION_BINS = 12  # 15 degrees each, over 0-180 (a spectrum is symmetric)
MIN_RADIUS = 2  # frequencies below 2 cycles per picture are left out: they measure the window
# Spectral measures use the disc MIN_RADIUS <= radius <= side / 2: beyond side / 2 the square
# grid has frequencies only near the diagonals (its corners), which would give diagonal
# orientations extra power and short lengths extra weight.
FLAT_SHARE = 0.5  # a flat colour: at least half the variance lies between the channel means


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
    fine texture, and the length barely moves (measured before: 3.5-4.2 px at every layer)."""
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


# --- surrogates -----------------------------------------------------------------------------------

def _random_phases(shape, rng):
    """(H, W) phases of the FFT of real white noise: antisymmetric, so a spectrum multiplied by
    exp(i phases) stays the spectrum of a real picture; 0 at the mean, which keeps it."""
    phases = np.angle(np.fft.fft2(rng.standard_normal(shape)))
    phases[0, 0] = 0.0
    return phases


def phase_surrogate(img, rng):
    """float64 (H, W, C): the picture with the same random phases added to every channel's
    Fourier components (same amplitudes, hence the same power spectrum and channel means)."""
    x = np.asarray(img, np.float64)
    shift = np.exp(1j * _random_phases(x.shape[:2], rng))[:, :, None]
    return np.fft.ifft2(np.fft.fft2(x, axes=(0, 1)) * shift, axes=(0, 1)).real


def isotropic_surrogate(img, rng):
    """float64 (H, W, 1): a Gaussian random field with the picture's radially averaged amplitude
    spectrum: white noise filtered to the same scale in every direction (its power fluctuates
    from frequency to frequency as any picture's does, so its orientation shares spread as much)."""
    g = _grey(img)
    amplitude = np.abs(np.fft.fft2(g))
    radius, _ = _frequencies(g.shape)
    ring = np.fft.ifftshift(np.rint(radius).astype(int))  # unshifted, as fft2's output
    means = np.bincount(ring.ravel(), amplitude.ravel()) / np.maximum(np.bincount(ring.ravel()), 1)
    white = np.fft.fft2(rng.standard_normal(g.shape)) / np.sqrt(g.size)
    return np.fft.ifft2(means[ring] * white).real[:, :, None]


# --- direction ------------------------------------------------------------------------------------

ORIENTED_DRAWS = 19  # isotropic surrogates per picture: beating all 19 is p = 1/20 = 0.05


def oriented(img, rng, draws=ORIENTED_DRAWS):
    """Whether the picture's dominant orientation share beats that of each of `draws`
    isotropic surrogates (a one-sided surrogate test at p = 1 / (draws + 1)); a flat colour is
    never oriented (its grey is rounding)."""
    if not patterned(img):
        return False
    share = dominant_share(orientation_histogram(img))
    return all(share > dominant_share(orientation_histogram(isotropic_surrogate(img, rng)))
               for _ in range(draws))


# --- complexity -----------------------------------------------------------------------------------

COMPLEXITY_LEVELS = 4  # grey levels over +-2 std: the 8-bit noise floor does not compress
COMPLEXITY_DRAWS = 3  # surrogates per picture (their sizes vary by ~0.5 %)


def _quantised(grey, levels=COMPLEXITY_LEVELS):
    """uint8 (H, W): the grey picture in `levels` levels over its mean +- 2 std."""
    g = grey - grey.mean()
    std = g.std()
    if std == 0:
        return np.zeros(g.shape, np.uint8)
    return np.clip(np.floor((g / std + 2) / 4 * levels), 0, levels - 1).astype(np.uint8)


def _compressed_size(grey):
    return len(lzma.compress(_quantised(grey).tobytes()))


def complexity(img, rng, draws=COMPLEXITY_DRAWS):
    """1 - (compressed size of the picture) / (mean compressed size of its phase-randomised
    surrogates), on the grey picture quantised to COMPLEXITY_LEVELS levels.

    The surrogates have the picture's spectrum and nothing else, so the number is the structure
    a compressor finds beyond the spectrum: ~0 for a flat colour, white or smoothed noise and
    noisy gratings (their spectrum says all), up to ~0.4 for curved strokes, discs and other
    shapes made of phase-aligned frequencies (tests/reproduce/test_measures.py). The algorithmic
    (compression) view of complexity against a surrogate null follows Theiler et al. 1992; a
    noiseless, exactly repeating synthetic grating scores high (the compressor finds its exact
    repeats), which never happens to a picture made by gradient ascent."""
    g = _grey(img)
    if g.std() == 0:
        return 0.0
    sizes = [_compressed_size(phase_surrogate(g[:, :, None], rng)[:, :, 0]) for _ in range(draws)]
    return float(1 - _compressed_size(g) / np.mean(sizes))


# --- turned copies --------------------------------------------------------------------------------

TURN_BINS = 36  # 5-degree angle bins over 0-180: a 90-degree turn is 18 bins, 45 degrees 9


def anisotropic_spectrum(img, bins=TURN_BINS):
    """float64 (radii, bins): the log power spectrum of the grey picture (Hann window) sampled on
    a polar grid (whole radii from MIN_RADIUS to side / 2 - 2, `bins` angles over 0-180 degrees,
    bilinear), minus each ring's mean. What is left is the picture's direction at each scale: a
    turn of the picture by a multiple of 180 / bins degrees is a roll of the angle axis, the
    same interpolation for every turn (on- or off-grid), and the shared 1/f fall-off that would
    make any two textures alike is gone."""
    from scipy.ndimage import map_coordinates

    p = power_spectrum(img)
    h, w = p.shape
    radii = np.arange(MIN_RADIUS, min(h, w) // 2 - 1, dtype=np.float64)
    theta = np.arange(bins) * np.pi / bins
    rows = h // 2 + radii[:, None] * np.sin(theta)[None]  # fftshift puts frequency 0 at h // 2
    cols = w // 2 + radii[:, None] * np.cos(theta)[None]
    polar = np.log(map_coordinates(p, [rows, cols], order=1) + 1e-12 * p.max() + 1e-300)
    return polar - polar.mean(axis=1, keepdims=True)


def best_partner(spectra, turn_bins):
    """(n,) for each anisotropic spectrum, its best Pearson correlation with any other once
    turned by +-turn_bins angle bins (0: no turn): how well the picture, turned, matches the
    most similar other picture of its set, whatever their positions (a spectrum has no phase)."""
    flat = np.stack([np.asarray(s, np.float64).ravel() for s in spectra])
    flat = flat - flat.mean(axis=1, keepdims=True)
    norms = np.maximum(np.linalg.norm(flat, axis=1), 1e-300)
    best = np.full(len(flat), -np.inf)
    for turn in {turn_bins, -turn_bins}:
        turned = np.stack([np.roll(np.asarray(s, np.float64), turn, axis=1).ravel() for s in spectra])
        turned = turned - turned.mean(axis=1, keepdims=True)
        r = (turned @ flat.T) / np.outer(norms, norms)
        np.fill_diagonal(r, -np.inf)
        best = np.maximum(best, r.max(axis=1))
    return best
