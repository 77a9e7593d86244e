"""Skip-if-done for every picture of a `make reproduce` run: the blog figures of each pipeline,
their comparisons and the modern-only extras, all judged by one rule.

A picture is done when its PNG exists and its sidecar reads, is of this schema and was made
under this run key (the sidecar is written last, so a picture with its sidecar is whole), and,
when its image is needed again (a comparison is made from it), its unmarked image is in the
run's cache. A damaged sidecar or cached image is set aside with a warning (common/cache.py) and
the picture made again.
"""

import os

from common import cache as K
from common.images import save_figure
from common.sidecar import Sidecar, SidecarError


class Done:
    """The finished pictures of one run: `out`/<folder>/<stem>.{png,json}, and each picture's
    unmarked image in `cache`/figures/<folder>/<stem>.npy."""

    def __init__(self, out, cache, key):
        self.out, self.cache, self.key = out, cache, key

    def _array(self, folder, stem):
        return os.path.join(self.cache, "figures", folder, f"{stem}.npy")

    def sidecar(self, folder, stem):
        """The Sidecar of a finished picture (whatever its image), else None."""
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

    def figure(self, folder, stem):
        """(unmarked uint8 image, Sidecar) of a finished picture whose image is cached, else
        None."""
        sidecar = self.sidecar(folder, stem)
        img = None if sidecar is None else K.load_array(self._array(folder, stem))
        return None if img is None else (img, sidecar)

    def save(self, folder, stem, img, sidecar, synthetic, keep_image=True):
        """Write the picture (marked when synthetic) and its sidecar; with keep_image, its
        unmarked image to the cache first, for a rerun that reuses it."""
        if keep_image:
            K.save_array(self._array(folder, stem), img)
        # what save_figure adds to the file, so that the Sidecar in memory is the one on disk
        sidecar.details.update(png=f"{stem}.png", synthetic=bool(synthetic))
        save_figure(os.path.join(self.out, folder), stem, img, sidecar, synthetic)
        return sidecar
