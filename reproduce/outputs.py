"""The pictures of a `make reproduce` run, `out`/<folder>/<stem>.{png,json}: written only where
their bytes change, and, for the figures made only when missing (the modern-only extras, which
no per-filter cache holds), the finished one's sidecar.

The run's one cache of work is per filter and class (common/cache.py): every blog figure and its
comparison is built again from it on every run (for the full run a few seconds), so a figure is
never out of date with its filters. A rerun that changes nothing rewrites nothing: a file is
written only when its bytes differ. A picture is finished when its PNG exists and its sidecar
reads, is of this schema and was made under this run key (the sidecar is written last, so a
picture with its sidecar is whole).
"""

import os

from common import cache as K
from common.files import update_bytes
from common.images import save_figure
from common.sidecar import Sidecar, SidecarError


class Outputs:
    """The pictures of one run (run key `key`) in `out`."""

    def __init__(self, out, key):
        self.out, self.key = out, key

    def sidecar(self, folder, stem):
        """The Sidecar of a finished picture, else None."""
        if not os.path.exists(os.path.join(self.out, folder, f"{stem}.png")):
            return None
        path = os.path.join(self.out, folder, f"{stem}.json")
        data = K.load_json(path)
        if data is None or data.get("run_key") != self.key:
            return None
        try:
            return Sidecar.from_dict(data, path)
        except SidecarError:  # another version's sidecar: made again, under this schema
            return None

    def save(self, folder, stem, img, sidecar, synthetic):
        """Write the picture (marked when synthetic) and its sidecar where their bytes change;
        (the Sidecar as written, whether a file was written)."""
        written = []

        def update(path, data):
            written.append(update_bytes(path, data))

        # what save_figure adds to the file, so that the Sidecar in memory is the one on disk
        sidecar.details.update(png=f"{stem}.png", synthetic=bool(synthetic))
        save_figure(os.path.join(self.out, folder), stem, img, sidecar, synthetic, write=update)
        return sidecar, any(written)
