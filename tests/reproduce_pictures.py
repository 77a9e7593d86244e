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


def grey(g):
    """uint8 (H, W, 3) from a float (H, W) grey picture, clipped to 0..255."""
    return np.repeat(np.clip(g, 0, 255)[:, :, None], 3, axis=2).astype(np.uint8)


def noisy_grating(angle_deg, period=8.0, size=SIZE, seed=0, amplitude=60.0, noise_std=20.0):
    """A grating under white noise: the spectrum says all there is to it (no shapes)."""
    rows, cols = np.mgrid[0:size, 0:size]
    a = np.deg2rad(angle_deg)
    g = 128 + amplitude * np.sin(2 * np.pi * (rows * np.sin(a) + cols * np.cos(a)) / period)
    return grey(g + np.random.default_rng(seed).normal(0, noise_std, (size, size)))


def oriented_texture(angle_deg, seed=0, size=SIZE, long=6.0, short=1.0):
    """White noise smoothed along one direction (sigma `long` px) and little across it (`short`),
    then turned to `angle_deg`: a texture of streaks, its own spectrum but no exact repeats."""
    from scipy.ndimage import gaussian_filter, rotate

    big = int(size * 1.5)
    g = gaussian_filter(np.random.default_rng(seed).normal(size=(big, big)), (short, long), mode="wrap")
    g = rotate(g, angle_deg, reshape=False, order=1, mode="wrap")
    o = (big - size) // 2
    g = g[o:o + size, o:o + size]
    return grey(128 + 50 * g / g.std())


def discs(size=SIZE, count=20, seed=0):
    """Light and dark discs of 3-10 px radius on grey, under a little noise: shapes."""
    rng = np.random.default_rng(seed)
    rows, cols = np.mgrid[0:size, 0:size]
    g = np.full((size, size), 128.0)
    for _ in range(count):
        y, x, r = rng.uniform(0, size), rng.uniform(0, size), rng.uniform(3, 10)
        g[(rows - y) ** 2 + (cols - x) ** 2 < r * r] = rng.choice([40.0, 220.0])
    return grey(g + rng.normal(0, 10, g.shape))


def arcs(size=SIZE, cell=16, seed=0):
    """Truchet tiles of quarter-circle arcs, each tile flipped at random: curved strokes that
    join into meandering lines (the kind of pattern conv4_1 shows)."""
    rng = np.random.default_rng(seed)
    rows, cols = np.mgrid[0:cell, 0:cell].astype(np.float64)
    g = np.full((size, size), 100.0)
    for i in range(0, size, cell):
        for j in range(0, size, cell):
            c = cell - 1 - cols if rng.integers(2) else cols
            near = np.minimum(np.abs(np.hypot(rows, c) - cell / 2),
                              np.abs(np.hypot(rows - cell + 1, c - cell + 1) - cell / 2))
            g[i:i + cell, j:j + cell][near < 2] = 230.0
    return grey(g + rng.normal(0, 10, g.shape))
