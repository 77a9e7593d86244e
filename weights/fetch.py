"""Checksum-verified download of the real VGG16 weights, and the Baraldi-layout file derived
from them.

keras.applications publishes VGG16's ImageNet weights (the VGG team's Caffe weights) with md5
checksums; they are downloaded from the same URLs and verified against the same checksums.
Baraldi's own 2016 file is no longer reliably hosted, so the legacy file is derived from the keras
one by exact conversion, or taken from a copy the user already has (`--baraldi PATH`).

Downloads go to a temporary name and are renamed only once the checksum matches; a mismatching
file is removed. Without network the fetch fails within seconds, pointing to `weights synth`.
"""

import hashlib
import os
import shutil
import socket
import sys
import urllib.parse
import urllib.request

from common.errors import DownloadError
from common.files import atomic_path, md5sum
from common.provenance import weights_md5  # the md5 of each file once per process
from weights.baraldi import read_baraldi
from weights.convert import convert_file, read_any
from weights.h5files import KERAS_FILENAME, KERAS_NOTOP_FILENAME
from weights.reference import is_real_vgg16

# keras.applications' VGG16 release: where it is and the md5 keras checks it against.
KERAS_URL_BASE = "https://storage.googleapis.com/tensorflow/keras-applications/vgg16/"
KERAS_MD5 = "64373286793e3c8b2b4e3219cbf3544b"  # 553,467,096 bytes
KERAS_NOTOP_MD5 = "6d6bbae143d832006294945121d1f1fc"  # 58,889,256 bytes
DOWNLOAD_TIMEOUT_S = 10.0
DEFAULT_DIR = os.path.dirname(os.path.abspath(__file__))
NO_NETWORK_HINT = (
    "without network, make a synthetic VGG16 instead: `python -m weights synth` "
    "(or put the real files in weights/ yourself)"
)


def keras_source(include_top=True):
    """(file name, url, md5) of the keras.applications VGG16 weights."""
    name = KERAS_FILENAME if include_top else KERAS_NOTOP_FILENAME
    md5 = KERAS_MD5 if include_top else KERAS_NOTOP_MD5
    return name, KERAS_URL_BASE + name, md5


def keras_cache_dir():
    """Where keras.utils.get_file keeps downloads: $KERAS_HOME/models, else ~/.keras/models."""
    return os.path.join(os.environ.get("KERAS_HOME") or os.path.expanduser("~/.keras"), "models")


def find_imagenet_keras(include_top, folders):
    """Path of a verified keras-layout ImageNet file that serves a model with or without the
    head: the full file (it serves both) before the notop one, in the order of `folders`; None
    when there is none. Verified by keras's md5 (about 1 s for the full file)."""
    # keras_source reads the md5s when called (tests point them at stand-in files)
    names = [keras_source(True)[::2]] + ([] if include_top else [keras_source(False)[::2]])
    for folder in folders:
        for name, md5 in names:
            path = os.path.join(folder, name)
            if os.path.isfile(path) and weights_md5(path) == md5:
                return path
    return None


