"""The two pipelines of the reproduction, by name: the one place that imports both.

`make reproduce`, the bench and the atlas run "each pipeline" through this table, the way
keras's applications tests run one table over every model.
"""

from common.errors import ArgumentError
from legacy.visualize import PIPELINE as LEGACY
from modern.visualize import PIPELINE as MODERN

PIPELINES = {p.name: p for p in (LEGACY, MODERN)}  # legacy first: the 2016 original, then its port
NAMES = tuple(PIPELINES)


def get_pipeline(name, flag="--pipeline"):
    """The Pipeline called `name`; a one-line error naming the choices otherwise."""
    if name not in PIPELINES:
        raise ArgumentError(f"{flag} {name!r}: expected one of {', '.join(NAMES)}")
    return PIPELINES[name]
