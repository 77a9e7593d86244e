"""What one `make reproduce` run made, typed: the run's RunResult, which reproduce/run.py returns
and reproduce/report.py writes out (the rows of its tables: reproduce/rows.py)."""

import dataclasses


@dataclasses.dataclass(frozen=True)
class FigureEntry:
    """One figure made by both pipelines, and how far apart they are."""

    figure: object  # reproduce.plan.Figure
    legacy: object  # common.sidecar.Sidecar of the legacy picture
    modern: object  # and of the modern one
    mean_diff: float  # mean |legacy - modern| in grey levels
    max_diff: int
    width: int  # px at which the report shows it (the post's size: reproduce/blog_reference.py)
    likeness: tuple | None = None  # (ours, the blog's) FigureStats, where the post shows it


@dataclasses.dataclass(frozen=True)
class ExtraEntry:
    """One figure beyond the post, modern pipeline only."""

    figure: object  # reproduce.plan.Figure
    modern: object  # common.sidecar.Sidecar


@dataclasses.dataclass(frozen=True)
class RunResult:
    settings: object  # reproduce.plan.Settings
    weights: object  # weights.source.Provision: the conv figures' and the class figures' weights
    seed: int
    run_key: str
    versions: dict  # software: python, tensorflow, keras, numpy, ...
    figures: list  # [FigureEntry]: the blog's, then the methods figure
    extras: list  # [ExtraEntry]
    activations: dict  # {layer: worst relative difference legacy vs modern}
    claims: object  # reproduce.claims.ReportClaims
    seconds: float  # wall time of this run
    computed: int  # filters and classes this run computed
    reused: int  # and found in the cache
