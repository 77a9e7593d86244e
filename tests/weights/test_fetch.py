"""The download path, exercised on files we make: a file:// origin with the right and a wrong md5,
an unreachable host, and a user's own Baraldi file. The URLs and checksums are keras's own.
The `weights fetch` command's answers to the same are in tests/test_cli_bad_inputs.py."""

import os
import pathlib
import time

import h5py
import pytest

from common.errors import DownloadError
from common.files import md5sum
from weights.fetch import KERAS_MD5, download, fetch, keras_source
from weights.h5files import BARALDI_NOTOP_FILENAME


def test_sources_are_the_ones_keras_applications_uses():
    from keras.src.applications import vgg16

    name, url, md5 = keras_source(include_top=True)
    assert url == vgg16.WEIGHTS_PATH and md5 == KERAS_MD5
    assert keras_source(include_top=False)[1] == vgg16.WEIGHTS_PATH_NO_TOP


def test_fetch_from_a_verified_origin_writes_both_layouts(synth_notop_files, tmp_path):
    src = synth_notop_files["modern"]
    legacy, modern = fetch(include_top=False, out_dir=str(tmp_path), url=pathlib.Path(src).as_uri(),
                           md5=md5sum(src))
    assert md5sum(modern) == md5sum(src)
    with h5py.File(legacy, "r") as f, h5py.File(synth_notop_files["legacy"], "r") as g:
        assert f.attrs["nb_layers"] == 31
        assert (f["layer_1/param_0"][()] == g["layer_1/param_0"][()]).all()
    # A second fetch reuses the verified file instead of downloading again.
    before = os.path.getmtime(modern)
    fetch(include_top=False, out_dir=str(tmp_path), url="http://127.0.0.1:9/never", md5=md5sum(src))
    assert os.path.getmtime(modern) == before


def test_checksum_mismatch_removes_the_download(synth_notop_files, tmp_path):
    dest = tmp_path / "w.h5"
    with pytest.raises(DownloadError, match="checksum mismatch"):
        download(pathlib.Path(synth_notop_files["modern"]).as_uri(), str(dest), "0" * 32)
    assert list(tmp_path.iterdir()) == []


def test_no_network_fails_fast_with_a_pointer_to_synth(tmp_path):
    start = time.perf_counter()
    with pytest.raises(DownloadError) as e:
        download("http://127.0.0.1:9/vgg16.h5", str(tmp_path / "w.h5"), KERAS_MD5)
    assert time.perf_counter() - start < 10
    assert "weights synth" in str(e.value) and "\n" not in str(e.value)
    assert list(tmp_path.iterdir()) == []


def test_users_own_baraldi_file(synth_notop_files, tmp_path):
    legacy, modern = fetch(include_top=False, out_dir=str(tmp_path), baraldi=synth_notop_files["legacy"])
    assert md5sum(legacy) == md5sum(synth_notop_files["legacy"])
    with h5py.File(modern, "r") as f:
        assert "block5_conv3" in f


def test_download_progress_counts_to_the_end():
    import io

    from weights.fetch import _Progress

    out = io.StringIO()
    progress = _Progress("vgg16.h5", "2000000", stream=out)
    for _ in range(20):
        progress(100_000)  # 20 blocks of 5%: one update each
    progress.end()
    shown = out.getvalue().split("\r")[1:]
    assert len(shown) == 20 and shown[0] == "vgg16.h5: 5% (0/2 MB)"
    assert shown[-1] == "vgg16.h5: 100% (2/2 MB)\n"  # end() closes the line
    unknown = io.StringIO()
    _Progress("x", None, stream=unknown)(120_000_000)
    assert unknown.getvalue() == "\rx: 120 MB"
    silent = io.StringIO()
    _Progress("x", "10", stream=silent).end()  # nothing downloaded: nothing printed
    assert silent.getvalue() == ""


def test_fetch_keeps_a_users_real_baraldi_file_and_a_second_fetch_writes_nothing(real_standins,
                                                                                 tmp_path):
    """A regression: fetch used to replace a user's own vgg16_weights.h5 with a derived file, and
    rewrite the derived file on every call."""
    import shutil

    legacy_path = tmp_path / BARALDI_NOTOP_FILENAME
    shutil.copyfile(real_standins["legacy_notop"], legacy_path)
    users = md5sum(legacy_path)
    src = real_standins["modern_notop"]
    kwargs = dict(include_top=False, out_dir=str(tmp_path), url=pathlib.Path(src).as_uri(), md5=md5sum(src))
    legacy, modern = fetch(**kwargs)
    assert md5sum(legacy) == users  # kept
    stamps = {p: os.stat(p).st_mtime_ns for p in (legacy, modern)}
    fetch(**kwargs)
    assert stamps == {p: os.stat(p).st_mtime_ns for p in (legacy, modern)}  # nothing written
    assert sorted(os.listdir(tmp_path)) == sorted([os.path.basename(legacy), os.path.basename(modern)])


def test_fetch_moves_aside_a_file_it_would_replace(real_standins, tmp_path, capsys):
    from helpers import write_handmade_baraldi

    legacy_path = tmp_path / BARALDI_NOTOP_FILENAME
    write_handmade_baraldi(legacy_path, include_top=False)  # not real, not ours: someone's file
    theirs = md5sum(legacy_path)
    src = real_standins["modern_notop"]
    legacy, _ = fetch(include_top=False, out_dir=str(tmp_path), url=pathlib.Path(src).as_uri(),
                      md5=md5sum(src))
    aside = str(legacy_path) + ".kept"
    assert md5sum(aside) == theirs and md5sum(legacy) != theirs
    assert f"moved aside to {aside}" in capsys.readouterr().out
