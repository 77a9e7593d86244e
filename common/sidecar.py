"""The JSON sidecar beside every picture the project writes (`<stem>.json` next to `<stem>.png`):
one type, with a schema version, for the blog figures and comparisons of `make reproduce`, its
modern-only extras, and the visualize / dream / style commands.

The file is flat, as it always was: the common fields below at the top level, and beside them
whatever the figure's kind adds (`details`), so that readers of older sidecars' keys keep working.
`kind` says what the figure is; a reader asks it, never which keys happen to exist.
"""

import dataclasses
import json

from common.errors import ProjectError

SCHEMA = 1  # bump when a common field changes meaning; readers reject any other number


class SidecarError(ProjectError):
    """A sidecar that is not one this code can read (not an object, another schema version)."""


@dataclasses.dataclass
class Sidecar:
    kind: str  # "filter", "grid", "header", "overview", "class", "dream", "deep", "gradient",
    # "style", "zoom", "compare": what the picture is (the report picks its rows by it)
    figure: str  # the picture's stem
    pipeline: str | None = None  # "legacy" or "modern"; None for a comparison of both
    weights: str | None = None  # path of the weight file (None for a comparison: see weights_md5)
    weights_md5: str | dict | None = None  # md5 of that file; {pipeline: md5} for a comparison
    weights_source: str | None = None  # "imagenet", "hed-bsds500", "synthetic", ...
    synthetic_seed: int | None = None
    seed: int | None = None  # seed of the start image(s)
    steps: int | None = None
    step: float | None = None
    input_size: int | None = None
    versions: dict = dataclasses.field(default_factory=dict)  # python, tensorflow, keras, numpy
    run_key: str | None = None  # the cache key the picture was made under
    settings: str | None = None  # reproduce's run size ("full", "quick", "tiny"); None elsewhere
    seconds: float | None = None
    losses: list | dict | None = None  # per step; per cell ({"filter": [...]}) for grids
    dead: list | dict = dataclasses.field(default_factory=list)
    nonfinite: list | dict = dataclasses.field(default_factory=list)
    details: dict = dataclasses.field(default_factory=dict)  # what this kind adds

    def __post_init__(self):
        clash = set(self.details) & {"schema", *_COMMON}
        if clash:
            raise ValueError(f"sidecar details repeat common fields: {sorted(clash)}")

    def to_dict(self):
        """The flat JSON object: schema, the common fields, then the details beside them."""
        common = {f: getattr(self, f) for f in _COMMON}
        return {"schema": SCHEMA, **common, **self.details}

    def to_json(self):
        return json.dumps(self.to_dict(), indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_dict(cls, data, where="sidecar"):
        """The Sidecar of a JSON object; SidecarError (one line naming `where`) for another
        schema version or a missing kind."""
        if not isinstance(data, dict):
            raise SidecarError(f"{where}: a JSON {type(data).__name__}, expected an object")
        if data.get("schema") != SCHEMA:
            raise SidecarError(f"{where}: sidecar schema {data.get('schema')!r}, expected {SCHEMA}; "
                               f"written by another version of this project: remake the picture")
        if not isinstance(data.get("kind"), str) or not isinstance(data.get("figure"), str):
            raise SidecarError(f"{where}: sidecar without a kind or figure name; remake the picture")
        common = {k: data[k] for k in _COMMON if k in data}
        details = {k: v for k, v in data.items() if k not in _COMMON and k != "schema"}
        return cls(**common, details=details)

    @classmethod
    def of(cls, kind, figure, record):
        """The Sidecar of a flat record (what a command collected as it ran): the common fields
        taken by name, everything else its kind's details."""
        common = {k: v for k, v in record.items() if k in _COMMON and k not in ("kind", "figure")}
        details = {k: v for k, v in record.items() if k not in _COMMON and k != "schema"}
        return cls(kind=kind, figure=figure, **common, details=details)

    @classmethod
    def from_json(cls, text, where="sidecar"):
        try:
            data = json.loads(text)
        except ValueError as e:
            raise SidecarError(f"{where}: not JSON ({e})") from None
        return cls.from_dict(data, where)


_COMMON = tuple(f.name for f in dataclasses.fields(Sidecar) if f.name != "details")
