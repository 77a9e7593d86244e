"""The post's claims about the first layer, read exactly from VGG16's 64 conv1_1 kernels.

The blog's objective is the mean of a channel: at conv1_1 its gradient at an interior pixel is the
kernel's mean colour, so the pictures of conv1_1 turn into flat colours and show orientation only
through the ReLU's on/off pattern. The kernels themselves say what the layer encodes:

- colour: the share of each kernel's energy in its mean colour off the grey axis
  (1, 1, 1) / sqrt(3) (its answer to a flat field of colour);
- direction: the share in a zero-mean grey pattern (an edge, blind to colour), and that
  pattern's orientation selectivity, 1 - circular variance of its responses to grey gratings at
  36 angles (every 5 degrees) at its preferred spatial frequency (D. L. Ringach, R. M. Shapley,
  M. J. Hawken, "Orientation selectivity in macaque V1: diversity and laminar dependence",
  J. Neurosci. 22, 2002: circular variance on the doubled angle). A linear 3x3 kernel is
  broadly tuned (a pure gradient reaches about 0.33, as random kernels do by chance), so the
  kernels' share of grey edges carries the claim and the selectivity is reported beside it;
- turned copies: each kernel's best cosine similarity with another once turned by 90 or 270
  degrees (exact on the 3x3 grid); 180 degrees is left apart, since an edge turned 180 degrees is
  its negative.

The null: norm-matched random kernels (Gaussian, each scaled to a real kernel's norm), the
untrained network's kernels in distribution. numpy only; kernels (3, 3, 3, 64) as keras stores
them (rows, columns, BGR input, output).
"""

import numpy as np

from reproduce.verdicts import SIGNIFICANCE, ClaimResult, binomial_tail

GRATING_ANGLES = 36  # every 5 degrees over 0-180
GRATING_FREQUENCIES = (1 / 8, 1 / 6, 1 / 4, 1 / 3, 1 / 2.5)  # cycles per pixel: a 3x3 kernel's range
NULL_DRAWS = 20  # random kernels per real kernel for the thresholds
NULL_SEED = 0


def _per_kernel(kernels):
    """(64, 3, 3, 3): one (rows, columns, colour) array per output channel."""
    return np.moveaxis(np.asarray(kernels, np.float64), -1, 0)


def colour_share(kernel):
    """Share of a (3, 3, 3) kernel's energy in its mean colour off the grey axis: what it adds
    for a flat field of colour beyond its brightness (1 for a kernel of one chromatic colour at
    every pixel, 0 for a grey or zero-mean one)."""
    k = np.asarray(kernel, np.float64)
    mean = k.mean(axis=(0, 1))  # (3,) the kernel's response to a flat field of each colour
    chroma = mean - mean.mean()  # off the grey axis (1, 1, 1) / sqrt(3)
    total = float((k ** 2).sum())
    return float(k.shape[0] * k.shape[1] * (chroma ** 2).sum() / total) if total > 0 else 0.0


def grey_pattern_share(kernel):
    """Share of a (3, 3, 3) kernel's energy in a zero-mean grey pattern (the same in every colour,
    summing to 0 over its pixels): an edge or a line, blind to colour and to flat fields."""
    k = np.asarray(kernel, np.float64)
    grey = k.sum(axis=2) / np.sqrt(3)  # projection of each pixel's colour on (1, 1, 1) / sqrt(3)
    total = float((k ** 2).sum())
    return float(((grey - grey.mean()) ** 2).sum() / total) if total > 0 else 0.0


def orientation_selectivity(kernel):
    """1 - circular variance of the grey kernel's response amplitude to gratings over
    GRATING_ANGLES angles, at the frequency of GRATING_FREQUENCIES where it responds most
    (0: the same response at every angle, 1: one angle only)."""
    g = np.asarray(kernel, np.float64).sum(axis=2)  # a grey grating meets every colour alike
    g = g - g.mean()  # a flat field has no direction
    rows, cols = np.mgrid[0:g.shape[0], 0:g.shape[1]]
    theta = np.arange(GRATING_ANGLES) * np.pi / GRATING_ANGLES
    best, selectivity = -1.0, 0.0
    for f in GRATING_FREQUENCIES:
        phase = 2 * np.pi * f * (cols[None] * np.cos(theta)[:, None, None]
                                 + rows[None] * np.sin(theta)[:, None, None])
        r = np.abs((g[None] * np.exp(-1j * phase)).sum(axis=(1, 2)))  # (angles,)
        if r.sum() > best:
            best = r.sum()
            selectivity = float(np.abs((r * np.exp(2j * theta)).sum()) / r.sum()) if r.sum() > 0 else 0.0
    return selectivity


