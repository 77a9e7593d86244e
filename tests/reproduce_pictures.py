"""Hand-made filter pictures whose measures are known (tests of reproduce/measures.py and
reproduce/claims.py): a flat colour, a grating at a known angle, white and smoothed noise; each
uint8 (H, W, 3)."""

import numpy as np

SIZE = 64


def grating(angle_deg, period=8.0, size=SIZE):
    """uint8 (H, W, 3) grey stripes; the wave vector at angle_deg (row axis, column axis)."""
    rows, cols = np.mgrid[0:size, 0:size]
    a = np.deg2rad(angle_deg)
    g = 128 + 100 * np.sin(2 * np.pi * (rows * np.sin(a) + cols * np.cos(a)) / period)
    return np.repeat(g[:, :, None], 3, axis=2).astype(np.uint8)


def flat(colour=(200, 40, 90)):
    rng = np.random.default_rng(1)
    img = np.broadcast_to(np.asarray(colour, np.float64), (SIZE, SIZE, 3)) + rng.normal(0, 2, (SIZE, SIZE, 3))
    return np.clip(img, 0, 255).astype(np.uint8)


def noise(seed=0, size=SIZE):
    return np.random.default_rng(seed).integers(0, 256, (size, size, 3)).astype(np.uint8)


def smoothed_noise(sigma, size=128, seed=0, amplitude=40.0):
    """uint8 grey noise smoothed by a Gaussian of `sigma` pixels (periodic, so no edge)."""
    from scipy.ndimage import gaussian_filter

    g = gaussian_filter(np.random.default_rng(seed).normal(size=(size, size)), sigma, mode="wrap")
    g = 128 + amplitude * g / g.std()
    return np.repeat(np.clip(g, 0, 255)[:, :, None], 3, axis=2).astype(np.uint8)
