"""A measured claim (ClaimResult) and the statistics the claims use: Spearman's rank correlation,
permutation p-values, the binomial tail (a sign test is its rate 1/2), a trend with depth against
the layers shuffled, and one result over several seeds. numpy only; the claims themselves are in
reproduce/claims.py (pictures), reproduce/kernels.py (conv1_1's kernels) and
reproduce/receptive.py (the effective receptive field)."""

import math
from dataclasses import asdict, dataclass, field, replace

import numpy as np

SIGNIFICANCE = 0.05
DEPTH_DRAWS = 200  # permutations of the pictures' layers for a trend with depth
POST = "the post"
SCRIPT = "the companion script"


@dataclass(frozen=True)
class ClaimResult:
    """One claim, measured. value and baseline are None where nothing could be measured."""

    claim: str  # in the post's (or the script's) words
    measure: str  # how, with the numbers per layer
    value: float | None
    baseline: float | None  # the same measure under the null (or the post's own number)
    holds: bool | None  # None: too little to measure
    n: int  # pictures (kernels, layers, filters) the value comes from
    counts: dict = field(default_factory=dict)  # {layer: how many of its pictures were used}
    p: float | None = None  # the null's share at or beyond the value, where there is one
    source: str = POST  # whose claim
    weights: str = ""  # which weights made the pictures ("" when not known: a folder)
    spread: tuple | None = None  # (lowest, highest) value over the seeds, when there were several
    seeds: int = 1  # how many seeds it was measured with (n is per seed)

    def to_json(self):
        return asdict(self)

    @classmethod
    def from_json(cls, data):
        """The ClaimResult of to_json()'s dict (its spread a JSON list again a tuple)."""
        spread = data.get("spread")
        return cls(**{**data, "spread": None if spread is None else tuple(spread)})


def _ranks(v):
    """Ranks from 0, ties sharing their mean rank."""
    v = np.asarray(v, np.float64)
    ranks = np.empty(len(v))
    ranks[np.argsort(v, kind="stable")] = np.arange(len(v))
    for value in np.unique(v):
        ranks[v == value] = ranks[v == value].mean()
    return ranks


def spearman(x, y):
    """Spearman rank correlation (ties take their mean rank); 0 when either is constant."""
    rx, ry = _ranks(x), _ranks(y)
    return float(np.corrcoef(rx, ry)[0, 1]) if np.std(rx) > 0 and np.std(ry) > 0 else 0.0


def p_value(value, null):
    """Share of the null at or above `value`, counting the value itself (never 0)."""
    return float((1 + np.sum(np.asarray(null) >= value)) / (1 + len(null)))


def binomial_tail(k, n, rate):
    """P(X >= k) for X ~ Binomial(n, rate): the chance of k or more hits when each is a
    false positive at `rate`. Summed in logs: comb(n, i) alone exceeds a float from n ~ 1030 on
    (an atlas layer has up to 512 filters, the whole atlas 4,224)."""
    if k <= 0:
        return 1.0
    if k > n or rate <= 0.0:
        return 0.0
    if rate >= 1.0:
        return 1.0
    logs = [math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * math.log(rate)
            + (n - i) * math.log1p(-rate) for i in range(k, n + 1)]
    top = max(logs)
    return min(1.0, math.exp(top) * math.fsum(math.exp(x - top) for x in logs))


def depth_trend(depths, values, rng, draws=DEPTH_DRAWS):
    """(rho, null's 95th percentile, p): Spearman correlation of each picture's layer depth with
    its value, against `draws` shufflings of the depths among the pictures."""
    depths, values = np.asarray(depths), np.asarray(values, np.float64)
    rho = spearman(depths, values)
    null = np.array([spearman(rng.permutation(depths), values) for _ in range(draws)])
    return rho, float(np.percentile(null, 95)), p_value(rho, null)


def over_seeds(results):
    """One ClaimResult from the same claim measured with several seeds: the first seed's, with
    the values' spread; it holds only if it holds with every seed (None if with none measurable)."""
    values = [r.value for r in results if r.value is not None]
    verdicts = {r.holds for r in results}
    holds = verdicts.pop() if len(verdicts) == 1 else False
    spread = (min(values), max(values)) if len(results) > 1 and values else None
    return replace(results[0], holds=holds, spread=spread, seeds=len(results))