def random_kernels(kernels, draws=NULL_DRAWS, seed=NULL_SEED):
    """(3, 3, 3, draws * n) Gaussian kernels, each scaled to the norm of one of the real ones."""
    k = _per_kernel(kernels)
    rng = np.random.default_rng(seed)
    out = rng.standard_normal((draws,) + k.shape)
    norms = np.linalg.norm(k.reshape(len(k), -1), axis=1)
    out *= (norms / np.linalg.norm(out.reshape(draws, len(k), -1), axis=2))[:, :, None, None, None]
    return np.moveaxis(out.reshape((-1,) + k.shape[1:]), 0, -1)


def turned_partner(kernels, turns=(1, 3)):
    """(n,) each kernel's best cosine similarity with another kernel once turned by
    turns x 90 degrees (turns=(0,): no turn)."""
    k = _per_kernel(kernels)
    flat = k.reshape(len(k), -1)
    flat = flat / np.maximum(np.linalg.norm(flat, axis=1, keepdims=True), 1e-300)
    best = np.full(len(k), -np.inf)
    for t in turns:
        turned = np.rot90(k, t, axes=(1, 2)).reshape(len(k), -1)
        turned = turned / np.maximum(np.linalg.norm(turned, axis=1, keepdims=True), 1e-300)
        r = turned @ flat.T
        np.fill_diagonal(r, -np.inf)
        best = np.maximum(best, r.max(axis=1))
    return best


def _above_null(measure, kernels, null):
    """(count of kernels above the null's 95th percentile, that percentile, the kernels' values)."""
    values = np.array([measure(x) for x in kernels])
    threshold = float(np.percentile([measure(x) for x in null], 95))
    return int(np.sum(values > threshold)), threshold, values


def colour_and_direction(kernels):
    k, null = _per_kernel(kernels), _per_kernel(random_kernels(kernels))
    colour, colour0, _ = _above_null(colour_share, k, null)
    grey, grey0, grey_values = _above_null(grey_pattern_share, k, null)
    select = np.array([orientation_selectivity(x) for x in k[grey_values > grey0]])
    select0 = np.median([orientation_selectivity(x) for x in null])
    n = len(k)
    p = max(binomial_tail(colour, n, 0.05), binomial_tail(grey, n, 0.05))
    return ClaimResult(
        claim="The first layers basically just encode direction and color (conv1_1 kernels)",
        value=min(colour, grey) / n, baseline=0.05, holds=bool(p < SIGNIFICANCE), n=n,
        counts={"conv1_1": n}, p=p,
        measure=f"of the {n} conv1_1 kernels, {colour} encode a colour (share of energy in their "
                f"chromatic mean colour above {colour0:.2f}, the 95th percentile of norm-matched "
                f"random kernels) and {grey} a grey edge (share in a zero-mean grey pattern above "
                f"their {grey0:.2f}), whose orientation selectivity (1 - circular variance over "
                f"{GRATING_ANGLES} grating angles) has median "
                f"{np.median(select) if len(select) else float('nan'):.2f} (random kernels "
                f"{select0:.2f}; a pure 3x3 gradient reaches about 0.33); value: the smaller "
                f"share; baseline: the random kernels' 5 %; holds when both counts beat it "
                f"(binomial p < {SIGNIFICANCE})")


def rotated_kernels(kernels):
    s90, s0 = turned_partner(kernels), turned_partner(kernels, (0,))
    null = random_kernels(kernels)
    n = s90.shape[0]
    medians = np.array([np.median(turned_partner(null[..., i * n:(i + 1) * n])) for i in range(NULL_DRAWS)])
    value, same = float(np.median(s90)), float(np.median(s0))
    base = max(float(np.percentile(medians, 95)), same)
    return ClaimResult(
        claim="A lot of these filters are identical, but rotated by 90 degrees (conv1_1 kernels)",
        value=value, baseline=base, holds=value > base, n=n, counts={"conv1_1": n},
        p=float((1 + np.sum(medians >= value)) / (1 + NULL_DRAWS)),
        measure=f"median over the {n} conv1_1 kernels of the best cosine similarity with another "
                f"kernel once turned by 90 or 270 degrees; baseline: the larger of the same with no "
                f"turn ({same:.2f}: copies that are not turned) and the 95th percentile of that "
                f"median over {NULL_DRAWS} sets of norm-matched random kernels "
                f"({np.percentile(medians, 95):.2f})")


def kernel_claims(kernels):
    """[ClaimResult] of the conv1_1 kernels (3, 3, 3, 64)."""
    return [colour_and_direction(kernels), rotated_kernels(kernels)]