def _check_reachable(url, timeout):
    """Fail fast (one line) when the host of `url` cannot be reached; file:// URLs always pass."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "file":
        return
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        socket.create_connection((parts.hostname, port), timeout=timeout).close()
    except OSError as e:
        raise DownloadError(f"{url}: cannot reach {parts.hostname}:{port} ({e}); {NO_NETWORK_HINT}") from None


class _Progress:
    """Told of each block downloaded, it prints `name: 35% (205/553 MB)` over one line at each
    whole 5% (or every 50 MB when the server gives no length), on stdout: stderr is for errors."""

    def __init__(self, name, total, stream=None):
        self.name, self.stream = name, stream or sys.stdout
        self.total = int(total) if total and str(total).isdigit() else None
        self.done, self.shown = 0, None

    def __call__(self, n):
        self.done += n
        mb = self.done / 1e6
        mark = int(100 * self.done / self.total) // 5 if self.total else int(mb) // 50
        if mark != self.shown:
            self.shown = mark
            text = f"{mark * 5}% ({mb:.0f}/{self.total / 1e6:.0f} MB)" if self.total else f"{mb:.0f} MB"
            self.stream.write(f"\r{self.name}: {text}")
            self.stream.flush()

    def end(self):
        """End the progress line (after the last block, or when the download fails)."""
        if self.shown is not None:
            self.stream.write("\n")
            self.stream.flush()


def download(url, dest, md5, timeout=DOWNLOAD_TIMEOUT_S):
    """Download `url` to `dest`, verified against `md5`.

    Reuses `dest` when it already has the right checksum. The download streams to a temporary
    name in the same folder, hashed on the way, and is renamed only after the checksum matched;
    otherwise it is removed. Plain urllib rather than keras.utils.get_file: a download needs no
    TensorFlow (which takes seconds to start and writes its start-up log to stderr).
    """
    if os.path.exists(dest) and md5sum(dest) == md5:
        return dest
    _check_reachable(url, timeout)
    h = hashlib.md5()
    with atomic_path(dest) as tmp:
        try:
            # timeout applies to every blocking read: a stalled transfer fails instead of hanging
            with urllib.request.urlopen(url, timeout=timeout) as response, open(tmp, "wb") as f:
                progress = _Progress(os.path.basename(dest), response.headers.get("Content-Length"))
                try:
                    for block in iter(lambda: response.read(1 << 20), b""):
                        h.update(block)
                        f.write(block)
                        progress(len(block))
                finally:
                    progress.end()
        except (OSError, ValueError) as e:  # URLError, HTTPError, timeouts are OSErrors
            raise DownloadError(f"{url}: download failed ({e}); {NO_NETWORK_HINT}") from None
        if h.hexdigest() != md5:
            raise DownloadError(
                f"{url}: checksum mismatch, expected md5 {md5}, got {h.hexdigest()}; the bad "
                f"download was removed; try again (or check the mirror)"
            )
    return dest


def fetch_keras(include_top=True, out_dir=DEFAULT_DIR, url=None, md5=None):
    """The keras.applications VGG16 file in `out_dir`, downloaded if missing; returns its path."""
    name, default_url, default_md5 = keras_source(include_top)
    return download(url or default_url, os.path.join(out_dir, name), md5 or default_md5)


def _needs_writing(path):
    """Whether fetch must (re)write `path`: False when it already holds the ImageNet VGG16 (a
    user's own Baraldi file or one derived earlier: kept as it is, nothing rewritten). A file in
    the way that is neither ours nor real is moved aside, saying so; a synthetic one (ours,
    remade by `weights synth` at will) is replaced."""
    if not os.path.exists(path):
        return True
    try:
        ws = read_any(path, include_top=False)  # the conv layers tell: ~60 MB, not 553
    except Exception:  # noqa: BLE001 - any unreadable file is moved aside, never lost
        ws = None
    if ws is not None and is_real_vgg16(ws) and not ws.synthetic:
        return False
    if ws is None or not ws.synthetic:
        aside = path + ".kept"
        n = 1
        while os.path.exists(aside):
            n += 1
            aside = f"{path}.kept{n}"
        os.replace(path, aside)
        print(f"{path} is not the ImageNet VGG16: moved aside to {aside}")
    return True


def fetch(include_top=True, out_dir=DEFAULT_DIR, baraldi=None, url=None, md5=None):
    """Both layouts of the real weights in `out_dir`; returns (legacy path, modern path).

    baraldi: a user's own copy of Baraldi's original `vgg16_weights.h5`; it is checked, copied
    in, and the keras-layout file is derived from it instead of downloaded. A file already
    holding the real weights is never rewritten: a second fetch writes nothing.
    """
    os.makedirs(out_dir, exist_ok=True)
    suffix = "" if include_top else "_notop"
    legacy_path = os.path.join(out_dir, f"vgg16_weights{suffix}.h5")
    modern_name = KERAS_FILENAME if include_top else KERAS_NOTOP_FILENAME
    modern_path = os.path.join(out_dir, modern_name)
    if baraldi is not None:
        read_baraldi(baraldi, include_top=include_top or None)  # validate before copying
        if os.path.abspath(baraldi) != os.path.abspath(legacy_path) and _needs_writing(legacy_path):
            with atomic_path(legacy_path) as tmp:
                shutil.copyfile(baraldi, tmp)
        if _needs_writing(modern_path):
            convert_file(legacy_path, modern_path, to="modern")
        return legacy_path, modern_path
    fetch_keras(include_top, out_dir, url=url, md5=md5)
    if _needs_writing(legacy_path):
        convert_file(modern_path, legacy_path, to="legacy")
    return legacy_path, modern_path
